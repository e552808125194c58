package org.commakit.cli;

import java.util.List;
import java.util.concurrent.Callable;
import org.commakit.KitException;
import org.commakit.protocol.Preset;
import org.commakit.protocol.Probe;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;
import tech.tablesaw.api.Table;

/** {@code ./kit probe}: a few-shot linear probe from zero-shot per dataset ({@link Probe}). */
@Command(name = "probe", sortOptions = false, usageHelpAutoWidth = true,
        description = "Few-shot linear probe vs zero-shot on base classes: what the frozen image features leave a prompt "
                + "learner to gain.")
final class ProbeCommand implements Callable<Integer> {

    @ParentCommand
    Kit kit;

    @Option(names = "--preset", paramLabel = "mini|full", description = "default: -Dcomma.preset / COMMA_PRESET, else mini")
    String preset;

    @Option(names = "--datasets", paramLabel = "A,...", description = "base-to-new datasets to probe (default: all of "
            + "the preset)")
    String datasets;

    @Option(names = "--shots", defaultValue = "16", description = "images per class in the train set (default: "
            + "${DEFAULT-VALUE})")
    int shots;

    @Option(names = "--seed", defaultValue = "1", description = "few-shot sampling seed (default: ${DEFAULT-VALUE})")
    int seed;

    @Option(names = "--steps", defaultValue = "500", description = "full-batch gradient steps (default: "
            + "${DEFAULT-VALUE})")
    int steps;

    @Option(names = "--lr", defaultValue = "0.5", description = "step size (default: ${DEFAULT-VALUE})")
    float lr;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @Override
    public Integer call() {
        Preset p = preset == null ? Preset.current() : Preset.of(preset);
        List<String> all = p.datasets().baseToNew();
        List<String> chosen = datasets == null ? all : ReproduceCommand.split(datasets);
        for (String d : chosen) {
            if (!all.contains(d)) {
                throw new KitException("--datasets: '" + d + "' is not a base-to-new dataset of the " + p.id()
                        + " preset; choose from " + String.join(",", all));
            }
        }
        if (shots < 1 || seed < 0 || steps < 0 || !(lr > 0) || Float.isInfinite(lr)) {
            throw new KitException("--shots must be at least 1, --seed and --steps at least 0, --lr a positive number; "
                    + "got --shots " + shots + " --seed " + seed + " --steps " + steps + " --lr " + lr);
        }
        Table t = Probe.probe(p, chosen, shots, seed, steps, lr, kit.out);
        kit.out.println(t.printAll());
        return 0;
    }
}
