package org.commakit.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.commakit.KitException;
import org.commakit.clip.SafeTensors;
import org.commakit.loss.TrainingObjective;
import org.commakit.prompt.PromptLearner;

/**
 * The training loop of every prompt learner: per step one {@link NDScope} (everything the step makes is freed),
 * forward, loss, backward, then an SGD update outside the scope; the learning rate changes per epoch
 * ({@link LrSchedule}). After each epoch a checkpoint (prompt tensors, momentum buffers, config, class list, epoch)
 * and that epoch's metrics are written atomically into the run directory; {@link #fit} resumes from the last one and
 * ends with the same tensors as an uninterrupted run, because the batches depend only on (seed, epoch).
 */
public final class Trainer {
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().create();

    private final PromptLearner learner;
    private final TrainingObjective objective;
    private final TrainConfig config;
    private final Path runDir;
    private final PrintStream progress;
    private int logEvery = 20;

    /**
     * @param runDir where checkpoints and metrics.csv go (created if missing)
     * @param progress where progress lines go (null: silent)
     */
    public Trainer(PromptLearner learner, TrainingObjective objective, TrainConfig config, Path runDir,
            PrintStream progress) {
        this.learner = learner;
        this.objective = objective;
        this.config = config;
        this.runDir = runDir;
        this.progress = progress;
    }

    public Trainer logEvery(int steps) {
        this.logEvery = Math.max(1, steps);
        return this;
    }

    /** Trains for the configured epochs, starting after the last checkpoint in the run directory if there is one. */
    public void fit(BatchSource data) {
        fitEpochs(data, config.epochs());
    }

    /**
     * Trains until {@code untilEpoch} epochs are done (at most the configured number), resuming as {@link #fit};
     * the schedule is the configured one, so stopping early and resuming later gives the same run.
     */
    public void fitEpochs(BatchSource data, int untilEpoch) {
        LrSchedule schedule = config.schedule();
        try (Sgd sgd = new Sgd(learner.trainableParameters(), config.momentum(), config.weightDecay());
                NDManager batches = NDManager.newBaseManager(
                        learner.trainableParameters().values().iterator().next().getDevice())) {
            int start = resume(sgd);
            for (int epoch = start; epoch < Math.min(untilEpoch, config.epochs()); epoch++) {
                float lr = schedule.at(epoch);
                List<String> rows = new ArrayList<>();
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
                        var out = learner.forward(b.images(), objective.hiddenLayers());
                        NDArray l = objective.loss(out, labels);
                        gc.backward(l);
                        loss = l.getFloat();
                        right = countCorrect(out.logits(), b.labels());
                        b.images().close();
                    }
                    sgd.step(lr);
                    if (!Float.isFinite(loss)) {
                        throw new KitException("training diverged at epoch " + (epoch + 1) + " step " + (step + 1)
                                + " (loss " + loss + "); lower the learning rate (lr=" + config.lr() + ").");
                    }
                    step++;
                    lossSum += loss;
                    correct += right;
                    seen += b.labels().length;
                    rows.add(String.format("%d,%d,%.6f,%.4f,%.8g", epoch + 1, step, loss,
                            100.0 * right / b.labels().length, lr));
                    if (progress != null && (step % logEvery == 0 || step == data.batchesPerEpoch())) {
                        progress.printf("[%s] epoch %d/%d  step %d/%d  loss %.4f  acc %.1f%%  lr %.3g  %.0f ms/step%n",
                                learner.method(), epoch + 1, config.epochs(), step, data.batchesPerEpoch(),
                                lossSum / step, 100.0 * correct / seen, lr, (System.nanoTime() - t0) / 1e6 / step);
                    }
                }
                checkpoint(epoch + 1, sgd, rows);
            }
        }
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

    // ---- checkpoints ----

    private Path latestFile() {
        return runDir.resolve("latest");
    }

    /** What must match for a resume: the method, the config and the class list. */
    private JsonObject identity() {
        JsonObject id = new JsonObject();
        id.addProperty("method", learner.method());
        id.add("config", GSON.toJsonTree(config.asMap()));
        id.add("classnames", GSON.toJsonTree(learner.classnames()));
        return id;
    }

    /** Loads the last checkpoint if any and returns the number of epochs it completed. */
    private int resume(Sgd sgd) {
        try {
            Files.createDirectories(runDir);
            if (!Files.exists(latestFile())) {
                return 0;
            }
            Path dir = runDir.resolve(Files.readString(latestFile()).trim());
            JsonObject state = GSON.fromJson(Files.readString(dir.resolve("state.json")), JsonObject.class);
            JsonObject expected = identity();
            for (String key : List.of("method", "config", "classnames")) {
                if (!state.get(key).equals(expected.get(key))) {
                    throw new KitException("run directory " + runDir + " holds a checkpoint of a different " + key
                            + ":\n  saved: " + state.get(key) + "\n  now:   " + expected.get(key)
                            + "\nUse a new run directory, or delete this one to start over.");
                }
            }
            try (NDManager m = NDManager.newBaseManager()) {
                Map<String, NDArray> tensors = SafeTensors.read(dir.resolve("prompt.safetensors"), m);
                Map<String, NDArray> prompt = new LinkedHashMap<>();
                Map<String, NDArray> momentum = new LinkedHashMap<>();
                tensors.forEach((k, v) -> (k.startsWith("sgd.") ? momentum : prompt)
                        .put(k.startsWith("sgd.") ? k.substring(4) : k, v));
                loadInto(learner, prompt, dir.toString());
                sgd.load(momentum);
            }
            int epoch = state.get("epoch").getAsInt();
            if (progress != null) {
                progress.printf("[%s] resuming from %s (epoch %d done)%n", learner.method(), dir, epoch);
            }
            return epoch;
        } catch (IOException e) {
            throw new KitException("cannot read the checkpoint in " + runDir + ": " + e.getMessage(), e);
        }
    }

    /**
     * Loads the prompt tensors of the last checkpoint in {@code runDir} into {@code learner}, for evaluation (the
     * class list may differ: base → new, cross-dataset targets). The method must be the one that was trained.
     *
     * @return the number of epochs the checkpoint completed
     */
    public static int loadCheckpoint(PromptLearner learner, Path runDir) {
        try {
            Path latest = runDir.resolve("latest");
            if (!Files.exists(latest)) {
                throw new KitException("no checkpoint in " + runDir + " (no 'latest' file). Train first, or point "
                        + "at the run directory of a finished training run.");
            }
            Path dir = runDir.resolve(Files.readString(latest).trim());
            JsonObject state = GSON.fromJson(Files.readString(dir.resolve("state.json")), JsonObject.class);
            String method = state.get("method").getAsString();
            if (!method.equals(learner.method())) {
                throw new KitException("checkpoint " + dir + " was trained with " + method + "; it cannot be loaded "
                        + "into a " + learner.method() + " learner.");
            }
            try (NDManager m = NDManager.newBaseManager()) {
                Map<String, NDArray> prompt = new LinkedHashMap<>();
                SafeTensors.read(dir.resolve("prompt.safetensors"), m).forEach((k, v) -> {
                    if (!k.startsWith("sgd.")) {
                        prompt.put(k, v);
                    }
                });
                loadInto(learner, prompt, dir.toString());
            }
            return state.get("epoch").getAsInt();
        } catch (IOException e) {
            throw new KitException("cannot read the checkpoint in " + runDir + ": " + e.getMessage(), e);
        }
    }

    /** Copies saved prompt tensors into the learner's tensors in place (names and shapes must match). */
    static void loadInto(PromptLearner learner, Map<String, NDArray> saved, String source) {
        Map<String, NDArray> all = new LinkedHashMap<>(learner.trainableParameters());
        all.putAll(learner.frozenState());
        if (!all.keySet().equals(saved.keySet())) {
            throw new KitException("checkpoint " + source + " has tensors " + saved.keySet() + " but this "
                    + learner.method() + " learner has " + all.keySet() + ": it was saved by another method or "
                    + "configuration.");
        }
        for (Map.Entry<String, NDArray> e : all.entrySet()) {
            NDArray v = saved.get(e.getKey());
            if (!v.getShape().equals(e.getValue().getShape())) {
                throw new KitException("checkpoint " + source + ": tensor '" + e.getKey() + "' has shape "
                        + v.getShape() + ", the learner's is " + e.getValue().getShape());
            }
            try (NDScope s = new NDScope()) {
                e.getValue().set(new ai.djl.ndarray.index.NDIndex("..."),
                        v.toType(e.getValue().getDataType(), false));
            }
        }
    }

    /** Writes epoch-N/ (tensors + state), then points 'latest' at it (atomic rename), then drops older epochs. */
    private void checkpoint(int epochsDone, Sgd sgd, List<String> metricRows) {
        try {
            Path dir = runDir.resolve("epoch-" + epochsDone);
            Path tmp = runDir.resolve("epoch-" + epochsDone + ".tmp");
            deleteTree(tmp);
            Files.createDirectories(tmp);
            Map<String, NDArray> tensors = new LinkedHashMap<>(learner.trainableParameters());
            tensors.putAll(learner.frozenState());
            sgd.state().forEach((k, v) -> tensors.put("sgd." + k, v));
            SafeTensors.write(tmp.resolve("prompt.safetensors"), tensors, Map.of("method", learner.method()));
            JsonObject state = identity();
            state.addProperty("epoch", epochsDone);
            Files.writeString(tmp.resolve("state.json"), GSON.toJson(state));
            deleteTree(dir);
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            appendMetrics(metricRows);
            Path latestTmp = runDir.resolve("latest.tmp");
            Files.writeString(latestTmp, dir.getFileName().toString());
            Files.move(latestTmp, latestFile(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            for (int e = 1; e < epochsDone; e++) {
                deleteTree(runDir.resolve("epoch-" + e));
            }
        } catch (IOException e) {
            throw new KitException("cannot write a checkpoint into " + runDir + ": " + e.getMessage(), e);
        }
    }

    // metrics.csv holds the rows of completed epochs only; rows of an epoch that crashed are never written
    private void appendMetrics(List<String> rows) throws IOException {
        Path csv = runDir.resolve("metrics.csv");
        StringBuilder sb = new StringBuilder();
        if (!Files.exists(csv)) {
            sb.append("epoch,step,loss,acc,lr\n");
        }
        for (String r : rows) {
            sb.append(r).append('\n');
        }
        Files.writeString(csv, sb.toString(), StandardCharsets.UTF_8, StandardOpenOption.CREATE,
                StandardOpenOption.APPEND, StandardOpenOption.SYNC);
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (var walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
