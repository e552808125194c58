package org.commakit.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.commakit.KitException;
import org.commakit.data.DataRoot;
import org.commakit.data.DataRootCheck;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code ./kit data check [root]}: the data root's datasets against the papers' sizes ({@link DataRootCheck}). */
@Command(name = "data", description = "Check the real datasets.", subcommands = DataCommand.Check.class,
        synopsisSubcommandLabel = "check")
final class DataCommand implements Runnable {

    @ParentCommand
    Kit kit;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(kit.out);
    }

    @Command(name = "check", usageHelpAutoWidth = true, description = "Validate a data root: per-dataset classes and "
            + "split sizes beside the papers'. Exit status 2 when a present dataset is not as expected (or the root "
            + "is missing).")
    static final class Check implements Callable<Integer> {
        @ParentCommand
        DataCommand data;

        @Parameters(arity = "0..1", paramLabel = "ROOT", description = "the data root (default: -Dcomma.data / "
                + "COMMA_DATA)")
        Path root;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
        boolean help;

        @Override
        public Integer call() {
            Path r = root != null ? root : DataRoot.get();
            if (!Files.isDirectory(r)) {
                throw new KitException("data root " + r + (Files.exists(r) ? " is a file, not a folder" : " does not "
                        + "exist") + "; give the folder that holds the datasets, or download them with "
                        + "data-scripts/all.sh");
            }
            int bad = DataRootCheck.report(r, data.kit.out);
            if (bad > 0) {
                data.kit.err.println("kit data check: " + bad + " dataset(s) under " + r + " are present but not as "
                        + "expected (the lines marked MISMATCH, DIFFERS or ERROR above); download them again with the "
                        + "data-script each line names");
                return Kit.USER_ERROR;
            }
            return 0;
        }
    }
}
