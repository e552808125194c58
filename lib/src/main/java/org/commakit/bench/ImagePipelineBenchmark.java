package org.commakit.bench;

import ai.djl.ndarray.NDManager;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.commakit.clip.ImagePreprocess;
import org.commakit.data.Datum;
import org.commakit.data.Batch;
import org.commakit.data.DatasetBatches;

/**
 * {@code ./kit bench pipeline [--images N] [--size S] [--batch B] [--threads 1,2] [--epochs E]}: images per second of
 * the image pipeline ({@link DatasetBatches}: JPEG decoding, CLIP's train or test transform, batch NDArray) on
 * synthetic 500x375 JPEGs (shapes and noise, so they compress like photos), per number of loader threads. One warm-up
 * epoch, then the best of E timed epochs. Figures depend on the machine and how busy it is; the command prints the
 * number of processors it saw.
 */
public final class ImagePipelineBenchmark {
    private ImagePipelineBenchmark() {}

    /**
     * Writes {@code count} JPEGs, then times the train and test pipelines to {@code size} px in batches of
     * {@code batch} with each number of loader {@code threads}: the best of {@code epochs} epochs after a warm-up.
     */
    public static void run(int count, int size, int batch, int epochs, int[] threads, PrintStream out)
            throws IOException {
        Path dir = Files.createTempDirectory("kit-pipeline-bench");
        try {
            List<Datum> data = writeJpegs(dir, count);
            long bytes = 0;
            for (Datum d : data) {
                bytes += Files.size(d.impath());
            }
            out.printf("%d synthetic 500x375 JPEGs (mean %.0f kB) -> %dx%d, batch %d, %d processors, best of %d "
                    + "epochs after one warm-up%n", count, bytes / 1024.0 / count, size, size, batch,
                    Runtime.getRuntime().availableProcessors(), epochs);
            out.printf("%-10s %8s %12s %16s%n", "transform", "threads", "images/s", "ms/image/thread");
            ImagePreprocess preprocess = new ImagePreprocess(size);
            for (boolean train : new boolean[] {true, false}) {
                for (int t : threads) {
                    double best = 0;
                    try (DatasetBatches loader = (train ? DatasetBatches.train(data, preprocess, batch, 1)
                            : DatasetBatches.test(data, preprocess, batch)).classes(10).threads(t);
                            NDManager manager = NDManager.newBaseManager()) {
                        for (int epoch = 0; epoch <= epochs; epoch++) { // epoch 0 warms up the JIT
                            long start = System.nanoTime();
                            int images = 0;
                            for (Batch b : loader.epoch(epoch, manager)) {
                                images += b.labels().length;
                                b.images().close();
                            }
                            double perSecond = images / ((System.nanoTime() - start) / 1e9);
                            if (epoch > 0) {
                                best = Math.max(best, perSecond);
                            }
                        }
                    }
                    out.printf("%-10s %8d %12.1f %16.2f%n", train ? "train" : "test", t, best, 1000.0 * t / best);
                }
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** Photo-like JPEGs: a background, 40 random ellipses and lines, then per-pixel noise. */
    static List<Datum> writeJpegs(Path dir, int count) throws IOException {
        SplittableRandom rng = new SplittableRandom(42);
        List<Datum> data = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            BufferedImage image = new BufferedImage(500, 375, BufferedImage.TYPE_3BYTE_BGR);
            Graphics2D g = image.createGraphics();
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setColor(new Color(rng.nextInt(1 << 24)));
            g.fillRect(0, 0, 500, 375);
            for (int s = 0; s < 40; s++) {
                g.setColor(new Color(rng.nextInt(1 << 24)));
                g.setStroke(new BasicStroke(1 + rng.nextInt(6)));
                int x = rng.nextInt(500);
                int y = rng.nextInt(375);
                if (s % 2 == 0) {
                    g.fillOval(x, y, 10 + rng.nextInt(150), 10 + rng.nextInt(150));
                } else {
                    g.drawLine(x, y, rng.nextInt(500), rng.nextInt(375));
                }
            }
            g.dispose();
            for (int y = 0; y < 375; y++) {
                for (int x = 0; x < 500; x++) {
                    int rgb = image.getRGB(x, y);
                    int n = rng.nextInt(-6, 7);
                    image.setRGB(x, y, clamp((rgb >> 16 & 255) + n) << 16 | clamp((rgb >> 8 & 255) + n) << 8
                            | clamp((rgb & 255) + n));
                }
            }
            Path file = dir.resolve(String.format("synthetic_%04d.jpg", i));
            ImageIO.write(image, "jpg", file.toFile());
            data.add(new Datum(file, i % 10, "class_" + i % 10));
        }
        return data;
    }

    private static int clamp(int v) {
        return Math.max(0, Math.min(255, v));
    }
}
