package org.commakit.protocol;

import org.commakit.KitException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipTokenizer;
import org.commakit.data.Benchmarks;
import org.commakit.data.DataRoot;
import org.commakit.data.DatasetCatalog;
import org.commakit.miniworld.MiniClip;
import org.commakit.miniworld.MiniDataset;
import org.commakit.miniworld.MiniDatasets;
import org.commakit.miniworld.MiniWorld;
import org.commakit.miniworld.MiniSchedule;
import org.commakit.train.Method;
import org.commakit.train.TrainConfig;

/**
 * The one setting that picks the world every API, command and notebook runs in.
 *
 * <ul>
 *   <li>{@link #MINI} (default): the mini world, generated on first use into {@code -Dcomma.mini}, {@code
 *       $COMMA_MINI} or {@code ~/.comma/mini-world}, and the kit's pretrained MiniCLIP from the library jar.
 *   <li>{@link #FULL}: CLIP ViT-B/16 from {@code $COMMA_WEIGHTS} ({@code data-scripts/clip_weights.sh}) and the real
 *       datasets under the data root ({@link DataRoot}), on the GPU in fp16 when one is present.
 * </ul>
 *
 * <p>Chosen by {@code -Dcomma.preset=mini|full} or {@code $COMMA_PRESET}; {@code -Dcomma.clip=FILE} points either at
 * another CLIP checkpoint (TorchScript or safetensors).
 */
public enum Preset {
    MINI,
    FULL;

    /** The MiniCLIP checkpoint and vocabulary are copied here under the mini world's root ({@link #weightsFolder}). */
    public static final String MINI_WEIGHTS_FOLDER = "mini-clip-weights";

    /** The preset named by {@code -Dcomma.preset} or {@code $COMMA_PRESET}, else {@link #MINI}. */
    public static Preset current() {
        String v = setting("comma.preset", "COMMA_PRESET");
        return v == null ? MINI : of(v);
    }

    /** {@code "mini"} or {@code "full"} (any case). */
    public static Preset of(String name) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "mini" -> MINI;
            case "full" -> FULL;
            default -> throw new KitException("unknown preset '" + name + "'; use mini (the embedded mini world, CPU) "
                    + "or full (ViT-B/16 and the real datasets); set it with -Dcomma.preset or COMMA_PRESET");
        };
    }

    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Where the datasets are; for {@link #MINI}, generated there first if missing ({@link #prepare()}). */
    public Path dataRoot() {
        if (this == FULL) {
            return DataRoot.get();
        }
        String p = setting("comma.mini", "COMMA_MINI");
        return p == null ? Path.of(System.getProperty("user.home"), ".comma", "mini-world") : Path.of(p);
    }

    /** Makes the data root ready: generates the mini world (idempotent, ~20 s) or checks the full data root exists. */
    public Path prepare() {
        Path root = dataRoot();
        if (this == MINI) {
            if (Files.exists(root) && !Files.isDirectory(root)) {
                throw new KitException("the mini world's folder " + root + " is a file; point -Dcomma.mini / COMMA_MINI "
                        + "at a folder (it is created and filled on the first run)");
            }
            try {
                MiniWorld.generate(root, MiniWorld.DEFAULT_SEED);
            } catch (java.io.UncheckedIOException e) {
                throw new KitException("cannot generate the mini world in " + root + ": " + KitException.reason(e)
                        + "; point -Dcomma.mini / COMMA_MINI at a writable folder (the default is under your home "
                        + "folder)", e);
            }
        } else if (!Files.isDirectory(root)) {
            throw new KitException("the full preset's data root " + root + (Files.exists(root) ? " is a file, not a "
                    + "folder" : " does not exist") + ": download the datasets with data-scripts/all.sh (or one "
                    + "data-scripts/<dataset>.sh), or point -Dcomma.data / COMMA_DATA at the folder that holds them");
        }
        return root;
    }

    /**
     * Folder of the CLIP weights and vocabulary. For {@link #MINI}, a folder beside the world's own ones: a file
     * added inside a folder the generator owns (its {@code mini-clip/}) would change the world's hash, and the next
     * {@link #prepare()} would regenerate the whole world.
     */
    public Path weightsFolder() {
        if (this == MINI) {
            return dataRoot().resolve(MINI_WEIGHTS_FOLDER);
        }
        String p = setting("comma.weights", "COMMA_WEIGHTS");
        return p == null ? Path.of(System.getProperty("user.home"), ".comma", "weights") : Path.of(p);
    }

    /** The CLIP checkpoint: {@code -Dcomma.clip}, else MiniCLIP or {@code ViT-B-16.pt}. */
    public Path clipCheckpoint() {
        String p = setting("comma.clip", "COMMA_CLIP");
        if (p != null) {
            if (!Files.isRegularFile(Path.of(p))) {
                throw new KitException("the CLIP checkpoint " + p + " named by -Dcomma.clip / COMMA_CLIP "
                        + (Files.exists(Path.of(p)) ? "is a folder, not a file" : "does not exist") + "; point it at a "
                        + "CLIP checkpoint file (TorchScript or safetensors), or unset it for the preset's");
            }
            return Path.of(p);
        }
        if (this == MINI) {
            return weights(() -> MiniClip.checkpoint(weightsFolder()));
        }
        Path f = weightsFolder().resolve("ViT-B-16.pt");
        if (!Files.isRegularFile(f)) {
            throw new KitException("CLIP ViT-B/16 weights not found at " + f + ": run data-scripts/clip_weights.sh, "
                    + "or set COMMA_WEIGHTS to the folder that has ViT-B-16.pt, or -Dcomma.clip to a checkpoint file");
        }
        return f;
    }

    /**
     * The BPE vocabulary that goes with {@link #clipCheckpoint()}; for {@link #FULL}, a copy in the weights folder if
     * there is one, else OpenAI's vocabulary bundled in the library (docs/tokenizer.md#the-bundled-vocabulary).
     */
    public Path vocabulary() {
        if (this == MINI) {
            return weights(() -> MiniClip.vocabulary(weightsFolder()));
        }
        Path f = weightsFolder().resolve(ClipTokenizer.OPENAI_VOCABULARY);
        return Files.isRegularFile(f) ? f : ClipTokenizer.openAiVocabulary();
    }

    /** The tokenizer of this preset's CLIP. */
    public ClipTokenizer tokenizer() {
        return ClipTokenizer.load(vocabulary());
    }

    /**
     * Loads this preset's CLIP: fp32 on the CPU; with {@link #FULL} on a GPU, fp16 on the GPU as the reference code
     * runs.
     */
    public Clip loadClip() {
        return loadClip(clipCheckpoint());
    }

    /** Loads another CLIP checkpoint on this preset's device and precision (as {@link #loadClip()}). */
    public Clip loadClip(Path checkpoint) {
        return Clip.load(checkpoint, this == FULL);
    }

    /** The datasets of the three protocols: the paper's lists, or the mini world's counterparts. */
    public ProtocolDatasets datasets() {
        if (this == FULL) {
            return ProtocolDatasets.paper();
        }
        List<String> baseToNew = new java.util.ArrayList<>();
        baseToNew.add(MiniDatasets.IMAGENET.name());
        MiniDatasets.targets().forEach(d -> baseToNew.add(d.name()));
        return new ProtocolDatasets(baseToNew, MiniDatasets.IMAGENET.name(),
                MiniDatasets.targets().stream().map(MiniDataset::name).toList(),
                MiniDatasets.variants().stream().map(MiniDataset::name).toList());
    }

    /** The datasets of this preset by name: readers and hand-crafted templates. */
    public DatasetCatalog catalog() {
        return this == FULL ? Benchmarks.catalog() : MiniDatasets.catalog();
    }

    /** Whether a dataset name belongs to this preset. */
    public boolean has(String dataset) {
        return catalog().has(dataset);
    }

    /**
     * The training settings of {@code method} on {@code dataset} for {@code seed}: the reference config
     * ({@link Method#referenceConfig}, 16 shots) with {@link #FULL}; with {@link #MINI} the mini world's smaller
     * schedule, all of whose differences are in {@link MiniSchedule}.
     *
     * @param crossDataset true for cross-dataset and domain-generalization training (all source classes)
     */
    public TrainConfig trainConfig(Method method, boolean crossDataset, String dataset, int seed) {
        return trainConfig(method, crossDataset, dataset, seed, MiniSchedule.Schedule.current());
    }

    /** As {@link #trainConfig(Method, boolean, String, int)} with the mini world's {@code schedule}. */
    public TrainConfig trainConfig(Method method, boolean crossDataset, String dataset, int seed,
            MiniSchedule.Schedule schedule) {
        if (this == MINI) {
            return MiniSchedule.config(schedule, method, crossDataset, dataset, seed);
        }
        return method.referenceConfig(crossDataset, 16, dataset).with("seed=" + seed);
    }

    /**
     * Whether training images are randomly cropped and flipped: yes with {@link #FULL}, as the reference; with
     * {@link #MINI}, {@link MiniSchedule#AUGMENT}.
     */
    public boolean augmentsTraining() {
        return this == FULL || MiniSchedule.AUGMENT;
    }

    /** MiniCLIP's files, copied from the library jar beside the mini world on first use. */
    private Path weights(java.util.function.Supplier<Path> copy) {
        try {
            return copy.get();
        } catch (java.io.UncheckedIOException e) {
            throw new KitException("cannot copy MiniCLIP's weights into " + weightsFolder() + ": "
                    + KitException.reason(e) + "; point -Dcomma.mini / COMMA_MINI at a writable folder (the default "
                    + "is under your home folder)", e);
        }
    }

    private static String setting(String property, String env) {
        String v = System.getProperty(property);
        if (v == null || v.isBlank()) {
            v = System.getenv(env);
        }
        return v == null || v.isBlank() ? null : v;
    }
}
