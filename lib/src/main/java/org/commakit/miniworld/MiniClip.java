package org.commakit.miniworld;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.commakit.KitException;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipConfig;
import org.commakit.clip.ClipTokenizer;
import org.commakit.clip.ClipWeights;
import org.commakit.clip.ImagePreprocess;
import org.commakit.clip.ZeroShotClassifier;
import org.commakit.data.ClassSubsample;
import org.commakit.data.DatasetSplits;
import org.commakit.data.Datum;
import org.commakit.train.Accuracy;
import org.commakit.data.Batch;
import org.commakit.data.DatasetBatches;

/**
 * MiniCLIP: the mini world's CLIP. The same {@link Clip} classes and checkpoint format as ViT-B/16, with small
 * dimensions and the mini BPE vocabulary, pretrained contrastively by the kit on {@link MiniCaptions}.
 *
 * <p>The committed checkpoint ({@value #RESOURCE}, with its vocabulary {@value #VOCAB_RESOURCE}) was made by
 * {@code ./kit mini pretrain} with the defaults of {@link #DEFAULTS}; the command prints the zero-shot base/new table
 * of every mini dataset at the end, and the checkpoint's metadata records the command, the seed and those figures.
 */
public final class MiniClip {
    /** Classpath location of the committed checkpoint (safetensors, OpenAI's tensor names, fp32). */
    public static final String RESOURCE = "/org/commakit/mini/mini-clip.safetensors";
    /** Classpath location of the vocabulary the checkpoint was trained with (OpenAI's merges format). */
    public static final String VOCAB_RESOURCE = "/org/commakit/mini/bpe_mini_vocab.txt.gz";

    /**
     * The architecture: 32-px images in 8-px patches (16 + 1 tokens), width 128 (2 heads) and 4 blocks per tower,
     * 128-d joint space, OpenAI's 77-token context.
     */
    public static ClipConfig config(int vocabSize) {
        return new ClipConfig(128, MiniCaptions.imageSize(), 8, 128, 4, 2, ClipTokenizer.CONTEXT_LENGTH, vocabSize,
                128, 4, 2);
    }

    /** The pretraining recipe; {@link #DEFAULTS} made the committed checkpoint. */
    public record Recipe(long initSeed, long captionSeed, int steps, int batchSize, float lr, float weightDecay,
            int warmupSteps) {
        public ClipPretraining.Config config(int logEvery) {
            return new ClipPretraining.Config(steps, batchSize, lr, weightDecay, warmupSteps, logEvery);
        }
    }

    public static final Recipe DEFAULTS = new Recipe(1, MiniCaptions.DEFAULT_SEED, 1500, 128, 1e-3f, 0.1f, 100);

    private MiniClip() {}

    /**
     * The committed MiniCLIP checkpoint as a file, copied once from the library jar into {@code folder} (kept if
     * already there with the same size).
     */
    public static Path checkpoint(Path folder) {
        return extract(RESOURCE, folder.resolve("mini-clip.safetensors"));
    }

    /** The committed checkpoint's vocabulary as a file in {@code folder}. */
    public static Path vocabulary(Path folder) {
        return extract(VOCAB_RESOURCE, folder.resolve(MiniBpeTrainer.FILE_NAME));
    }

    private static Path extract(String resource, Path file) {
        try (InputStream in = MiniClip.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new KitException("the kit's library jar has no " + resource + "; rebuild it with ./mvnw -pl lib "
                        + "install, or make the file with ./kit mini pretrain --out lib/src/main/resources"
                        + "/org/commakit/mini");
            }
            byte[] bytes = in.readAllBytes();
            if (Files.isRegularFile(file) && Files.size(file) == bytes.length
                    && java.util.Arrays.equals(Files.readAllBytes(file), bytes)) {
                return file;
            }
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".part");
            Files.write(tmp, bytes);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Caption batches of the mini world: images normalised as CLIP's preprocessing does, captions tokenized. */
    public static ClipPretraining.CaptionBatches captionBatches(MiniCaptions corpus, ClipTokenizer tokenizer) {
        return (step, batchSize, manager) -> {
            MiniCaptions.Batch b = corpus.chwBatch(step, batchSize);
            float[] px = b.pixels();
            int plane = MiniCaptions.imageSize() * MiniCaptions.imageSize();
            for (int i = 0; i < px.length; i++) {
                int c = (i / plane) % 3;
                px[i] = (px[i] - ImagePreprocess.CLIP_MEAN[c]) / ImagePreprocess.CLIP_STD[c];
            }
            int[][] ids = tokenizer.tokenize(b.captions());
            int s = MiniCaptions.imageSize();
            NDArray images = manager.create(px, new Shape(batchSize, 3, s, s)).duplicate();
            long[] flat = new long[ids.length * ids[0].length];
            for (int i = 0; i < ids.length; i++) {
                for (int j = 0; j < ids[i].length; j++) {
                    flat[i * ids[i].length + j] = ids[i][j];
                }
            }
            NDArray tokens = manager.create(flat, new Shape(ids.length, ids[0].length)).duplicate();
            return new ClipPretraining.Batch(images, tokens);
        };
    }

    /** Pretrains a MiniCLIP from scratch with {@code recipe}; progress lines go to {@code log}. */
    public static Clip pretrain(Recipe recipe, ClipTokenizer tokenizer, PrintStream log) {
        ClipConfig cfg = config(tokenizer.vocabSize());
        Clip clip = Clip.of(ClipWeights.initialize(cfg, recipe.initSeed(), Device.cpu(), DataType.FLOAT32));
        ClipPretraining.run(clip, captionBatches(new MiniCaptions(recipe.captionSeed()), tokenizer),
                recipe.config(25), log);
        return clip;
    }

    /** One row of the zero-shot table: a dataset's test accuracy on its base and new halves, or on all classes. */
    public record ZeroShotRow(String dataset, int classes, double base, double newClasses, double all,
            double chance) {}

    /**
     * Zero-shot accuracy of {@code clip} on every mini dataset's test split with the dataset's template: base and new
     * halves (each classified among its own half, as the base-to-new protocol does) for datasets with a train split,
     * all classes for the test-only variants.
     */
    public static List<ZeroShotRow> zeroShotTable(Clip clip, ClipTokenizer tokenizer, Path worldRoot) {
        List<ZeroShotRow> rows = new ArrayList<>();
        ImagePreprocess pre = new ImagePreprocess(clip.config().imageResolution());
        for (MiniDataset d : MiniDatasets.all()) {
            DatasetSplits s = d.reader().read(worldRoot);
            if (d.trainPerClass() == 0) { // a test-only variant
                double all = accuracy(clip, tokenizer, pre, s, d.template());
                rows.add(new ZeroShotRow(d.name(), s.numClasses(), Double.NaN, Double.NaN, all,
                        100.0 / s.numClasses()));
            } else {
                DatasetSplits base = ClassSubsample.apply(s, ClassSubsample.Subset.BASE);
                DatasetSplits nw = ClassSubsample.apply(s, ClassSubsample.Subset.NEW);
                rows.add(new ZeroShotRow(d.name(), s.numClasses(), accuracy(clip, tokenizer, pre, base, d.template()),
                        accuracy(clip, tokenizer, pre, nw, d.template()), accuracy(clip, tokenizer, pre, s,
                                d.template()), 100.0 / ((s.numClasses() + 1) / 2)));
            }
        }
        return rows;
    }

    /** Zero-shot top-1 on a split's test images among its classes (class names in label order). */
    public static double accuracy(Clip clip, ClipTokenizer tokenizer, ImagePreprocess pre, DatasetSplits s,
            String template) {
        List<String> names = classnamesByLabel(s.test().isEmpty() ? s.train() : s.test(), s);
        Accuracy acc = new Accuracy(names.size());
        try (ZeroShotClassifier zs = ZeroShotClassifier.build(clip, tokenizer, names, List.of(template));
                DatasetBatches batches = DatasetBatches.test(s.test(), pre, 128).classes(names.size());
                NDManager m = NDManager.newBaseManager(clip.device())) {
            for (Batch b : batches.epoch(0, m)) {
                try (NDScope scope = new NDScope()) {
                    acc.add(zs.predict(b.images()), b.labels());
                }
                b.images().close();
            }
        }
        return acc.top1();
    }

    private static List<String> classnamesByLabel(List<Datum> items, DatasetSplits s) {
        Map<Integer, String> byLabel = new java.util.TreeMap<>();
        for (List<Datum> part : List.of(s.train(), s.val(), s.test())) {
            for (Datum d : part) {
                byLabel.putIfAbsent(d.label(), d.classname());
            }
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < byLabel.size(); i++) {
            String n = byLabel.get(i);
            if (n == null) {
                throw new KitException("dataset " + s.name() + " has no image with label " + i + "; labels must be "
                        + "0.." + (byLabel.size() - 1));
            }
            out.add(n);
        }
        return out;
    }

    /** The table as text, with means over the datasets that have base/new halves. */
    public static String format(List<ZeroShotRow> rows) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "%-20s %7s %7s %7s %7s %7s%n", "dataset", "classes", "base", "new",
                "all", "chance"));
        double b = 0;
        double n = 0;
        int k = 0;
        for (ZeroShotRow r : rows) {
            sb.append(String.format(Locale.ROOT, "%-20s %7d %7s %7s %7.1f %7.1f%n", r.dataset(), r.classes(),
                    fmt(r.base()), fmt(r.newClasses()), r.all(), r.chance()));
            if (!Double.isNaN(r.base())) {
                b += r.base();
                n += r.newClasses();
                k++;
            }
        }
        sb.append(String.format(Locale.ROOT, "%-20s %7s %7.1f %7.1f%n", "mean (base/new)", "", b / k, n / k));
        return sb.toString();
    }

    private static String fmt(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    /**
     * {@code ./kit mini pretrain}: pretrains MiniCLIP with {@code r} on the world in {@code world} (generated first if
     * missing), prints the zero-shot table to {@code log}, and writes {@code mini-clip.safetensors} (its metadata: the
     * recipe, the command, the thread count, the table) and its vocabulary to {@code out}.
     */
    public static void pretrainAndSave(Recipe r, Path world, Path out, PrintStream log) {
        MiniWorld.generate(world, MiniWorld.DEFAULT_SEED, new MiniWorld.Options(1.0,
                Runtime.getRuntime().availableProcessors(), log));
        Path vocabFile = MiniWorld.bpeVocab(world);
        ClipTokenizer tokenizer = ClipTokenizer.load(vocabFile);
        String threads = System.getProperty("ai.djl.pytorch.num_threads", "default");
        if (!threads.equals("1")) {
            log.println("note: libtorch runs with " + threads + " threads; its parallel reductions make the "
                    + "weights differ in the last bits from run to run, and the zero-shot table by up to several "
                    + "points per dataset. KIT_THREADS=1 makes the run reproducible bit for bit.");
        }
        long t0 = System.nanoTime();
        log.printf(Locale.ROOT, "pretraining MiniCLIP: %s, %d steps of batch %d, lr %.1e, seed %d, %s "
                        + "libtorch thread(s)%n", config(tokenizer.vocabSize()), r.steps(), r.batchSize(), r.lr(),
                r.initSeed(), threads);
        try (Clip clip = pretrain(r, tokenizer, log)) {
            double minutes = (System.nanoTime() - t0) / 6e10;
            List<ZeroShotRow> rows = zeroShotTable(clip, tokenizer, world);
            String table = format(rows);
            log.printf(Locale.ROOT, "pretraining took %.1f min; zero-shot test accuracy (%%):%n%s", minutes, table);
            Map<String, String> meta = new LinkedHashMap<>();
            meta.put("model", "MiniCLIP");
            meta.put("recipe", r.toString());
            meta.put("command", "KIT_THREADS=" + threads + " ./kit mini pretrain --steps " + r.steps() + " --batch "
                    + r.batchSize() + " --lr " + r.lr() + " --seed " + r.initSeed());
            meta.put("libtorch_threads", threads);
            meta.put("world_seed", String.valueOf(MiniWorld.DEFAULT_SEED));
            meta.put("minutes", String.format(Locale.ROOT, "%.1f", minutes));
            meta.put("zero_shot", table);
            Files.createDirectories(out);
            clip.weights().save(out.resolve("mini-clip.safetensors"), meta);
            Files.copy(vocabFile, out.resolve(MiniBpeTrainer.FILE_NAME), StandardCopyOption.REPLACE_EXISTING);
            log.println("wrote " + out.resolve("mini-clip.safetensors"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write MiniCLIP to " + out + ": " + e.getMessage(), e);
        }
    }
}
