package org.commakit.course;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.commakit.KitException;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipTokenizer;
import org.commakit.clip.ImagePreprocess;
import org.commakit.clip.ZeroShotClassifier;
import org.commakit.data.Batch;
import org.commakit.data.ClassSubsample;
import org.commakit.data.DatasetBatches;
import org.commakit.data.DatasetSplits;
import org.commakit.data.Datum;
import org.commakit.data.FewShotSampler;
import org.commakit.loss.KnowledgePreservingLoss;
import org.commakit.loss.TrainingObjective;
import org.commakit.prompt.PromptLearner;
import org.commakit.prompt.PromptOutput;
import org.commakit.protocol.Preset;
import org.commakit.train.Accuracy;
import org.commakit.train.Evaluator;
import org.commakit.train.Method;
import org.commakit.train.TrainConfig;
import org.commakit.train.Trainer;

/**
 * One dataset of a preset with the preset's frozen CLIP, ready for a chapter: its splits, zero-shot accuracy, a
 * prompt learner's short training and accuracy, and CLIP's features of any images, each one call. A chapter opens one
 * in its second cell ({@code Course course = Course.open(PRESET, DATASET);}) and reads the model and data from it.
 *
 * <p>The course owns what it loads (CLIP and the arrays of {@link #imageFeatures}); {@link #close()} frees them.
 */
public final class Course implements AutoCloseable {
    /** Test images per forward pass. */
    public static final int TEST_BATCH = 100;

    private final Preset preset;
    private final String dataset;
    private final Path root;
    private final Clip clip;
    private final ClipTokenizer tokenizer;
    private final ImagePreprocess preprocess;
    private final NDManager manager;
    private final String ownTemplate;
    private DatasetSplits data;

    private Course(Preset preset, String dataset, DatasetSplits own, String ownTemplate) {
        if (own == null) {
            preset.catalog().reader(dataset); // an unknown name fails here, with the preset's datasets listed
        }
        this.preset = preset;
        this.dataset = dataset;
        this.data = own;
        this.ownTemplate = ownTemplate;
        this.root = preset.prepare();
        this.clip = preset.loadClip();
        this.tokenizer = preset.tokenizer();
        this.preprocess = new ImagePreprocess(clip.config().imageResolution());
        this.manager = NDManager.newBaseManager(clip.device());
    }

    /** The dataset {@code dataset} of {@code preset}, with the preset's CLIP (the mini world is drawn if missing). */
    public static Course open(Preset preset, String dataset) {
        return new Course(preset, dataset, null, null);
    }

    /**
     * One's own dataset (e.g. {@link ImageFolder#read}) with the preset's CLIP; {@code template} (with {@code {}} for
     * the class name) is its hand-written prompt, and the reference sentence of the knowledge-preserving loss.
     */
    public static Course open(Preset preset, DatasetSplits own, String template) {
        if (template == null || !template.contains("{}")) {
            throw new KitException("the prompt template '" + template + "' has no {} for the class name; write e.g. "
                    + "\"a photo of a {}.\"");
        }
        return new Course(preset, own.name(), own, template);
    }

    public Preset preset() {
        return preset;
    }

    public String dataset() {
        return dataset;
    }

    /** The data root (for the mini preset, the mini world's folder). */
    public Path root() {
        return root;
    }

    public Clip clip() {
        return clip;
    }

    public ClipTokenizer tokenizer() {
        return tokenizer;
    }

    /** Test-time preprocessing: resize, centre crop, CLIP's normalisation. */
    public ImagePreprocess preprocess() {
        return preprocess;
    }

    /** Training-time preprocessing: random crops and flips as the reference on the full preset. */
    public ImagePreprocess trainPreprocess() {
        return preset.augmentsTraining() ? preprocess : preprocess.withoutAugmentation();
    }

    /** The dataset's hand-crafted prompt template (CoOp's {@code CUSTOM_TEMPLATES}), e.g. "a photo of a {}.". */
    public String template() {
        return ownTemplate != null ? ownTemplate : preset.catalog().template(dataset);
    }

    /** The template of the knowledge-preserving loss's reference sentences (CoOp's, with one fix for DTD). */
    public String knowledgeTemplate() {
        return ownTemplate != null ? ownTemplate : preset.catalog().knowledgeTemplate(dataset);
    }

    /**
     * L_KP (without its weight) of a learner's prompts for the split's classes, measured with one forward pass on the
     * split's first test image (for CoOp, MaPLe and COMMA the text prompts do not depend on the image).
     */
    public double knowledgeLoss(PromptLearner learner, KnowledgePreservingLoss kp, DatasetSplits split) {
        learner.setClassnames(split.classnames());
        try (NDManager m = NDManager.newBaseManager(clip.device()); NDScope scope = new NDScope()) {
            NDArray image = preprocess.toNDArray(m, List.of(preprocess.testTransform(
                    ImagePreprocess.readRgb(split.test().get(0).impath()))));
            PromptOutput out = learner.forward(image, kp.hiddenLayers());
            return kp.knowledgeLoss(out.textHiddenStates()).toType(DataType.FLOAT32, false).getFloat();
        }
    }

    /** The dataset's splits, read once. */
    public DatasetSplits data() {
        if (data == null) {
            data = preset.catalog().reader(dataset).read(root);
        }
        return data;
    }

    /** {@code shots} training images per class (and as many validation images), drawn with {@code seed}. */
    public DatasetSplits fewShot(int shots, int seed) {
        return FewShotSampler.fewShot(data(), shots, seed, null, null);
    }

    /** The base-to-new protocol's two halves of a split: the first half of the classes and the rest. */
    public BaseToNew baseToNew(DatasetSplits split) {
        return new BaseToNew(ClassSubsample.apply(split, ClassSubsample.Subset.BASE),
                ClassSubsample.apply(split, ClassSubsample.Subset.NEW));
    }

    /** The preset's training settings for {@code method} on this dataset, with {@code key=value} changes. */
    public TrainConfig config(Method method, int seed, String... overrides) {
        return preset.trainConfig(method, false, ownTemplate != null ? null : dataset, seed).with(overrides);
    }

    /** A fresh prompt learner of the config's method for the split's classes. */
    public PromptLearner learner(TrainConfig config, DatasetSplits split) {
        return config.method().learner(config, clip, tokenizer, split.classnames());
    }

    /** The split's test images in batches of {@value #TEST_BATCH}, in file order. */
    public DatasetBatches testBatches(DatasetSplits split) {
        return DatasetBatches.test(split.test(), preprocess, TEST_BATCH).classes(split.numClasses()).threads(2);
    }

    /** Zero-shot CLIP's top-1 (%) on the split's test images, with the dataset's hand-crafted template. */
    public double zeroShot(DatasetSplits split) {
        return zeroShot(split, List.of(template()));
    }

    /** Zero-shot CLIP's top-1 (%) with a template or an ensemble of templates (averaged class embeddings). */
    public double zeroShot(DatasetSplits split, List<String> templates) {
        try (ZeroShotClassifier zs = ZeroShotClassifier.build(clip, tokenizer, split.classnames(), templates);
                DatasetBatches test = testBatches(split)) {
            return Evaluator.evaluate(zs, test).top1();
        }
    }

    /** Zero-shot CLIP's counts (top-1, per class) on the split's test images, with the dataset's template. */
    public Accuracy evaluateZeroShot(DatasetSplits split) {
        try (ZeroShotClassifier zs = ZeroShotClassifier.build(clip, tokenizer, split.classnames(), List.of(template()));
                DatasetBatches test = testBatches(split)) {
            return Evaluator.evaluate(zs, test);
        }
    }

    /** Zero-shot CLIP's predicted class of every test image of the split, in order. */
    public int[] zeroShotPredictions(DatasetSplits split) {
        try (ZeroShotClassifier zs = ZeroShotClassifier.build(clip, tokenizer, split.classnames(),
                List.of(template()))) {
            return predictTest(split, zs::predict);
        }
    }

    /** A learner's predicted class of every test image of the split, in order (after switching its classes). */
    public int[] predictions(PromptLearner learner, DatasetSplits split) {
        learner.setClassnames(split.classnames());
        return predictTest(split, images -> {
            try (NDArray best = learner.forward(images, 0).logits().argMax(1)) {
                return java.util.Arrays.stream(best.toLongArray()).mapToInt(x -> (int) x).toArray();
            }
        });
    }

    private int[] predictTest(DatasetSplits split, java.util.function.Function<NDArray, int[]> predictor) {
        int[] out = new int[split.test().size()];
        int seen = 0;
        try (DatasetBatches batches = testBatches(split); NDManager m = NDManager.newBaseManager(clip.device())) {
            for (Batch b : batches.epoch(0, m)) {
                try (NDScope scope = new NDScope()) {
                    int[] p = predictor.apply(b.images());
                    System.arraycopy(p, 0, out, seen, p.length);
                    seen += p.length;
                }
                b.images().close();
            }
        }
        return out;
    }

    /** A learner's top-1 (%) on the split's test images; the learner is switched to the split's classes first. */
    public double accuracy(PromptLearner learner, DatasetSplits split) {
        return evaluate(learner, split).top1();
    }

    /** A learner's counts on the split's test images (top-1, per class), after switching it to the split's classes. */
    public Accuracy evaluate(PromptLearner learner, DatasetSplits split) {
        learner.setClassnames(split.classnames());
        try (DatasetBatches test = testBatches(split)) {
            return Evaluator.evaluate(learner, test);
        }
    }

    /** Trains a learner with its method's loss on the split's (few-shot) training images, silently. */
    public void train(PromptLearner learner, TrainConfig config, DatasetSplits split) {
        TrainingObjective objective = config.method().objective(config, clip, tokenizer, split.classnames(),
                knowledgeTemplate());
        try {
            train(learner, objective, config, split);
        } finally {
            Method.close(objective);
        }
    }

    /**
     * As {@link #train(PromptLearner, TrainConfig, DatasetSplits)}, keeping the checkpoints in {@code runDir} (for
     * {@code Trainer.loadCheckpoint}); a run folder that holds a checkpoint already resumes from it.
     */
    public void train(PromptLearner learner, TrainConfig config, DatasetSplits split, Path runDir) {
        TrainingObjective objective = config.method().objective(config, clip, tokenizer, split.classnames(),
                knowledgeTemplate());
        try (DatasetBatches batches = DatasetBatches.train(split.train(), trainPreprocess(), config.batchSize(),
                config.seed()).classes(split.numClasses()).threads(2)) {
            new Trainer(learner, objective, config, runDir, null).fit(batches);
        } finally {
            Method.close(objective);
        }
    }

    /**
     * Trains a learner with a given objective (e.g. a knowledge-preserving loss of one's own settings) on the split's
     * training images. The checkpoints go to a temporary folder, deleted afterwards; nothing is printed.
     */
    public void train(PromptLearner learner, TrainingObjective objective, TrainConfig config, DatasetSplits split) {
        Path runDir;
        try {
            runDir = Files.createTempDirectory("comma-course-" + learner.method() + "-");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create a temporary run folder", e);
        }
        try (DatasetBatches batches = DatasetBatches.train(split.train(), trainPreprocess(), config.batchSize(),
                config.seed()).classes(split.numClasses()).threads(2)) {
            new Trainer(learner, objective, config, runDir, null).fit(batches);
        } finally {
            deleteTree(runDir);
        }
    }

    /**
     * CLIP's L2-normalised image features (float32, one row per image, in list order) and the images' labels. The
     * arrays belong to this course and are freed with it.
     */
    public ImageFeatures imageFeatures(List<Datum> images) {
        if (images.isEmpty()) {
            throw new KitException("no images to encode: the list is empty");
        }
        int classes = images.stream().mapToInt(Datum::label).max().orElse(0) + 1;
        List<NDArray> parts = new ArrayList<>();
        int[] labels = new int[images.size()];
        int seen = 0;
        try (DatasetBatches batches = DatasetBatches.test(images, preprocess, TEST_BATCH).classes(classes).threads(2)) {
            for (Batch b : batches.epoch(0, manager)) {
                try (NDScope scope = new NDScope()) {
                    NDArray f = Clip.normalize(clip.encodeImage(b.images())).toType(DataType.FLOAT32, false);
                    NDScope.unregister(f);
                    parts.add(f);
                }
                System.arraycopy(b.labels(), 0, labels, seen, b.labels().length);
                seen += b.labels().length;
                b.images().close();
            }
        }
        NDArray all = NDArrays.concat(new NDList(parts), 0);
        parts.forEach(NDArray::close);
        return new ImageFeatures(all, labels);
    }

    /** The class embeddings of a zero-shot classifier: one normalised row per class name (float32). */
    public NDArray classEmbeddings(List<String> classnames, List<String> templates) {
        try (ZeroShotClassifier zs = ZeroShotClassifier.build(clip, tokenizer, classnames, templates)) {
            NDArray w = zs.weights().toType(DataType.FLOAT32, true);
            w.attach(manager);
            return w;
        }
    }

    @Override
    public void close() {
        manager.close();
        clip.close();
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            // a temporary folder left behind is harmless
        }
    }

    /** The two halves of a base-to-new split. */
    public record BaseToNew(DatasetSplits base, DatasetSplits novel) {
    }
}
