package org.commakit.miniworld;

import org.commakit.data.Batch;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.SplittableRandom;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipConfig;
import org.commakit.clip.ClipWeights;
import org.junit.jupiter.api.Test;

public class ClipPretrainingTest {
    // 16 px images, patch 8, 1 block per tower, context 8, vocab 12 (SOT 10, EOT 11)
    public static final ClipConfig TINY = new ClipConfig(16, 16, 8, 64, 1, 1, 8, 12, 64, 1, 1);
    static final int CONCEPTS = 6;

    /** Concept k: image = a fixed random pattern k plus noise; caption = [SOT, k, EOT]. */
    public static final ClipPretraining.CaptionBatches DATA = (step, batch, m) -> {
        SplittableRandom patterns = new SplittableRandom(7);
        float[][] base = new float[CONCEPTS][3 * 16 * 16];
        for (float[] p : base) {
            for (int i = 0; i < p.length; i++) {
                p[i] = (float) patterns.nextGaussian();
            }
        }
        SplittableRandom r = new SplittableRandom(1000 + step);
        float[] images = new float[batch * 3 * 16 * 16];
        long[] tokens = new long[batch * 8];
        for (int i = 0; i < batch; i++) {
            int k = i % CONCEPTS; // distinct concepts within a batch of CONCEPTS
            for (int j = 0; j < 3 * 16 * 16; j++) {
                images[i * 768 + j] = base[k][j] + 0.5f * (float) r.nextGaussian();
            }
            tokens[i * 8] = 10;
            tokens[i * 8 + 1] = k;
            tokens[i * 8 + 2] = 11;
        }
        return new ClipPretraining.Batch(m.create(images, new Shape(batch, 3, 16, 16)),
                m.create(tokens, new Shape(batch, 8)));
    };

    public static float[] pretrain() {
        try (Clip clip = Clip.of(ClipWeights.initialize(TINY, 3, Device.cpu(), DataType.FLOAT32))) {
            return ClipPretraining.run(clip, DATA, new ClipPretraining.Config(40, CONCEPTS, 1e-3f, 0.1f, 5, 10),
                    null);
        }
    }

    @Test
    void contrastiveLossFallsAndRunsAreReproducibleForASeed() {
        float[] a = pretrain();
        float[] b = pretrain();
        assertArrayEquals(a, b, 0f, "same seed, same losses");
        float first = (a[0] + a[1] + a[2]) / 3;
        float last = (a[37] + a[38] + a[39]) / 3;
        // chance level is ln(6) = 1.79; a learnable mapping must get well below it
        assertTrue(last < 0.5f * first, "loss " + first + " -> " + last);
    }

    @Test
    void scheduleWarmsUpLinearlyThenDecaysToZero() {
        ClipPretraining.Config cfg = new ClipPretraining.Config(11, 4, 1f, 0f, 1, 1);
        org.junit.jupiter.api.Assertions.assertEquals(1f, ClipPretraining.learningRate(cfg, 0), 1e-6);
        org.junit.jupiter.api.Assertions.assertEquals(0.5f, ClipPretraining.learningRate(cfg, 6), 1e-6);
        org.junit.jupiter.api.Assertions.assertEquals(0.0245f, ClipPretraining.learningRate(cfg, 10), 1e-4);
    }
}
