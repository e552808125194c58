package org.commakit.it;

import java.nio.file.Path;
import org.commakit.protocol.Preset;
import org.commakit.protocol.ReproduceOptions;
import org.commakit.protocol.RunFolder;

/**
 * A second process for {@link BadInputProcessTest}: claims shard 0/1 of the output folder given as the argument, as
 * a running {@code ./kit reproduce} does, prints "claimed", and holds it until its stdin closes.
 */
public final class RunFolderHolder {
    private RunFolderHolder() {}

    public static void main(String[] args) throws Exception {
        ReproduceOptions options = ReproduceOptions.builder(Preset.MINI).out(Path.of(args[0])).build();
        try (RunFolder held = RunFolder.claim(options)) {
            System.out.println("claimed");
            System.out.flush();
            while (System.in.read() >= 0) {
                // hold until the test closes our stdin
            }
        }
    }
}
