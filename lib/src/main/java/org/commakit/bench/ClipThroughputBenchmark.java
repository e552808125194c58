package org.commakit.bench;

import ai.djl.Device;
import java.io.PrintStream;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipConfig;
import org.commakit.clip.ClipWeights;
import org.commakit.clip.Precision;

/**
 * Image- and text-encode throughput of a ViT-B/16-shaped CLIP with random weights (no download needed).
 *
 * <p>{@code ./kit bench clip [--batch 32] [--iters 3]}; prints images/s and texts/s with the thread count.
 */
public final class ClipThroughputBenchmark {
    private ClipThroughputBenchmark() {}

    /** Encodes {@code iters} batches of random images and of prompts after a warm-up; prints the rates to {@code out}. */
    public static void run(int batch, int iters, PrintStream out) {
        ClipConfig vitB16 = new ClipConfig(512, 224, 16, 768, 12, 12, 77, 49408, 512, 12, 8);
        Device device = Engine.getInstance().defaultDevice();
        DataType type = Precision.defaultFor(device);
        out.printf("CLIP ViT-B/16 shapes, random weights, %s %s, batch %d, libtorch threads: intra-op %s,"
                        + " inter-op %s%n", device, type, batch,
                System.getProperty("ai.djl.pytorch.num_threads", "default"),
                System.getProperty("ai.djl.pytorch.num_interop_threads", "default"));
        try (Clip clip = Clip.of(ClipWeights.initialize(vitB16, 0, device, type));
                NDManager m = NDManager.newBaseManager(device)) {
            NDArray images = m.randomNormal(new Shape(batch, 3, 224, 224));
            int[][] ids = new int[batch][77];
            for (int i = 0; i < batch; i++) {
                ids[i][0] = 49406;
                for (int j = 1; j <= 10; j++) {
                    ids[i][j] = 320 + i + j;
                }
                ids[i][11] = 49407;
            }
            NDArray tokens = clip.tokens(m, ids);
            double img = measure(iters, () -> clip.encodeImage(images).toFloatArray());
            double txt = measure(iters, () -> clip.encodeText(tokens).toFloatArray());
            out.printf("image encode: %.1f ms per batch, %.1f images/s%n", img * 1e3, batch / img);
            out.printf("text encode:  %.1f ms per batch, %.1f texts/s%n", txt * 1e3, batch / txt);
        }
    }

    private static double measure(int iters, Runnable step) {
        try (NDScope warm = new NDScope()) {
            step.run(); // warm-up: allocator and kernels
        }
        long t0 = System.nanoTime();
        for (int i = 0; i < iters; i++) {
            try (NDScope s = new NDScope()) {
                step.run();
            }
        }
        return (System.nanoTime() - t0) / 1e9 / iters;
    }
}
