package org.commakit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.commakit.KitException;
import org.commakit.bench.Rehearsal;
import org.commakit.bench.RehearsalWorld;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ./kit rehearse}: the full preset end to end on a random-weight ViT-B/16 and stand-in data ({@link Rehearsal}). */
@Command(name = "rehearse", sortOptions = false, usageHelpAutoWidth = true,
        description = "Rehearse --preset full end to end at ViT-B/16 shapes: write a random-weight ViT-B/16 and a data "
                + "root of the 15 datasets in their real layouts (a few classes and images each), run every method on "
                + "the three protocols (seed 1), write the tables beside the published numbers and the plots, and "
                + "print seconds per training step, peak RSS and CPU time per method beside the dry run's estimate.")
final class RehearseCommand implements Callable<Integer> {

    @ParentCommand
    Kit kit;

    @Option(names = "--out", paramLabel = "DIR", description = "checkpoint, data root, results, tables and plots "
            + "(default: results/rehearsal, or results/rehearsal-long)")
    Path out;

    @Option(names = "--long", description = "8 classes per dataset, 4 train and 3 test images per class, 2 shots, 2 "
            + "epochs, instead of 4 classes, one image per class and split, 1 shot, 1 epoch")
    boolean longMode;

    @Option(names = "--verbose", description = "print the trainer's progress lines")
    boolean verbose;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @Override
    public Integer call() throws IOException {
        RehearsalWorld.Scale scale = longMode ? RehearsalWorld.LONG : RehearsalWorld.DEFAULT;
        Path folder = out != null ? out : Path.of("results", longMode ? "rehearsal-long" : "rehearsal");
        if (Files.exists(folder) && !Files.isDirectory(folder)) {
            throw new KitException("--out " + folder + " is a file, not a folder; give a folder for the rehearsal (it "
                    + "is created when missing)");
        }
        Rehearsal.run(folder, scale, verbose, kit.out);
        return 0;
    }
}
