package org.commakit.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.commakit.miniworld.MiniCaptions;
import org.commakit.miniworld.MiniWorld;

/**
 * Times the mini world: full generation from a cold JVM (images, index files and the BPE vocabulary) into a fresh
 * temporary folder, then the caption corpus's throughput.
 *
 * <p>{@code ./kit bench mini [--threads N] [--seed S] [--keep]}. Figures depend on how busy
 * the machine is; the command prints the number of processors it saw.
 */
public final class MiniWorldBenchmark {
    private MiniWorldBenchmark() {}

    /** Generates a world with {@code seed} on {@code threads} threads, times it and the caption corpus. */
    public static void run(int threads, long seed, boolean keep, PrintStream out) throws IOException {
        Path root = Files.createTempDirectory("mini-world-bench");
        MiniWorld.Summary s = MiniWorld.generate(root, seed, new MiniWorld.Options(1.0, threads, null));
        int images = s.counts().stream().mapToInt(MiniWorld.Counts::total).sum();
        out.printf("processors %d, threads %d%n", Runtime.getRuntime().availableProcessors(), threads);
        out.printf("generate: %d images, %d files, %.2f MB of file bytes, %.1f s (cold JVM, includes the BPE "
                + "vocabulary)%n", images, s.files(), s.bytes() / 1e6, s.seconds());

        MiniCaptions captions = new MiniCaptions(MiniCaptions.DEFAULT_SEED);
        captions.batch(0, 512); // warm-up
        long t0 = System.nanoTime();
        int n = 4096;
        captions.batch(1, n);
        double perPair = (System.nanoTime() - t0) / 1e6 / n;
        out.printf("captions: %.3f ms per (image, caption) pair on one thread (%.0f pairs/s)%n", perPair,
                1000 / perPair);
        if (keep) {
            out.println("world kept in " + root);
        } else {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
