package org.commakit.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.stream.Stream;
import org.commakit.KitException;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipConfig;
import org.commakit.clip.ClipTokenizer;
import org.commakit.clip.ClipWeights;
import org.commakit.clip.Precision;
import org.commakit.loss.CrossEntropy;
import org.commakit.loss.TrainingObjective;
import org.commakit.prompt.PromptLearner;
import org.commakit.prompt.PromptOutput;
import org.commakit.data.Batch;
import org.commakit.data.BatchSource;
import org.commakit.train.TrainConfig;
import org.commakit.train.Method;
import org.commakit.train.Trainer;

/**
 * Milliseconds per training step and process memory, through the kit's {@link Trainer} loop (one scope per step,
 * SGD, metrics.csv, the end-of-epoch checkpoint), batch 4, 10 classes, one epoch of {@code --steps} batches:
 * {@code ./kit bench train [--methods Linear,CoOp,CoCoOp,KgCoOp,MaPLe,COMMA,ProDA,CTP-TFT] [--steps N] [--early K]
 * [--shape vitb16|small]}.
 *
 * <p>{@code Linear} is a linear probe over 512-d random features (no CLIP): it measures the loop's own cost and
 * leaks. The others are the prompt learners on a CLIP with random weights of ViT-B/16 (or small) shapes. Prints RSS
 * (VmRSS of /proc/self/status) after step {@code K} (default min(100, N/10)) and after step N, and the growth between
 * them, and the number of live NDArrays at both points. A leak of the autograd graph shows as more live arrays and
 * RSS growth proportional to the steps (docs/djl-notes.md#one-scope-per-step). The JVM also grows its heap lazily (each step leaves a
 * few kB of Java garbage and a direct buffer for the labels, freed at GC), so some RSS growth is not a leak: run with
 * {@code KIT_JAVA_OPTS=-Xmx256m} to bound it, and trust the array counts.
 */
public final class TrainStepBenchmark {
    private TrainStepBenchmark() {}

    static final List<String> CLASSES = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog",
            "horse", "ship", "truck");

    /**
     * Trains each of {@code methods} ({@code Linear} or a method id) for {@code steps} steps on random inputs at
     * {@code shape} ({@code vitb16} or {@code small}) and prints ms/step, RSS after step {@code early} and at the end,
     * and live NDArray counts.
     */
    public static void run(String shape, List<String> methods, int steps, int early, ClipTokenizer vocabulary,
            PrintStream out) throws IOException {
        if (early >= steps) {
            throw new KitException("--early " + early + " must be below --steps " + steps);
        }
        if (!shape.equals("small") && !shape.equals("vitb16")) {
            throw new KitException("--shape " + shape + " is not known; use vitb16 (CLIP ViT-B/16) or small");
        }
        ClipConfig config = shape.equals("small")
                ? new ClipConfig(64, 32, 8, 128, 4, 2, 77, 49408, 128, 4, 2)
                : new ClipConfig(512, 224, 16, 768, 12, 12, 77, 49408, 512, 12, 8);
        int depth = shape.equals("small") ? 3 : 9;
        Device device = Engine.getInstance().defaultDevice();
        DataType type = Precision.defaultFor(device);
        out.printf("train step benchmark: Trainer loop, %s shapes, %s %s, batch 4, %d classes, %d steps, RSS "
                + "after step %d and %d, libtorch threads %s, MALLOC_ARENA_MAX %s, max heap %d MB%n", shape, device,
                type, CLASSES.size(), steps, early, steps, System.getProperty("ai.djl.pytorch.num_threads", "default"),
                System.getenv().getOrDefault("MALLOC_ARENA_MAX", "unset"), Runtime.getRuntime().maxMemory() >> 20);
        out.printf("%-8s %9s %12s %12s %10s %8s %14s %14s%n", "method", "ms/step", "RSS @" + early,
                "RSS @" + steps, "peak RSS", "growth", "NDArrays @" + early, "NDArrays @" + steps);
        Clip clip = null;
        ClipTokenizer tokenizer = null;
        int[][] template = null;
        if (methods.stream().anyMatch(m -> !m.equals("Linear"))) {
            clip = Clip.of(ClipWeights.initialize(config, 0, device, type));
            tokenizer = vocabulary;
            template = tokenizer.tokenize(CLASSES.stream().map(c -> "a photo of a " + c + ".").toList());
        }
        try {
            for (String method : methods) {
                List<AutoCloseable> toClose = new ArrayList<>();
                PromptLearner learner;
                TrainingObjective objective = new CrossEntropy();
                TrainConfig cfg;
                long[] input;
                if (method.equals("Linear")) {
                    learner = new LinearLearner(512, device);
                    cfg = Method.COOP.referenceConfig(false).with("epochs=1", "batchSize=4");
                    input = new long[] {4, 512};
                } else {
                    Method m = Method.of(method);
                    cfg = m.referenceConfig(false).with("epochs=1", "batchSize=4");
                    if (cfg.depth() > 0) {
                        cfg = cfg.with("depth=" + depth);
                    }
                    learner = m.learner(cfg, clip, tokenizer, CLASSES);
                    objective = m.objective(cfg, clip, tokenizer, CLASSES, "a photo of a {}.");
                    if (objective instanceof AutoCloseable c) {
                        toClose.add(c);
                    }
                    input = imageShape(config);
                }
                Probe probe = new Probe(steps, early, input, type);
                Path run = Files.createTempDirectory("kit-bench-train");
                try {
                    new Trainer(learner, objective, cfg, run, null).fit(probe);
                } finally {
                    deleteTree(run);
                }
                double ms = (probe.endNanos - probe.earlyNanos) / 1e6 / (steps - early);
                out.printf("%-8s %9.2f %9d MB %9d MB %7d MB %7.1f%% %14d %14d%n", method, ms,
                        probe.rssEarly >> 10, probe.rssEnd >> 10, rss("VmHWM") >> 10,
                        100.0 * (probe.rssEnd - probe.rssEarly) / probe.rssEarly, probe.arraysEarly,
                        probe.arraysEnd);
                learner.close();
                for (AutoCloseable c : toClose) {
                    c.close();
                }
            }
        } catch (Exception e) {
            throw e instanceof RuntimeException ? (RuntimeException) e : new IllegalStateException(e);
        } finally {
            if (clip != null) {
                clip.close();
            }
        }
    }

    private static long[] imageShape(ClipConfig c) {
        return new long[] {4, 3, c.imageResolution(), c.imageResolution()};
    }

    /**
     * One epoch of {@code steps} batches of random inputs with labels 0, 3, 5, 9; records RSS and the clock when
     * asked for batch {@code early + 1} (step {@code early} done) and when the epoch runs out (last step done).
     */
    static final class Probe implements BatchSource {
        final int steps;
        final int early;
        final long[] shape;
        final DataType type;
        long rssEarly;
        long rssEnd;
        int arraysEarly; // live NDArrays of the whole engine (DJL's system manager and all its sub-managers)
        int arraysEnd;
        long earlyNanos;
        long endNanos;

        Probe(int steps, int early, long[] shape, DataType type) {
            this.steps = steps;
            this.early = early;
            this.shape = shape;
            this.type = type;
        }

        @Override
        public Iterable<Batch> epoch(int epoch, NDManager manager) {
            return () -> new Iterator<>() {
                int made = 0;

                @Override
                public boolean hasNext() {
                    if (made == steps && endNanos == 0) {
                        endNanos = System.nanoTime();
                        rssEnd = rss("VmRSS");
                        arraysEnd = liveArrays(manager);
                    }
                    return made < steps;
                }

                @Override
                public Batch next() {
                    if (!hasNext()) {
                        throw new NoSuchElementException();
                    }
                    if (made == early) {
                        rssEarly = rss("VmRSS");
                        arraysEarly = liveArrays(manager);
                        earlyNanos = System.nanoTime();
                    }
                    made++;
                    NDArray x = manager.randomNormal(new Shape(shape));
                    if (x.getDataType() != type) {
                        NDArray cast = x.toType(type, false);
                        x.close(); // else it would stay in the trainer's batch manager until the epoch ends
                        x = cast;
                    }
                    return new Batch(x, new int[] {0, 3, 5, 9});
                }
            };
        }

        @Override
        public int batchesPerEpoch() {
            return steps;
        }

        @Override
        public int classes() {
            return CLASSES.size();
        }
    }

    /** A linear probe over feature vectors (logits = x Wᵀ + b): the training loop's cost without CLIP. */
    static final class LinearLearner implements PromptLearner {
        private final NDManager manager;
        private final Map<String, NDArray> params = new LinkedHashMap<>();

        LinearLearner(int dim, Device device) {
            manager = NDManager.newBaseManager(device);
            NDArray w = manager.randomNormal(0, 0.02f, new Shape(CLASSES.size(), dim), DataType.FLOAT32);
            w.setRequiresGradient(true);
            NDArray b = manager.zeros(new Shape(CLASSES.size()));
            b.setRequiresGradient(true);
            params.put("weight", w);
            params.put("bias", b);
        }

        @Override
        public String method() {
            return "CoOp"; // the Trainer checks method against the config; printed as "Linear"
        }

        @Override
        public List<String> classnames() {
            return CLASSES;
        }

        @Override
        public void setClassnames(List<String> classnames) {
            throw new UnsupportedOperationException("the benchmark's probe has fixed classes");
        }

        @Override
        public Map<String, NDArray> trainableParameters() {
            return params;
        }

        @Override
        public Map<String, NDArray> frozenState() {
            return Map.of();
        }

        @Override
        public PromptOutput forward(NDArray x, int hiddenLayers) {
            // x: [batch, dim] -> logits [batch, classes]
            NDArray w = params.get("weight");
            NDArray logits = x.toType(DataType.FLOAT32, false).matMul(w.transpose()).add(params.get("bias"));
            return new PromptOutput(logits, w, List.of());
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    static int liveArrays(NDManager any) {
        NDManager m = any;
        while (m.getParentManager() != null) {
            m = m.getParentManager();
        }
        return m.getManagedArrays().size();
    }

    /** A field of /proc/self/status in kB (VmRSS: resident now, VmHWM: peak). */
    static long rss(String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith(field + ":")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return -1;
    }

    private static void deleteTree(Path p) throws IOException {
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
