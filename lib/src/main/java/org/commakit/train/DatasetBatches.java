package org.commakit.train;

import ai.djl.ndarray.NDManager;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import org.commakit.KitException;
import org.commakit.clip.ImagePreprocess;
import org.commakit.data.Datum;

/**
 * Batches of preprocessed images from a list of {@link Datum}s, decoded on worker threads one batch ahead of the
 * consumer. Training batches are reshuffled every epoch (RandomSampler) and the last incomplete batch is dropped when
 * there is at least one full batch (Dassl's drop_last); test batches keep the order. Deterministic for a seed
 * whatever the thread timing: the order comes from (seed, epoch) and every item's augmentation from its own generator
 * seeded with (seed, epoch, index).
 */
public final class DatasetBatches implements BatchSource, AutoCloseable {
    private final List<Datum> items;
    private final ImagePreprocess preprocess;
    private final int batchSize;
    private final boolean train;
    private final long seed;
    private final int classes;
    private final boolean skipUnreadable;
    private final ExecutorService workers;
    private final AtomicInteger skipped = new AtomicInteger();

    /**
     * @param train train transform + shuffling + drop_last, or the test transform in order
     * @param threads decoding threads
     * @param skipUnreadable count and skip images that cannot be decoded instead of failing (reported by
     *     {@link #skipped()})
     */
    public DatasetBatches(List<Datum> items, ImagePreprocess preprocess, int batchSize, boolean train, long seed,
            int classes, int threads, boolean skipUnreadable) {
        if (items.isEmpty()) {
            throw new KitException("no images to make batches from (an empty split?)");
        }
        this.items = List.copyOf(items);
        this.preprocess = preprocess;
        this.batchSize = batchSize;
        this.train = train;
        this.seed = seed;
        this.classes = classes;
        this.skipUnreadable = skipUnreadable;
        this.workers = Executors.newFixedThreadPool(Math.max(1, threads), r -> {
            Thread t = new Thread(r, "kit-decode");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public int batchesPerEpoch() {
        int n = items.size();
        return train && n >= batchSize ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    @Override
    public int classes() {
        return classes;
    }

    /** Images skipped so far because they could not be read. */
    public int skipped() {
        return skipped.get();
    }

    /** The item order of an epoch. */
    List<Integer> order(int epoch) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            idx.add(i);
        }
        if (train) {
            Collections.shuffle(idx, new Random(seed * 1_000_003L + epoch));
        }
        return idx;
    }

    /** Submits the decoding of one batch's items (each its own task, so one thread cannot deadlock). */
    private List<Future<float[]>> submit(List<Integer> idx, int epoch) {
        List<Future<float[]>> parts = new ArrayList<>();
        for (int i : idx) {
            parts.add(workers.submit(() -> decode(i, epoch)));
        }
        return parts;
    }

    private float[] decode(int i, int epoch) {
        Datum d = items.get(i);
        try {
            var img = ImagePreprocess.readRgb(d.impath());
            if (!train) {
                return preprocess.testTransform(img);
            }
            long s = seed * 0x9E3779B97F4A7C15L ^ (epoch * 0xC2B2AE3D27D4EB4FL) ^ (i * 0x165667B19E3779F9L);
            return preprocess.trainTransform(img, new SplittableRandom(s));
        } catch (KitException e) {
            if (skipUnreadable) {
                skipped.incrementAndGet();
                return null;
            }
            throw e;
        }
    }

    @Override
    public Iterable<Batch> epoch(int epoch, NDManager manager) {
        List<Integer> order = order(epoch);
        int batches = batchesPerEpoch();
        return () -> new Iterator<>() {
            int next = 0;
            List<Future<float[]>> ahead = batches > 0 ? submit(slice(order, 0), epoch) : null;

            @Override
            public boolean hasNext() {
                return next < batches;
            }

            @Override
            public Batch next() {
                if (!hasNext()) {
                    throw new NoSuchElementException();
                }
                List<Integer> idx = slice(order, next);
                List<float[]> images = new ArrayList<>();
                List<Integer> labels = new ArrayList<>();
                for (int j = 0; j < idx.size(); j++) {
                    float[] img;
                    try {
                        img = ahead.get(j).get();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new KitException("interrupted while decoding images", e);
                    } catch (ExecutionException e) {
                        throw e.getCause() instanceof KitException k ? k
                                : new KitException("decoding " + items.get(idx.get(j)).impath() + " failed: "
                                        + e.getCause(), e.getCause());
                    }
                    if (img != null) {
                        images.add(img);
                        labels.add(items.get(idx.get(j)).label());
                    }
                }
                next++;
                ahead = next < batches ? submit(slice(order, next), epoch) : null; // decode one batch ahead
                return new Batch(preprocess.toNDArray(manager, images),
                        labels.stream().mapToInt(Integer::intValue).toArray());
            }
        };
    }

    private List<Integer> slice(List<Integer> order, int b) {
        return order.subList(b * batchSize, Math.min(order.size(), (b + 1) * batchSize));
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
