package org.commakit.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;
import org.junit.jupiter.api.Assumptions;

/**
 * Makes a folder read-only for a test: {@code chmod a-w} for a normal user; as root, whom permission bits do not stop,
 * a read-only bind mount of the folder onto itself. Skips the test (an assumption) when neither works.
 */
final class ReadOnly implements AutoCloseable {
    private final Runnable undo;

    private ReadOnly(Runnable undo) {
        this.undo = undo;
    }

    static ReadOnly of(Path dir) throws IOException {
        Set<PosixFilePermission> before = Files.getPosixFilePermissions(dir);
        Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("r-xr-xr-x"));
        if (!writable(dir)) {
            return new ReadOnly(() -> restore(dir, before));
        }
        restore(dir, before);
        if (run("mount", "--bind", dir.toString(), dir.toString()) == 0) {
            if (run("mount", "-o", "remount,bind,ro", dir.toString()) == 0 && !writable(dir)) {
                return new ReadOnly(() -> run("umount", dir.toString()));
            }
            run("umount", dir.toString());
        }
        Assumptions.abort("cannot make " + dir + " read-only: chmod does not stop this user and mount is not allowed");
        throw new IllegalStateException("unreachable");
    }

    static boolean writable(Path dir) {
        try {
            Files.delete(Files.createTempFile(dir, "probe", ".probe"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void restore(Path dir, Set<PosixFilePermission> permissions) {
        try {
            Files.setPosixFilePermissions(dir, permissions);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Runs a command; its exit status (-1 when it cannot start). */
    static int run(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
            return p.waitFor();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    @Override
    public void close() {
        undo.run();
    }
}
