package org.commakit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.commakit.KitException;
import org.commakit.protocol.PromptSides;
import org.commakit.protocol.Preset;
import org.commakit.protocol.Protocol;
import org.commakit.train.Method;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ./kit sides}: which side of the cross-dataset prompts a transfer change comes from ({@link PromptSides}). */
@Command(name = "sides", sortOptions = false, usageHelpAutoWidth = true,
        description = "The prompts a reproduce run trained, tested per dataset with only their image side or only "
                + "their text side, beside zero-shot CLIP and the learner as trained.")
final class SidesCommand implements Callable<Integer> {

    @ParentCommand
    Kit kit;

    @Option(names = "--run", required = true, paramLabel = "DIR", description = "a ./kit reproduce results folder "
            + "with the protocol's checkpoints (e.g. results/mini-papers)")
    Path run;

    @Option(names = "--protocol", defaultValue = "xd", paramLabel = "xd|base2new", description = "whose prompts: "
            + "the cross-dataset ones (tested on the source, the targets and the variants) or the base-to-new ones "
            + "(tested on each dataset's base and new classes) (default: ${DEFAULT-VALUE})")
    String protocol;

    @Option(names = "--preset", paramLabel = "mini|full", description = "default: -Dcomma.preset / COMMA_PRESET, else mini")
    String preset;

    @Option(names = "--methods", defaultValue = "CoOp,MaPLe,COMMA", paramLabel = "A,...", description = "CoOp, MaPLe and/or COMMA "
            + "(default: ${DEFAULT-VALUE})")
    String methods;

    @Option(names = "--seeds", defaultValue = "1,2,3", paramLabel = "1,2,3", description = "seeds to average (default: "
            + "${DEFAULT-VALUE})")
    String seeds;

    @Option(names = "--csv", paramLabel = "FILE", description = "also write the table as CSV (the form a recorded run "
            + "keeps in tables/sides-<protocol>.csv)")
    Path csv;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @Override
    public Integer call() {
        if (!Files.isDirectory(run)) {
            throw new KitException("--run " + run + " is not a folder; give the results folder of ./kit reproduce "
                    + "(its --out, e.g. results/mini-papers)");
        }
        Preset p = preset == null ? Preset.current() : Preset.of(preset);
        List<Method> chosen = ReproduceCommand.split(methods).stream().map(Method::of).toList();
        List<Integer> seedList = ReproduceCommand.seeds(seeds);
        Protocol chosenProtocol = switch (protocol) {
            case "xd" -> Protocol.CROSS_DATASET;
            case "base2new" -> Protocol.BASE_TO_NEW;
            case "dg" -> Protocol.DOMAIN_GENERALIZATION;
            default -> throw new KitException("--protocol " + protocol + " is not known; use xd or base2new");
        };
        if (chosenProtocol == Protocol.DOMAIN_GENERALIZATION) {
            throw new KitException("--protocol dg: the domain-generalization variants are tested with the cross-dataset "
                    + "prompts; use --protocol xd (its table has the variants) or base2new");
        }
        int datasets = chosenProtocol == Protocol.BASE_TO_NEW ? p.datasets().baseToNew().size()
                : 1 + p.datasets().crossDatasetTargets().size() + p.datasets().domainShiftTargets().size();
        kit.out.printf("prompt sides: %s, %s, %s, seeds %s, %d datasets%n", run, chosenProtocol.id(), chosen.stream().map(Method::id).toList(),
                seedList, datasets);
        var table = PromptSides.measure(p, run, chosenProtocol, chosen, seedList,
                done -> kit.out.printf("  %d/%d datasets%n", done, datasets));
        kit.out.println(table.printAll());
        if (csv != null) {
            try {
                if (csv.toAbsolutePath().getParent() != null) {
                    Files.createDirectories(csv.toAbsolutePath().getParent());
                }
                table.write().csv(csv.toFile());
            } catch (java.io.IOException | RuntimeException e) {
                throw new KitException("cannot write --csv " + csv + " (" + KitException.reason(e) + "); give a "
                        + "writable file path", e);
            }
            kit.out.println("wrote " + csv);
        }
        return 0;
    }
}
