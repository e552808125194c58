package org.commakit.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.Assumptions;

/**
 * A small tmpfs mounted for a test, to fill up: a real full disk ("No space left on device" from the kernel), not a
 * simulated one. Needs root (or CAP_SYS_ADMIN); without it the test is skipped (an assumption).
 */
final class Tmpfs implements AutoCloseable {
    private final Path dir;
    private final Path filler;

    private Tmpfs(Path dir) {
        this.dir = dir;
        this.filler = dir.resolve(".filler");
    }

    /** Mounts a tmpfs of {@code size} (e.g. "2m") on {@code dir}, created if missing. */
    static Tmpfs mount(Path dir, String size) throws IOException {
        Files.createDirectories(dir);
        int status = ReadOnly.run("mount", "-t", "tmpfs", "-o", "size=" + size, "tmpfs", dir.toString());
        Assumptions.assumeTrue(status == 0, "cannot mount a tmpfs on " + dir + " (needs root): the full-disk case is "
                + "skipped");
        return new Tmpfs(dir);
    }

    Path dir() {
        return dir;
    }

    /** Grows a filler file until at most {@code leave} bytes are free. */
    void fill(long leave) throws IOException {
        byte[] chunk = new byte[4096];
        try (OutputStream out = Files.newOutputStream(filler, StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
            while (Files.getFileStore(dir).getUsableSpace() > leave) {
                out.write(chunk);
                out.flush();
            }
        } catch (IOException e) {
            // full: as wanted
        }
    }

    /** Frees the space the filler took. */
    void unfill() throws IOException {
        Files.deleteIfExists(filler);
    }

    @Override
    public void close() {
        ReadOnly.run("umount", "-l", dir.toString());
    }
}
