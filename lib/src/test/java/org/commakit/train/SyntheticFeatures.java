package org.commakit.train;

import org.commakit.data.Batch;
import org.commakit.data.BatchSource;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.Iterator;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;
import java.util.function.IntConsumer;

/**
 * Test data: {@code items} feature vectors in {@code classes} clusters, in batches. Each epoch is shuffled and
 * "augmented" (small noise) from {@link BatchSource#epochSeed} only, as the resume rule requires. Batches are made
 * lazily, one per {@code next()}, so a test can look at the process between steps.
 */
final class SyntheticFeatures implements BatchSource {
    final int items;
    final int classes;
    final int dim;
    final int batch;
    final long seed;
    /** Throws when epoch {@code crashEpoch} (0-based) asks for batch {@code crashStep} (1-based); -1: never. */
    int crashEpoch = -1;
    int crashStep = -1;
    /** Called with the 1-based batch number before each batch is made. */
    IntConsumer beforeBatch = b -> {};

    SyntheticFeatures(int items, int classes, int dim, int batch, long seed) {
        this.items = items;
        this.classes = classes;
        this.dim = dim;
        this.batch = batch;
        this.seed = seed;
    }

    @Override
    public int batchesPerEpoch() {
        return items / batch; // drop_last, as Dassl's training loader
    }

    @Override
    public int classes() {
        return classes;
    }

    float[] item(int i) {
        SplittableRandom r = new SplittableRandom(1000 + i);
        float[] x = new float[dim];
        for (int j = 0; j < dim; j++) {
            x[j] = (float) (0.5 * r.nextGaussian() + (j % classes == i % classes ? 1.5 : 0));
        }
        return x;
    }

    @Override
    public Iterable<Batch> epoch(int epoch, NDManager manager) {
        SplittableRandom rng = new SplittableRandom(BatchSource.epochSeed(seed, epoch));
        int[] order = new int[items];
        for (int i = 0; i < items; i++) {
            order[i] = i;
        }
        for (int i = items - 1; i > 0; i--) { // Fisher-Yates
            int j = rng.nextInt(i + 1);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
        }
        return () -> new Iterator<>() {
            int b = 0;

            @Override
            public boolean hasNext() {
                return b < batchesPerEpoch();
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                b++;
                beforeBatch.accept(b);
                if (epoch == crashEpoch && b == crashStep) {
                    throw new IllegalStateException("simulated crash at epoch " + (epoch + 1) + " step " + b);
                }
                float[] x = new float[batch * dim];
                int[] labels = new int[batch];
                for (int k = 0; k < batch; k++) {
                    int item = order[(b - 1) * batch + k];
                    labels[k] = item % classes;
                    float[] v = item(item);
                    for (int j = 0; j < dim; j++) {
                        x[k * dim + j] = v[j] + (float) (0.1 * rng.nextGaussian()); // augmentation
                    }
                }
                return new Batch(manager.create(x, new Shape(batch, dim)), labels);
            }
        };
    }
}
