package org.commakit.data;

import ai.djl.ndarray.NDManager;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayDeque;
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

/**
 * Batches of preprocessed images from a list of {@link Datum}s, decoded on worker threads at most {@code prefetch}
 * batches ahead of the consumer (a bounded queue: memory stays at about {@code (prefetch + 1) x batch} images).
 * Training batches are reshuffled every epoch (RandomSampler) and the last incomplete batch is dropped when there is
 * at least one full batch (Dassl's drop_last); test batches keep the order. Deterministic for a seed whatever the
 * number of threads or their timing: the order comes from (seed, epoch), every item's augmentation from its own
 * generator seeded with (seed, epoch, index), and results are collected in sampler order.
 *
 * <p>A missing or undecodable image stops the epoch with an error naming the file, or, with {@code skipUnreadable},
 * is left out of its batch (a batch left with no image is dropped), counted, and reported when the epoch ends.
 */
public final class DatasetBatches implements BatchSource, AutoCloseable {
    /** Batches decoded ahead of the one being consumed when the constructor is not told. */
    public static final int DEFAULT_PREFETCH = 2;

    private final List<Datum> items;
    private final ImagePreprocess preprocess;
    private final int batchSize;
    private final boolean train;
    private final long seed;
    private int classes;
    private boolean skipUnreadable;
    private int prefetch = DEFAULT_PREFETCH;
    private int threads = 1;
    private ExecutorService workers;
    private final List<Path> skipped = Collections.synchronizedList(new ArrayList<>());
    private final AtomicInteger decodes = new AtomicInteger();
    private volatile PrintStream report = System.err;

    private DatasetBatches(List<Datum> items, ImagePreprocess preprocess, int batchSize, boolean train, long seed) {
        if (items.isEmpty()) {
            throw new KitException("no images to make batches from (an empty split?)");
        }
        if (batchSize < 1) {
            throw new KitException("batch size must be at least 1, got " + batchSize);
        }
        this.items = List.copyOf(items);
        this.preprocess = preprocess;
        this.batchSize = batchSize;
        this.train = train;
        this.seed = seed;
        this.classes = this.items.stream().mapToInt(Datum::label).max().orElse(-1) + 1;
    }

    /**
     * Training batches of {@code items}: the train transform, the order reshuffled every epoch from {@code seed}, the
     * last incomplete batch dropped.
     */
    public static DatasetBatches train(List<Datum> items, ImagePreprocess preprocess, int batchSize, long seed) {
        return new DatasetBatches(items, preprocess, batchSize, true, seed);
    }

    /** Test batches of {@code items}: the test transform, in order, the last batch kept. */
    public static DatasetBatches test(List<Datum> items, ImagePreprocess preprocess, int batchSize) {
        return new DatasetBatches(items, preprocess, batchSize, false, 0);
    }

    /** Decodes with {@code n} threads (default 1); the batches are the same whatever the number. */
    public DatasetBatches threads(int n) {
        beforeFirstEpoch("threads");
        threads = Math.max(1, n);
        return this;
    }

    /** Decodes {@code n} batches ahead of the one the consumer holds (default {@value #DEFAULT_PREFETCH}; 0: none). */
    public DatasetBatches prefetch(int n) {
        beforeFirstEpoch("prefetch");
        if (n < 0) {
            throw new KitException("prefetch must be at least 0, got " + n);
        }
        prefetch = n;
        return this;
    }

    /**
     * Counts and skips images that are missing or cannot be decoded instead of failing (reported at the end of each
     * epoch and by {@link #skipped()}).
     */
    public DatasetBatches skipUnreadable() {
        beforeFirstEpoch("skipUnreadable");
        skipUnreadable = true;
        return this;
    }

    /** The size of the label space (default: the largest label + 1). */
    public DatasetBatches classes(int n) {
        beforeFirstEpoch("classes");
        classes = n;
        return this;
    }

    private void beforeFirstEpoch(String setting) {
        if (workers != null) {
            throw new IllegalStateException(setting + " must be set before the first epoch");
        }
    }

    private synchronized ExecutorService workers() {
        if (workers == null) {
            workers = Executors.newFixedThreadPool(threads, r -> {
                Thread t = new Thread(r, "kit-decode");
                t.setDaemon(true);
                return t;
            });
        }
        return workers;
    }

    @Override
    public int batchesPerEpoch() {
        int n = items.size();
        return train ? trainBatches(n, batchSize) : (n + batchSize - 1) / batchSize;
    }

    @Override
    public int classes() {
        return classes;
    }

    /** Images skipped so far because they could not be read (each epoch counts its own). */
    public int skipped() {
        return skipped.size();
    }

    /** The files skipped so far, in the order the epochs met them. */
    public List<Path> skippedFiles() {
        synchronized (skipped) {
            return List.copyOf(skipped);
        }
    }

    /** Where the end-of-epoch line about skipped images goes (default {@code System.err}). */
    public DatasetBatches reportSkipsTo(PrintStream out) {
        this.report = out;
        return this;
    }

    /** Images decoded so far (prefetched or not): shows how far ahead of the consumer the workers are. */
    int decodes() {
        return decodes.get();
    }

    /** The item order of an epoch. */
    List<Integer> order(int epoch) {
        if (train) {
            return trainOrder(items.size(), seed, epoch);
        }
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            idx.add(i);
        }
        return idx;
    }

    /** The order of {@code n} training items in epoch {@code epoch} (RandomSampler): a function of (seed, epoch). */
    public static List<Integer> trainOrder(int n, long seed, int epoch) {
        List<Integer> idx = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            idx.add(i);
        }
        Collections.shuffle(idx, new Random(seed * 1_000_003L + epoch));
        return idx;
    }

    /** Training batches per epoch of {@code n} items: the last incomplete one dropped when there is a full one. */
    public static int trainBatches(int n, int batchSize) {
        return n >= batchSize ? n / batchSize : (n + batchSize - 1) / batchSize;
    }

    /** Submits the decoding of one batch's items (each its own task, so one thread cannot deadlock). */
    private List<Future<float[]>> submit(List<Integer> idx, int epoch) {
        List<Future<float[]>> parts = new ArrayList<>();
        for (int i : idx) {
            parts.add(workers().submit(() -> decode(i, epoch)));
        }
        return parts;
    }

    /** The image of item {@code i}, or null when it is unreadable and skipping is on. */
    private float[] decode(int i, int epoch) {
        decodes.incrementAndGet();
        Datum d = items.get(i);
        try {
            if (!train) {
                return preprocess.testTransform(d.impath());
            }
            long s = seed * 0x9E3779B97F4A7C15L ^ (epoch * 0xC2B2AE3D27D4EB4FL) ^ (i * 0x165667B19E3779F9L);
            return preprocess.trainTransform(d.impath(), new SplittableRandom(s));
        } catch (KitException e) {
            if (skipUnreadable) {
                return null;
            }
            throw e;
        }
    }

    @Override
    public Iterable<Batch> epoch(int epoch, NDManager manager) {
        return () -> new EpochIterator(epoch, manager);
    }

    /** One pass in sampler order; batches {@code taken + 1 .. taken + prefetch} are decoding meanwhile. */
    private final class EpochIterator implements Iterator<Batch> {
        private final int epoch;
        private final NDManager manager;
        private final List<Integer> order;
        private final int batches = batchesPerEpoch();
        private final ArrayDeque<List<Future<float[]>>> ahead = new ArrayDeque<>();
        private final List<Path> skippedHere = new ArrayList<>();
        private int submitted; // batches handed to the workers
        private int taken;     // batches collected for the consumer
        private Batch ready;
        private boolean reported;

        EpochIterator(int epoch, NDManager manager) {
            this.epoch = epoch;
            this.manager = manager;
            this.order = order(epoch);
            topUp(prefetch); // start decoding before the first batch is asked for
        }

        private void topUp(int until) {
            while (submitted < Math.min(batches, until)) {
                ahead.add(submit(slice(order, submitted), epoch));
                submitted++;
            }
        }

        @Override
        public boolean hasNext() {
            while (ready == null && taken < batches) {
                ready = take();
            }
            if (ready == null && !reported) {
                reported = true;
                if (!skippedHere.isEmpty()) {
                    report.println(skipReport(epoch, skippedHere));
                }
            }
            return ready != null;
        }

        @Override
        public Batch next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            Batch b = ready;
            ready = null;
            return b;
        }

        /** Waits for batch {@code taken}; null when every image of it was skipped. */
        private Batch take() {
            topUp(taken + 1 + prefetch);
            List<Integer> idx = slice(order, taken);
            List<Future<float[]>> parts = ahead.remove();
            taken++;
            List<float[]> images = new ArrayList<>();
            List<Integer> labels = new ArrayList<>();
            for (int j = 0; j < idx.size(); j++) {
                Datum d = items.get(idx.get(j));
                float[] img;
                try {
                    img = parts.get(j).get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new KitException("interrupted while decoding images", e);
                } catch (ExecutionException e) {
                    throw e.getCause() instanceof KitException k ? k
                            : new KitException("decoding " + d.impath() + " failed: " + e.getCause(), e.getCause());
                }
                if (img == null) {
                    skippedHere.add(d.impath());
                    skipped.add(d.impath());
                } else {
                    images.add(img);
                    labels.add(d.label());
                }
            }
            if (images.isEmpty()) {
                return null;
            }
            return new Batch(preprocess.toNDArray(manager, images), labels.stream().mapToInt(Integer::intValue)
                    .toArray());
        }
    }

    /** The end-of-epoch line: how many images were skipped and which (the first ten). */
    static String skipReport(int epoch, List<Path> files) {
        StringBuilder s = new StringBuilder("[kit] epoch " + epoch + ": skipped " + files.size()
                + " unreadable image(s):");
        for (Path f : files.subList(0, Math.min(10, files.size()))) {
            s.append("\n  ").append(f);
        }
        if (files.size() > 10) {
            s.append("\n  ... and ").append(files.size() - 10).append(" more");
        }
        return s.toString();
    }

    private List<Integer> slice(List<Integer> order, int b) {
        return order.subList(b * batchSize, Math.min(order.size(), (b + 1) * batchSize));
    }

    @Override
    public synchronized void close() {
        if (workers != null) {
            workers.shutdownNow();
        }
    }
}
