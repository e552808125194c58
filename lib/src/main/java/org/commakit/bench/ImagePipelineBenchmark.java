package org.commakit.bench;

import ai.djl.ndarray.NDManager;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import com.sun.management.OperatingSystemMXBean;
import org.commakit.KitException;
import org.commakit.clip.ImagePreprocess;
import org.commakit.data.Datum;
import org.commakit.data.Batch;
import org.commakit.data.DatasetBatches;

/**
 * {@code ./kit bench pipeline [--images N] [--size S] [--batch B] [--threads 1,2] [--epochs E] [--python P]}: images
 * per second of the image pipeline ({@link DatasetBatches}: JPEG decoding, CLIP's train or test transform, batch
 * NDArray) on synthetic 500x375 JPEGs (shapes and noise, so they compress like photos), per number of loader threads,
 * beside the same work done by Pillow + torchvision in a torch DataLoader with as many worker processes, measured in
 * the same run on the same files when the Python has them (docs/image-decoding.md#speed). One warm-up epoch, then
 * the best of E timed epochs. Besides wall-clock rates it prints images per CPU-second (the JVM's process CPU time;
 * the loader threads' and consumer's CPU time; Pillow's main process and workers), which a busy machine changes far
 * less, and the kit/Pillow ratio of those.
 */
public final class ImagePipelineBenchmark {
    private ImagePipelineBenchmark() {}

    /** The Python the comparison runs with unless told. */
    public static final String DEFAULT_PYTHON = "/usr/bin/python3";

    /** One timed setting: best images/s by wall clock, and best images per CPU-second (process; threads). */
    record Rate(double wall, double perProcessCpu, double perThreadCpu) {}

    /**
     * Writes {@code count} JPEGs, then times the train and test pipelines to {@code size} px in batches of
     * {@code batch} with each number of loader {@code threads}: the best of {@code epochs} epochs after a warm-up;
     * then the same with Pillow + torchvision run by {@code python} (null: not compared).
     */
    public static void run(int count, int size, int batch, int epochs, int[] threads, String python, PrintStream out)
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
            Map<String, Rate> kit = new LinkedHashMap<>();
            ImagePreprocess preprocess = new ImagePreprocess(size);
            for (boolean train : new boolean[] {true, false}) {
                for (int t : threads) {
                    kit.put((train ? "train " : "test ") + t, time(data, preprocess, train, batch, t, epochs));
                }
            }
            String why = python == null ? "--python none" : null;
            Map<String, double[]> pillow = new LinkedHashMap<>();
            if (why == null) {
                why = pillow(python, dir, size, batch, epochs, threads, pillow);
            }
            out.println("per CPU-second: images / CPU seconds of the JVM process (proc) or of the loader threads and "
                    + "the consumer (thr); Pillow: its main process and DataLoader workers");
            out.printf("%-9s %7s %10s %12s %11s %12s %14s %18s%n", "transform", "threads", "kit img/s",
                    "kit img/CPU-s", "(thr)", "Pillow img/s", "Pillow img/CPU-s", "kit/Pillow CPU-s");
            kit.forEach((key, r) -> {
                String[] k = key.split(" ");
                double[] p = pillow.get(key);
                out.printf("%-9s %7s %10.1f %12.1f %11.1f %12s %14s %18s%n", k[0], k[1], r.wall(), r.perProcessCpu(),
                        r.perThreadCpu(), p == null ? "-" : String.format("%.1f", p[0]),
                        p == null ? "-" : String.format("%.1f", p[1]), p == null || p[1] <= 0 ? "-"
                                : String.format("%.2f (thr %.2f)", r.perProcessCpu() / p[1],
                                        r.perThreadCpu() / p[1]));
            });
            if (why != null) {
                out.println("Pillow + torchvision: skipped (" + why + ")");
            } else {
                out.println("Pillow + torchvision: " + python + ", DataLoader with <threads> worker processes over "
                        + "the same files (kit/Pillow: the kit's images per process CPU-second over Pillow's)");
            }
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    private static Rate time(List<Datum> data, ImagePreprocess preprocess, boolean train, int batch, int threads,
            int epochs) {
        OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        ThreadMXBean mx = ManagementFactory.getThreadMXBean();
        double wall = 0;
        double perProcess = 0;
        double perThread = 0;
        try (DatasetBatches loader = (train ? DatasetBatches.train(data, preprocess, batch, 1)
                : DatasetBatches.test(data, preprocess, batch)).classes(10).threads(threads);
                NDManager manager = NDManager.newBaseManager()) {
            for (int epoch = 0; epoch <= epochs; epoch++) { // epoch 0 warms up the JIT
                long threadCpu0 = loaderCpu(mx);
                long cpu0 = os.getProcessCpuTime();
                long start = System.nanoTime();
                int images = 0;
                for (Batch b : loader.epoch(epoch, manager)) {
                    images += b.labels().length;
                    b.images().close();
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                double cpu = (os.getProcessCpuTime() - cpu0) / 1e9;
                double threadCpu = (loaderCpu(mx) - threadCpu0) / 1e9;
                if (epoch > 0) {
                    wall = Math.max(wall, images / seconds);
                    perProcess = Math.max(perProcess, cpu > 0 ? images / cpu : 0);
                    perThread = Math.max(perThread, threadCpu > 0 ? images / threadCpu : 0);
                }
            }
        }
        return new Rate(wall, perProcess, perThread);
    }

    /** CPU nanoseconds of the decoding threads and this (the consumer's) thread so far. */
    private static long loaderCpu(ThreadMXBean mx) {
        long sum = mx.getCurrentThreadCpuTime();
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.getName().equals("kit-decode")) {
                sum += Math.max(0, mx.getThreadCpuTime(t.getId()));
            }
        }
        return sum;
    }

    /**
     * Runs the Pillow + torchvision pipeline (pillow_pipeline.py beside this class) on the JPEGs of {@code dir};
     * fills {@code rates} ("train 1" -> {images/s, images per CPU-second}). Returns why it was skipped, or null.
     */
    static String pillow(String python, Path dir, int size, int batch, int epochs, int[] threads,
            Map<String, double[]> rates) throws IOException {
        try {
            Process check = new ProcessBuilder(python, "-c", "import torch, torchvision, PIL")
                    .redirectErrorStream(true).start();
            check.getInputStream().readAllBytes();
            if (check.waitFor() != 0) {
                return python + " lacks torch, torchvision or Pillow";
            }
        } catch (IOException e) {
            return python + " cannot be run: " + KitException.reason(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        Path script = dir.resolveSibling(dir.getFileName() + "-pillow_pipeline.py");
        try (InputStream in = ImagePipelineBenchmark.class.getResourceAsStream("pillow_pipeline.py")) {
            Files.write(script, in.readAllBytes());
        }
        try {
            Process p = new ProcessBuilder(python, script.toString(), dir.toString(), String.valueOf(size),
                    String.valueOf(batch), String.valueOf(epochs), Arrays.stream(threads).mapToObj(String::valueOf)
                            .collect(Collectors.joining(","))).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            if (p.waitFor() != 0) {
                return "it failed: " + output.strip().lines().reduce((a, b) -> b).orElse("no output");
            }
            for (String line : output.lines().toList()) {
                String[] f = line.trim().split(" +");
                if (f.length == 5 && f[0].equals("pillow")) {
                    rates.put(f[1] + " " + f[2], new double[] {Double.parseDouble(f[3]), Double.parseDouble(f[4])});
                }
            }
            return rates.isEmpty() ? "it printed no rates" : null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        } finally {
            Files.deleteIfExists(script);
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
