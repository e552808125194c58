package org.commakit.train;

import org.commakit.data.Batch;
import org.commakit.data.BatchSource;
import org.commakit.data.Datum;
import org.commakit.clip.ImagePreprocess;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.commakit.KitException;
import org.commakit.loss.TrainingObjective;
import org.commakit.prompt.FrozenImageFeatures;
import org.commakit.prompt.PromptLearner;
import org.commakit.prompt.PromptOutput;

/**
 * The training loop of every prompt learner (Dassl's {@code run_epoch}, docs/official-code-notes.md#optimiser-and-schedule).
 *
 * <p>Per step: one {@link NDScope} that frees everything the step makes (docs/djl-notes.md#one-scope-per-step); forward with the
 * objective's hidden layers, loss, backward; then the SGD update outside the scope (pitfall 2). The learning rate
 * changes per epoch ({@link LrSchedule}). Progress: a compact line every {@link #logEvery} steps (and at the end of an
 * epoch) on the given stream; a row per step in {@code metrics.csv}; after each epoch a {@link Checkpoint}.
 *
 * <p>{@link #fit} resumes from the last checkpoint of the run directory and ends with exactly the tensors of an
 * uninterrupted run, because the batches of an epoch depend only on (seed, epoch) (see {@link BatchSource}). A run
 * directory holding another method, config or class list is refused before anything is read into the learner or
 * written.
 */
public final class Trainer {
    private final PromptLearner learner;
    private final TrainingObjective objective;
    private final TrainConfig config;
    private final Path runDir;
    private final PrintStream progress;
    private int logEvery = 20;
    private Runnable beforeCheckpointRename;
    private FrozenImageFeatures frozenImages; // non-null: the batches hold image features

    /**
     * @param runDir where checkpoints and metrics.csv go (created if missing)
     * @param progress where progress lines go, usually {@code System.err} (null: silent)
     */
    public Trainer(PromptLearner learner, TrainingObjective objective, TrainConfig config, Path runDir,
            PrintStream progress) {
        if (!config.method().learnerId().equals(learner.method())) {
            throw new KitException("the config is for " + config.method().id() + ", which trains a "
                    + config.method().learnerId() + " prompt learner, but the learner is " + learner.method()
                    + "; use that method's config (Method." + learner.method().toUpperCase(java.util.Locale.ROOT)
                    + ".referenceConfig(...))");
        }
        this.learner = learner;
        this.objective = objective;
        this.config = config;
        this.runDir = runDir;
        this.progress = progress;
    }

    /** Print a progress line every {@code steps} steps (default 20) and at the last step of each epoch. */
    public Trainer logEvery(int steps) {
        this.logEvery = Math.max(1, steps);
        return this;
    }

    /**
     * Trains on batches of image features ({@link FeatureBatches}) instead of images: each step runs {@code
     * learner.forwardFeatures}. The learner must be the one this trainer trains.
     */
    public Trainer imageFeatures(FrozenImageFeatures frozen) {
        if (frozen != learner) {
            throw new IllegalArgumentException("imageFeatures(...) takes the trained learner itself");
        }
        this.frozenImages = frozen;
        return this;
    }

    /**
     * {@link #fit} on the features of the frozen image encoder instead of the images (docs/reproduce.md#caches): the
     * learner must be a {@link FrozenImageFeatures} that reads only them, and the transform must not augment. The
     * features of {@code items} are computed once, in batches of {@code chunk} of the list ({@link
     * FeatureCache#features}; taken from {@code cache} when it holds them, null: none kept), and batched as {@link
     * org.commakit.data.DatasetBatches#train} batches the images for {@code seed} ({@link FeatureBatches}).
     */
    public void fitOnImageFeatures(List<Datum> items, ImagePreprocess preprocess, String transform, int chunk,
            int threads, long seed, FeatureCache cache) {
        if (!(learner instanceof FrozenImageFeatures f) || !f.readsOnlyImageFeatures()) {
            throw new IllegalStateException(learner.method() + " does not train on image features alone");
        }
        if (preprocess.augments()) {
            throw new IllegalStateException("augmented training images have no fixed features");
        }
        int classes = learner.classnames().size();
        try (NDManager m = NDManager.newBaseManager(device());
                FeatureCache none = cache == null ? new FeatureCache(0, device()) : null) {
            NDArray x = (cache != null ? cache : none).features(items, preprocess, transform, chunk, classes, threads,
                    f::imageFeatures, m);
            imageFeatures(f).fit(new FeatureBatches(x, items.stream().mapToInt(Datum::label).toArray(),
                    config.batchSize(), seed, classes));
        }
    }

    /** Tests: runs after a checkpoint's files are written, just before its folder is renamed into place. */
    Trainer beforeCheckpointRename(Runnable hook) {
        this.beforeCheckpointRename = hook;
        return this;
    }

    /** Trains for the configured epochs, starting after the last checkpoint in the run directory if there is one. */
    public void fit(BatchSource data) {
        fitEpochs(data, config.epochs());
    }

    /**
     * Trains until {@code untilEpoch} epochs are done (at most the configured number), resuming as {@link #fit};
     * the schedule stays the configured one, so stopping early and resuming later gives the same run.
     */
    public void fitEpochs(BatchSource data, int untilEpoch) {
        if (data.classes() != learner.classnames().size()) {
            throw new KitException("the training data has " + data.classes() + " classes but the " + learner.method()
                    + " learner is built for " + learner.classnames().size() + " class names");
        }
        int lastEpoch = Math.min(untilEpoch, config.epochs());
        LrSchedule schedule = config.schedule();
        Optional<Checkpoint> previous = Checkpoint.latest(runDir);
        if (previous.isPresent()) {
            List<String> diff = previous.get().differences(config.method().id(), config, learner.classnames());
            if (!diff.isEmpty()) {
                throw new CheckpointException("run directory " + runDir + " holds a checkpoint of a different run ("
                        + previous.get().dir().getFileName() + "): " + String.join("; ", diff),
                        "use a new run directory, or delete this one to start over");
            }
        }
        try {
            Files.createDirectories(runDir);
        } catch (IOException e) {
            throw new KitException("cannot create run directory " + runDir + ": " + e.getMessage(), e);
        }
        try (Sgd sgd = new Sgd(learner.trainableParameters(), config.momentum(), config.weightDecay());
                NDManager batches = NDManager.newBaseManager(device())) {
            int start = 0;
            if (previous.isPresent()) {
                previous.get().verify(); // both files, before either is loaded
                previous.get().loadPrompt(learner);
                previous.get().loadOptimizer(sgd);
                start = previous.get().epoch();
                log("[%s] resuming from %s (%d of %d epochs done)%n", config.method(), previous.get().dir(), start,
                        config.epochs());
            }
            sgd.zeroGradients();
            try (MetricsCsv metrics = new MetricsCsv(runDir.resolve("metrics.csv"), start)) {
                for (int epoch = start; epoch < lastEpoch; epoch++) {
                    runEpoch(data, epoch, schedule.at(epoch), sgd, batches, metrics);
                    float nextLr = epoch + 1 < config.epochs() ? schedule.at(epoch + 1) : 0f;
                    Checkpoint.write(runDir, epoch + 1, learner, config, sgd, nextLr, beforeCheckpointRename);
                }
            }
        }
    }

    /**
     * Loads the prompt tensors of the last checkpoint in {@code runDir} into {@code learner}, for evaluation (the
     * class list may differ: base → new, cross-dataset targets). The learner must be of the trained kind.
     *
     * @return the number of epochs the checkpoint completed
     */
    public static int loadCheckpoint(PromptLearner learner, Path runDir) {
        Checkpoint last = Checkpoint.latest(runDir).orElseThrow(() -> new CheckpointException("no checkpoint in "
                + runDir + " (no epoch-N folder with a " + Checkpoint.META_FILE + ")", "train first, or point at the "
                + "run directory of a finished training run"));
        last.loadPrompt(learner);
        return last.epoch();
    }

    private void runEpoch(BatchSource data, int epoch, float lr, Sgd sgd, NDManager batches, MetricsCsv metrics) {
        int steps = data.batchesPerEpoch();
        long t0 = System.nanoTime();
        int step = 0;
        double lossSum = 0;
        int correct = 0;
        int seen = 0;
        for (Batch b : data.epoch(epoch, batches)) {
            float loss;
            int right;
            try (NDScope scope = new NDScope();
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray labels = batches.create(toLongs(b.labels()), new Shape(b.labels().length));
                PromptOutput out = frozenImages != null
                        ? frozenImages.forwardFeatures(b.images(), objective.hiddenLayers())
                        : learner.forward(b.images(), objective.hiddenLayers());
                NDArray l = objective.loss(out, labels);
                gc.backward(l);
                loss = l.toType(DataType.FLOAT32, false).getFloat(); // fp16 losses on a GPU
                right = countCorrect(out.logits(), b.labels());
            } finally {
                b.images().close();
            }
            if (!Float.isFinite(loss)) {
                // before the update, the metrics row and the epoch's checkpoint: nothing of the diverged step is kept
                throw new KitException("the training in " + runDir + " diverged at epoch " + (epoch + 1) + ", step "
                        + (step + 1) + ": the loss is " + loss + " (lr " + config.lr() + ", lr at this epoch " + lr
                        + "); lower the learning rate, e.g. lr=" + config.lr() / 10 + " (./kit reproduce: --set lr="
                        + config.lr() / 10 + " into a new --out folder)");
            }
            sgd.step(lr); // outside the scope: momentum buffers outlive the step
            step++;
            lossSum += loss;
            correct += right;
            seen += b.labels().length;
            metrics.append(epoch + 1, step, loss, 100.0 * right / b.labels().length, lr);
            if (step % logEvery == 0 || step == steps) {
                double ms = (System.nanoTime() - t0) / 1e6 / step;
                log("[%s] epoch %d/%d  step %d/%d  loss %.4f  acc %.1f%%  lr %.4g  %.0f ms/step  eta %s%n",
                        config.method(), epoch + 1, config.epochs(), step, steps, lossSum / step,
                        100.0 * correct / seen, lr, ms, eta(ms * Math.max(0, steps - step)));
            }
        }
        if (step != steps) {
            throw new KitException("the batch source promised " + steps + " batches per epoch but epoch " + (epoch + 1)
                    + " had " + step);
        }
    }

    private void log(String format, Object... args) {
        if (progress != null) {
            progress.printf(format, args);
            progress.flush();
        }
    }

    private static String eta(double ms) {
        long s = Math.round(ms / 1000);
        return s >= 3600 ? String.format("%dh%02dm", s / 3600, s / 60 % 60) : String.format("%dm%02ds", s / 60, s % 60);
    }

    private ai.djl.Device device() {
        return learner.trainableParameters().values().iterator().next().getDevice();
    }

    static long[] toLongs(int[] labels) {
        long[] out = new long[labels.length];
        for (int i = 0; i < labels.length; i++) {
            out[i] = labels[i];
        }
        return out;
    }

    static int countCorrect(NDArray logits, int[] labels) {
        long[] pred = logits.argMax(1).toLongArray();
        int c = 0;
        for (int i = 0; i < labels.length; i++) {
            c += pred[i] == labels[i] ? 1 : 0;
        }
        return c;
    }
}
