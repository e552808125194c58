package org.commakit.train;

import org.commakit.data.BatchSource;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.index.NDIndex;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.reflect.TypeToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.commakit.KitException;
import org.commakit.clip.SafeTensors;
import org.commakit.prompt.PromptLearner;

/**
 * A training checkpoint: the folder {@code epoch-N/} of a run directory, written after epoch N.
 *
 * <pre>
 *   epoch-N/prompt.safetensors     the learner's trainable and frozen tensors, by their names
 *   epoch-N/optimizer.safetensors  SGD momentum buffers, by parameter name
 *   epoch-N/checkpoint.json        method, config, class list (+ SHA-256), epoch, RNG rule, optimizer, file hashes
 * </pre>
 *
 * <p>Atomic: everything is written into {@code epoch-N.tmp/}, synced, then renamed to {@code epoch-N/} in one step;
 * only then are older checkpoints deleted. A crash at any point leaves the previous complete checkpoint, and
 * {@link #latest} never sees a half-written one.
 */
public final class Checkpoint {
    public static final String FORMAT = "commakit-checkpoint/1";
    private static final Gson GSON = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
    private static final Pattern DIR = Pattern.compile("epoch-(\\d+)");
    static final String PROMPT_FILE = "prompt.safetensors";
    static final String OPTIMIZER_FILE = "optimizer.safetensors";
    static final String META_FILE = "checkpoint.json";

    private final Path dir;
    private final JsonObject meta;

    private Checkpoint(Path dir, JsonObject meta) {
        this.dir = dir;
        this.meta = meta;
    }

    /** The last complete checkpoint in {@code runDir}, if any (temporary folders of an interrupted write are ignored). */
    public static Optional<Checkpoint> latest(Path runDir) {
        if (!Files.isDirectory(runDir)) {
            return Optional.empty();
        }
        Path best = null;
        int bestEpoch = -1;
        try (Stream<Path> children = Files.list(runDir)) {
            for (Path p : (Iterable<Path>) children::iterator) {
                Matcher m = DIR.matcher(p.getFileName().toString());
                if (m.matches() && Files.isRegularFile(p.resolve(META_FILE))
                        && Integer.parseInt(m.group(1)) > bestEpoch) {
                    bestEpoch = Integer.parseInt(m.group(1));
                    best = p;
                }
            }
        } catch (IOException e) {
            throw new KitException("cannot list run directory " + runDir + ": " + e.getMessage(), e);
        }
        return best == null ? Optional.empty() : Optional.of(read(best));
    }

    /** Reads the checkpoint in folder {@code dir} (an {@code epoch-N} folder). */
    public static Checkpoint read(Path dir) {
        Path file = dir.resolve(META_FILE);
        String fix = "delete " + dir + " to resume from the epoch before (or from scratch)";
        JsonObject meta;
        try {
            meta = GSON.fromJson(Files.readString(file), JsonObject.class);
        } catch (IOException | JsonParseException e) {
            throw new CheckpointException("cannot read checkpoint " + file + " (" + KitException.reason(e) + ")", fix,
                    e);
        }
        if (meta == null || !meta.has("format") || !FORMAT.equals(meta.get("format").getAsString())) {
            throw new CheckpointException(file + " is not a kit checkpoint (expected \"format\": \"" + FORMAT + "\")",
                    fix);
        }
        try {
            meta.get("epoch").getAsInt();
            meta.get("method").getAsString();
            meta.get("learner").getAsString();
            meta.getAsJsonObject("config").entrySet();
            meta.getAsJsonArray("classnames").size();
            meta.get("classnamesSha256").getAsString();
            for (String f : List.of(PROMPT_FILE, OPTIMIZER_FILE)) {
                meta.getAsJsonObject("sha256").get(f).getAsString();
            }
        } catch (RuntimeException e) {
            throw new CheckpointException(file + " is damaged: a field is missing or of the wrong type ("
                    + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage()) + ")", fix, e);
        }
        return new Checkpoint(dir, meta);
    }

    public Path dir() {
        return dir;
    }

    /** The number of epochs completed when it was written. */
    public int epoch() {
        return meta.get("epoch").getAsInt();
    }

    /** The training method (config), e.g. KgCoOp. */
    public String method() {
        return meta.get("method").getAsString();
    }

    /** The prompt learner's {@link PromptLearner#method()} the tensors belong to, e.g. CoOp for KgCoOp. */
    public String learner() {
        return meta.get("learner").getAsString();
    }

    public Map<String, String> config() {
        return GSON.fromJson(meta.get("config"), new TypeToken<LinkedHashMap<String, String>>() {}.getType());
    }

    public List<String> classnames() {
        return GSON.fromJson(meta.get("classnames"), new TypeToken<List<String>>() {}.getType());
    }

    /**
     * How this checkpoint's run differs from a run of {@code method} with {@code config} over {@code classnames}: one
     * readable line per difference (empty when it can be resumed).
     */
    public List<String> differences(String method, TrainConfig config, List<String> classnames) {
        List<String> out = new ArrayList<>();
        if (!method().equals(method)) {
            out.add("method: saved " + method() + ", now " + method);
        }
        Map<String, String> saved = config();
        Map<String, String> now = config.asMap();
        for (String key : now.keySet()) {
            if (!now.get(key).equals(saved.get(key))) {
                out.add("config " + key + ": saved " + saved.get(key) + ", now " + now.get(key));
            }
        }
        for (String key : saved.keySet()) {
            if (!now.containsKey(key)) {
                out.add("config " + key + ": saved " + saved.get(key) + ", unknown to this kit version");
            }
        }
        List<String> savedClasses = classnames();
        if (!savedClasses.equals(classnames)) {
            String hashes = " (SHA-256 " + meta.get("classnamesSha256").getAsString().substring(0, 12) + " vs "
                    + classListHash(classnames).substring(0, 12) + ")";
            if (savedClasses.size() != classnames.size()) {
                out.add("class list: saved " + savedClasses.size() + " classes, now " + classnames.size() + hashes);
            } else {
                for (int i = 0; i < classnames.size(); i++) {
                    if (!savedClasses.get(i).equals(classnames.get(i))) {
                        out.add("class list: class " + i + " saved '" + savedClasses.get(i) + "', now '"
                                + classnames.get(i) + "'" + hashes);
                        break;
                    }
                }
            }
        }
        return out;
    }

    /**
     * Copies the saved prompt tensors into {@code learner}'s tensors in place (for a resume, or for evaluating the
     * final model on other classes: the tensors do not depend on the class list). All names and shapes are checked
     * before anything is changed.
     */
    public void loadPrompt(PromptLearner learner) {
        if (!learner().equals(learner.method())) {
            throw new KitException("checkpoint " + dir + " holds a " + learner() + " prompt learner (trained as "
                    + method() + "), not a " + learner.method() + " one");
        }
        try (NDManager m = NDManager.newBaseManager(learner.trainableParameters().values().iterator().next()
                .getDevice())) {
            Map<String, NDArray> saved = readVerified(PROMPT_FILE, m);
            Map<String, NDArray> target = new LinkedHashMap<>(learner.trainableParameters());
            target.putAll(learner.frozenState());
            if (!target.keySet().equals(saved.keySet())) {
                throw new KitException("checkpoint " + dir + " has tensors " + saved.keySet() + " but this "
                        + learner.method() + " learner has " + target.keySet() + ": it was saved with other "
                        + "settings (prompt depth, n_ctx, mode). Build the learner with the checkpoint's config.");
            }
            for (Map.Entry<String, NDArray> e : target.entrySet()) {
                NDArray v = saved.get(e.getKey());
                if (!v.getShape().equals(e.getValue().getShape())) {
                    throw new KitException("checkpoint " + dir + ": tensor '" + e.getKey() + "' has shape "
                            + v.getShape() + ", the learner's is " + e.getValue().getShape()
                            + " (another CLIP backbone or n_ctx?)");
                }
            }
            for (Map.Entry<String, NDArray> e : target.entrySet()) {
                try (NDScope s = new NDScope()) {
                    NDArray v = saved.get(e.getKey()).toType(e.getValue().getDataType(), false);
                    e.getValue().set(new NDIndex("..."), v); // in place: the optimiser keeps the same arrays
                }
            }
        }
    }

    /** Restores the optimiser's momentum buffers. */
    public void loadOptimizer(Sgd sgd) {
        try (NDManager m = NDManager.newBaseManager()) {
            sgd.load(readVerified(OPTIMIZER_FILE, m), dir.resolve(OPTIMIZER_FILE).toString());
        }
    }

    /** Checks that both tensor files are the ones the checkpoint was written with (SHA-256), else an error. */
    public void verify() {
        for (String name : List.of(PROMPT_FILE, OPTIMIZER_FILE)) {
            checkHash(name);
        }
    }

    private Map<String, NDArray> readVerified(String name, NDManager m) {
        checkHash(name);
        return SafeTensors.read(dir.resolve(name), m);
    }

    private void checkHash(String name) {
        Path file = dir.resolve(name);
        if (!Files.isRegularFile(file)) {
            throw new CheckpointException("checkpoint " + dir + " lacks " + name, "delete " + dir
                    + " to resume from the epoch before (or from scratch)");
        }
        String expected = meta.getAsJsonObject("sha256").get(name).getAsString();
        String actual = sha256(file);
        if (!expected.equals(actual)) {
            throw new CheckpointException("checkpoint file " + file + " is damaged (SHA-256 " + actual.substring(0, 12)
                    + "..., " + META_FILE + " says " + expected.substring(0, 12) + "...)", "delete " + dir
                    + " to train from scratch (only the last checkpoint is kept)");
        }
    }

    /**
     * Writes the checkpoint of epoch {@code epoch} into {@code runDir} atomically and deletes older ones.
     *
     * @param beforeRename run after every file is written and synced, just before the rename (tests use it to crash)
     */
    static Checkpoint write(Path runDir, int epoch, PromptLearner learner, TrainConfig config, Sgd sgd,
            float nextLr, Runnable beforeRename) {
        Path finalDir = runDir.resolve("epoch-" + epoch);
        Path tmp = runDir.resolve("epoch-" + epoch + ".tmp");
        try {
            deleteTree(tmp);
            Files.createDirectories(tmp);
            Map<String, NDArray> prompt = new LinkedHashMap<>(learner.trainableParameters());
            prompt.putAll(learner.frozenState());
            SafeTensors.write(tmp.resolve(PROMPT_FILE), prompt, Map.of("method", learner.method()));
            SafeTensors.write(tmp.resolve(OPTIMIZER_FILE), sgd.state(), Map.of("optimizer", "SGD"));

            JsonObject meta = new JsonObject();
            meta.addProperty("format", FORMAT);
            meta.addProperty("method", config.method().id());
            meta.addProperty("learner", learner.method());
            meta.addProperty("epoch", epoch);
            meta.add("config", GSON.toJsonTree(config.asMap()));
            meta.add("classnames", GSON.toJsonTree(learner.classnames()));
            meta.addProperty("classnamesSha256", classListHash(learner.classnames()));
            JsonObject rng = new JsonObject();
            rng.addProperty("seed", config.seed());
            rng.addProperty("nextEpoch", epoch);
            rng.addProperty("rule", "the batches of epoch e (order and augmentation) are a function of (seed, e) "
                    + "alone (BatchSource); nothing else in training is random");
            meta.add("rng", rng);
            JsonObject opt = new JsonObject();
            opt.addProperty("type", "SGD");
            opt.addProperty("momentum", config.momentum());
            opt.addProperty("weightDecay", config.weightDecay());
            opt.addProperty("nextLr", nextLr);
            opt.addProperty("buffers", OPTIMIZER_FILE);
            opt.add("bufferNames", GSON.toJsonTree(new ArrayList<>(sgd.state().keySet())));
            meta.add("optimizer", opt);
            JsonObject tensors = new JsonObject();
            tensors.addProperty("file", PROMPT_FILE);
            tensors.add("trainable", GSON.toJsonTree(new ArrayList<>(learner.trainableParameters().keySet())));
            tensors.add("frozen", GSON.toJsonTree(new ArrayList<>(learner.frozenState().keySet())));
            meta.add("tensors", tensors);
            JsonObject hashes = new JsonObject();
            hashes.addProperty(PROMPT_FILE, sha256(tmp.resolve(PROMPT_FILE)));
            hashes.addProperty(OPTIMIZER_FILE, sha256(tmp.resolve(OPTIMIZER_FILE)));
            meta.add("sha256", hashes);
            Files.writeString(tmp.resolve(META_FILE), GSON.toJson(meta) + "\n", StandardCharsets.UTF_8);

            for (String f : List.of(PROMPT_FILE, OPTIMIZER_FILE, META_FILE)) {
                try (FileChannel ch = FileChannel.open(tmp.resolve(f), StandardOpenOption.WRITE)) {
                    ch.force(true); // on disk before the rename makes the folder visible
                }
            }
            if (beforeRename != null) {
                beforeRename.run();
            }
            deleteTree(finalDir);
            Files.move(tmp, finalDir, StandardCopyOption.ATOMIC_MOVE);
            try (Stream<Path> children = Files.list(runDir)) {
                for (Path p : (Iterable<Path>) children::iterator) {
                    Matcher m = DIR.matcher(p.getFileName().toString());
                    if (m.matches() && Integer.parseInt(m.group(1)) < epoch) {
                        deleteTree(p);
                    }
                }
            }
            return new Checkpoint(finalDir, meta);
        } catch (IOException e) {
            try {
                deleteTree(tmp);
            } catch (IOException ignored) {
                // the next write of this epoch deletes it first
            }
            throw KitException.io("write the checkpoint of epoch " + epoch + " into " + runDir
                    + " (the previous checkpoint, if any, is intact)", e, "");
        }
    }

    /** SHA-256 of the class names joined by newlines (UTF-8), in hex. */
    public static String classListHash(List<String> classnames) {
        return HexFormat.of().formatHex(digest().digest(String.join("\n", classnames)
                .getBytes(StandardCharsets.UTF_8)));
    }

    /** SHA-256 of a file's bytes, in hex. */
    public static String sha256(Path file) {
        MessageDigest md = digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(file), md)) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            throw KitException.io("read " + file, e, "");
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
