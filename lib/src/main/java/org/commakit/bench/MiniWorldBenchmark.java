package org.commakit.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.commakit.data.mini.MiniCaptions;
import org.commakit.data.mini.MiniWorld;

/**
 * Times the mini world: full generation from a cold JVM (images, index files and the BPE vocabulary) into a fresh
 * temporary folder, then the caption corpus's throughput.
 *
 * <p>{@code java org.commakit.bench.MiniWorldBenchmark [--threads N] [--seed S] [--keep]}. Figures depend on how busy
 * the machine is; the command prints the number of processors it saw.
 */
public final class MiniWorldBenchmark {
    private MiniWorldBenchmark() {}

    public static void main(String[] args) throws IOException {
        int threads = Runtime.getRuntime().availableProcessors();
        long seed = MiniWorld.DEFAULT_SEED;
        boolean keep = false;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                case "--seed" -> seed = Long.parseLong(args[++i]);
                case "--keep" -> keep = true;
                default -> throw new IllegalArgumentException("unknown argument " + args[i]
                        + "; usage: MiniWorldBenchmark [--threads N] [--seed S] [--keep]");
            }
        }
        Path root = Files.createTempDirectory("mini-world-bench");
        MiniWorld.Summary s = MiniWorld.generate(root, seed, new MiniWorld.Options(1.0, threads, null));
        int images = s.counts().stream().mapToInt(MiniWorld.Counts::total).sum();
        System.out.printf("processors %d, threads %d%n", Runtime.getRuntime().availableProcessors(), threads);
        System.out.printf("generate: %d images, %d files, %.2f MB of file bytes, %.1f s (cold JVM, includes the BPE "
                + "vocabulary)%n", images, s.files(), s.bytes() / 1e6, s.seconds());

        MiniCaptions captions = new MiniCaptions(MiniCaptions.DEFAULT_SEED);
        captions.batch(0, 512); // warm-up
        long t0 = System.nanoTime();
        int n = 4096;
        captions.batch(1, n);
        double perPair = (System.nanoTime() - t0) / 1e6 / n;
        System.out.printf("captions: %.3f ms per (image, caption) pair on one thread (%.0f pairs/s)%n", perPair,
                1000 / perPair);
        if (keep) {
            System.out.println("world kept in " + root);
        } else {
            try (Stream<Path> walk = Files.walk(root)) {
                for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                    Files.delete(p);
                }
            }
        }
    }
}
