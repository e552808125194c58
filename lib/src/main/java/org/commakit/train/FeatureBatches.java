package org.commakit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import org.commakit.KitException;
import org.commakit.data.Batch;
import org.commakit.data.BatchSource;
import org.commakit.data.DatasetBatches;

/**
 * Training batches of image features instead of images (docs/reproduce.md#caches): the batches of {@link
 * DatasetBatches#train} over the same items (the same order for a (seed, epoch), the same dropped last batch), each
 * holding its items' rows of one feature matrix computed once for the training set, for learners whose image encoder
 * is frozen and untouched by prompts ({@link org.commakit.prompt.FrozenImageFeatures}) when the training images are
 * not augmented. The {@link Trainer} then runs {@code forwardFeatures} on them ({@link Trainer#imageFeatures}).
 *
 * <p>The matrix is made in fixed batches of the training list ({@link FeatureCache#features}), never in the shuffled
 * training batches, so the features of an image do not depend on the epoch or on which images share its batch: the
 * matrix computed now and the one reused from the cache are the same bits, and so are the trainings.
 */
public final class FeatureBatches implements BatchSource {
    private final NDArray features;
    private final int[] labels;
    private final int batchSize;
    private final long seed;
    private final int classes;

    /**
     * @param features [items, embed], row i the features of training item i
     * @param labels the items' labels
     * @param seed the training seed (the order of each epoch, as {@link DatasetBatches#train})
     */
    public FeatureBatches(NDArray features, int[] labels, int batchSize, long seed, int classes) {
        if (features.getShape().get(0) != labels.length) {
            throw new IllegalArgumentException(features.getShape().get(0) + " feature rows for " + labels.length
                    + " labels");
        }
        if (labels.length == 0 || batchSize < 1) {
            throw new KitException("no training features to batch (" + labels.length + " items, batch size "
                    + batchSize + ")");
        }
        this.features = features;
        this.labels = labels.clone();
        this.batchSize = batchSize;
        this.seed = seed;
        this.classes = classes;
    }

    @Override
    public int batchesPerEpoch() {
        return DatasetBatches.trainBatches(labels.length, batchSize);
    }

    @Override
    public int classes() {
        return classes;
    }

    @Override
    public Iterable<Batch> epoch(int epoch, NDManager manager) {
        List<Integer> order = DatasetBatches.trainOrder(labels.length, seed, epoch);
        int batches = batchesPerEpoch();
        return () -> new Iterator<>() {
            private int b;

            @Override
            public boolean hasNext() {
                return b < batches;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                List<Integer> idx = order.subList(b * batchSize, Math.min(order.size(), (b + 1) * batchSize));
                b++;
                long[] rows = new long[idx.size()];
                int[] y = new int[idx.size()];
                for (int i = 0; i < rows.length; i++) {
                    rows[i] = idx.get(i);
                    y[i] = labels[idx.get(i)];
                }
                try (NDArray index = manager.create(rows)) {
                    NDArray x = features.get(index); // a copy of the rows, owned by the batch
                    x.attach(manager);
                    return new Batch(x, y);
                }
            }
        };
    }
}
