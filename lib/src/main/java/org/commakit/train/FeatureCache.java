package org.commakit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.commakit.clip.ImagePreprocess;
import org.commakit.data.Batch;
import org.commakit.data.DatasetBatches;
import org.commakit.data.Datum;

/**
 * Image features of a frozen encoder over test batches, computed once per process and reused by every later
 * evaluation of the same images (docs/reproduce.md#caches). A key is (images in order, batch size, transform); the
 * cache belongs to one CLIP, so the checkpoint is fixed. Exact: a hit gives the very arrays a miss computed from the
 * same batches, so the logits are those of the uncached path bit for bit. (Features of an image differ in their last
 * bits with the size of the batch they are computed in, so features are reused only for the batches they were
 * computed in: the test batches, which every evaluation of a split makes alike, and not the reshuffled training
 * batches.) A hit decodes no image.
 *
 * <p>Beyond {@code maxBytes} of features, new ones are not kept; nothing is evicted.
 */
public final class FeatureCache implements AutoCloseable {
    private final long maxBytes;
    private final ai.djl.Device device;
    private final NDManager manager;
    private final Map<String, List<NDArray>> batches = new LinkedHashMap<>();
    private long bytes;
    private int hits;
    private int misses;

    /** A cache holding at most {@code maxBytes} of features, on {@code device} (the CLIP's). */
    public FeatureCache(long maxBytes, ai.djl.Device device) {
        this.maxBytes = maxBytes;
        this.device = device;
        this.manager = NDManager.newBaseManager(device);
    }

    /** Evaluations answered from the cache so far. */
    public int hits() {
        return hits;
    }

    /** Evaluations that computed (and, room permitting, kept) their features. */
    public int misses() {
        return misses;
    }

    /**
     * Calls {@code perBatch} with the logits and labels of each test batch of {@code items} (in order, {@code
     * batchSize} a batch, the last one smaller), the logits made by {@code logitsOfFeatures} from the features
     * {@code encoder} makes of the images: the cached features when {@code (items, batchSize, transform)} was seen,
     * else those computed now (and kept). Each batch runs in its own {@link NDScope}.
     *
     * @param transform names the image transform ({@code preprocess}'s test transform); part of the key
     */
    public void forEachBatch(List<Datum> items, ImagePreprocess preprocess, String transform, int batchSize,
            int classes, int threads, Function<NDArray, NDArray> encoder, Function<NDArray, NDArray> logitsOfFeatures,
            java.util.function.BiConsumer<NDArray, int[]> perBatch) {
        String key = key(items, transform, batchSize);
        List<NDArray> cached = batches.get(key);
        if (cached != null) {
            hits++;
            for (int b = 0; b < cached.size(); b++) {
                int[] labels = items.subList(b * batchSize, Math.min(items.size(), (b + 1) * batchSize)).stream()
                        .mapToInt(Datum::label).toArray();
                try (NDScope scope = new NDScope()) {
                    perBatch.accept(logitsOfFeatures.apply(cached.get(b)), labels);
                }
            }
            return;
        }
        misses++;
        List<NDArray> computed = new ArrayList<>();
        long size = 0;
        boolean keep = true;
        try (DatasetBatches data = DatasetBatches.test(items, preprocess, batchSize).classes(classes)
                .threads(threads); NDManager m = NDManager.newBaseManager(device)) {
            for (Batch b : data.epoch(0, m)) {
                try (NDScope scope = new NDScope()) {
                    NDArray features = encoder.apply(b.images());
                    perBatch.accept(logitsOfFeatures.apply(features), b.labels());
                    long n = features.getShape().size() * features.getDataType().getNumOfBytes();
                    keep = keep && bytes + size + n <= maxBytes;
                    if (keep) {
                        NDScope.unregister(features);
                        features.attach(manager);
                        computed.add(features);
                        size += n;
                    }
                } finally {
                    b.images().close();
                }
            }
        }
        if (keep) {
            batches.put(key, computed);
            bytes += size;
        } else {
            computed.forEach(NDArray::close);
        }
    }

    /**
     * The features {@code encoder} makes of {@code items}, [items, embed] in item order, owned by {@code manager}:
     * computed in batches of {@code batchSize} of the list as {@link #forEachBatch} (kept, room permitting), or the
     * kept ones when {@code (items, batchSize, transform)} was seen. The training set's features for {@link
     * FeatureBatches}: the same bits whichever path made them.
     */
    public NDArray features(List<Datum> items, ImagePreprocess preprocess, String transform, int batchSize,
            int classes, int threads, Function<NDArray, NDArray> encoder, NDManager manager) {
        List<NDArray> parts = new ArrayList<>();
        try {
            forEachBatch(items, preprocess, transform, batchSize, classes, threads, encoder, x -> x,
                    (features, labels) -> {
                        NDArray copy = features.duplicate();
                        NDScope.unregister(copy);
                        copy.attach(manager);
                        parts.add(copy);
                    });
            NDArray all = parts.size() == 1 ? parts.get(0).duplicate()
                    : ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(parts.toArray(new NDArray[0])), 0);
            all.attach(manager);
            return all;
        } finally {
            parts.forEach(NDArray::close);
        }
    }

    /** Top-1 accuracy over {@code items}, as {@link #forEachBatch} gives the logits. */
    public Accuracy evaluate(List<Datum> items, ImagePreprocess preprocess, String transform, int batchSize,
            int classes, int threads, Function<NDArray, NDArray> encoder,
            Function<NDArray, NDArray> logitsOfFeatures) {
        Accuracy acc = new Accuracy(classes);
        forEachBatch(items, preprocess, transform, batchSize, classes, threads, encoder, logitsOfFeatures,
                (logits, labels) -> {
                    long[] p = logits.argMax(1).toLongArray();
                    int[] pred = new int[p.length];
                    for (int i = 0; i < p.length; i++) {
                        pred[i] = (int) p[i];
                    }
                    acc.add(pred, labels);
                });
        return acc;
    }

    private static String key(List<Datum> items, String transform, int batchSize) {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            md.update((transform + "\n" + batchSize + "\n").getBytes(StandardCharsets.UTF_8));
            for (Datum d : items) {
                md.update((d.impath().toAbsolutePath() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    @Override
    public void close() {
        batches.clear();
        manager.close();
    }
}
