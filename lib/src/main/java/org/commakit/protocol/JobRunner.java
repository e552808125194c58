package org.commakit.protocol;

import org.commakit.train.Method;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipTokenizer;
import org.commakit.clip.ImagePreprocess;
import org.commakit.clip.ZeroShotClassifier;
import org.commakit.data.ClassSubsample;
import org.commakit.data.DatasetCatalog;
import org.commakit.data.DatasetReader;
import org.commakit.data.DatasetSplits;
import org.commakit.data.Datum;
import org.commakit.data.FewShotSampler;
import org.commakit.loss.TrainingObjective;
import org.commakit.prompt.PromptLearner;
import org.commakit.train.Accuracy;
import org.commakit.data.DatasetBatches;
import org.commakit.train.Evaluator;
import org.commakit.train.FeatureCache;
import org.commakit.prompt.FrozenImageFeatures;
import org.commakit.train.TrainConfig;
import org.commakit.train.Trainer;

/**
 * Runs one {@link Job} and returns its result row (docs/data-protocol.md#the-three-protocols, docs/data-protocol.md#the-three-protocols):
 * <ul>
 *   <li>{@code train-base}: K shots per class (seeded, cached per (K, seed)), then the base half of the classes;
 *       {@code train-all}: K shots of every source class. The {@link Trainer} writes a checkpoint per epoch into the
 *       job's run folder and resumes from the last one, so a killed training continues where it stopped.</li>
 *   <li>{@code test-base}, {@code test-new}: the base or new half of the full test split, each its own closed set;
 *       {@code test-source}, {@code test-target}: a dataset's full test split, all its classes. A trained method
 *       rebuilds its learner for the test's class names and loads the last checkpoint of its training job;
 *       zero-shot CLIP uses the dataset's hand-crafted template (CoOp's CUSTOM_TEMPLATES).</li>
 * </ul>
 * Nothing here is random beyond the seeds: a job run twice gives the same row (up to its wall time).
 */
final class JobRunner {

    /** The reference test batch size (docs/official-code-notes.md#configurations-per-method-and-protocol). */
    static final int TEST_BATCH = 100;

    /** The training settings of one method on one dataset for one seed. */
    @FunctionalInterface
    interface Settings {
        TrainConfig of(Method method, boolean crossDataset, String dataset, int seed);
    }

    private final Path dataRoot;
    private final DatasetCatalog catalog;
    private final Clip clip;
    private final ClipTokenizer tokenizer;
    private final Settings settings;
    private final Path out;
    private final PrintStream trainingLog;
    private final int decodeThreads;
    private final ImagePreprocess preprocess;
    private final ImagePreprocess trainPreprocess;
    private final Map<String, DatasetSplits> splits = new HashMap<>();

    /**
     * @param out the run's folder: checkpoints under {@code runs/}, few-shot lists under {@code fewshot/}
     * @param trainingLog where the trainer's progress lines go (null: none; metrics.csv is written regardless)
     * @param augment whether training images are randomly cropped and flipped ({@link Preset#augmentsTraining})
     */
    JobRunner(Path dataRoot, DatasetCatalog catalog, Clip clip, ClipTokenizer tokenizer, Settings settings, Path out, PrintStream trainingLog,
            int decodeThreads, boolean augment) {
        this.dataRoot = dataRoot;
        this.catalog = catalog;
        this.clip = clip;
        this.tokenizer = tokenizer;
        this.settings = settings;
        this.out = out;
        this.trainingLog = trainingLog;
        this.decodeThreads = decodeThreads;
        this.preprocess = new ImagePreprocess(clip.config().imageResolution());
        this.trainPreprocess = augment ? preprocess : preprocess.withoutAugmentation();
    }

    /** The test transform's name in {@link FeatureCache} keys (one transform per CLIP resolution). */
    private static final String TEST_TRANSFORM = "resize, center crop, normalise";

    private FeatureCache features;

    /** Reuses the image features of frozen encoders over test splits from {@code cache} (null: none). */
    JobRunner features(FeatureCache cache) {
        this.features = cache;
        return this;
    }

    /** The folder of a training job's checkpoints and metrics: {@code runs/<method>/<protocol>/<dataset>/seedS/...}. */
    static Path runFolder(Path out, Job trainingJob) {
        return out.resolve("runs").resolve(trainingJob.id());
    }

    /** Runs {@code job}; the row's wall time is this call's. */
    ResultRow run(Job job) {
        long t0 = System.nanoTime();
        return switch (job.phase()) {
            case TRAIN_BASE, TRAIN_ALL -> train(job, t0);
            default -> test(job, t0);
        };
    }

    private ResultRow train(Job job, long t0) {
        boolean crossDataset = job.phase() == Phase.TRAIN_ALL;
        TrainConfig config = settings.of(job.method(), crossDataset, job.dataset(), job.seed());
        DatasetSplits fewShot = fewShot(job.dataset(), config.shots(), job.seed());
        DatasetSplits data = ClassSubsample.apply(fewShot,
                crossDataset ? ClassSubsample.Subset.ALL : ClassSubsample.Subset.BASE);
        List<String> classnames = data.classnames();
        try (PromptLearner learner = job.method().learner(config, clip, tokenizer, classnames)) {
            TrainingObjective objective = job.method().objective(config, clip, tokenizer, classnames,
                    catalog.knowledgeTemplate(job.dataset()));
            try {
                Trainer trainer = new Trainer(learner, objective, config, runFolder(out, job), trainingLog);
                if (learner instanceof FrozenImageFeatures f && f.readsOnlyImageFeatures()
                        && !trainPreprocess.augments()) {
                    // the frozen encoder's features of the training set, once (from the cache when another training
                    // of the process had the same images): docs/reproduce.md#caches
                    trainer.fitOnImageFeatures(data.train(), trainPreprocess, TEST_TRANSFORM, TEST_BATCH,
                            decodeThreads, job.seed(), features);
                } else {
                    try (DatasetBatches batches = DatasetBatches.train(data.train(), trainPreprocess,
                            config.batchSize(), job.seed()).classes(classnames.size()).threads(decodeThreads)) {
                        trainer.fit(batches);
                    }
                }
            } finally {
                Method.close(objective);
            }
        }
        return ResultRow.trained(job, seconds(t0), config.epochs(), config.shots());
    }

    private ResultRow test(Job job, long t0) {
        DatasetSplits full = read(job.dataset());
        DatasetSplits data = switch (job.phase()) {
            case TEST_BASE -> ClassSubsample.apply(full, ClassSubsample.Subset.BASE);
            case TEST_NEW -> ClassSubsample.apply(full, ClassSubsample.Subset.NEW);
            default -> full;
        };
        List<String> classnames = data.classnames();
        List<Datum> test = data.test();
        Accuracy accuracy;
        int epochs = -1;
        int shots = -1;
        try (DatasetBatches batches = DatasetBatches.test(test, preprocess, TEST_BATCH).classes(classnames.size())
                .threads(decodeThreads)) {
            if (!job.method().trains()) {
                try (ZeroShotClassifier zeroShot = ZeroShotClassifier.build(clip, tokenizer, classnames,
                        List.of(catalog.template(job.dataset())))) {
                    accuracy = features == null ? Evaluator.evaluate(zeroShot, batches) : features.evaluate(test,
                            preprocess, TEST_TRANSFORM, TEST_BATCH, classnames.size(), decodeThreads,
                            zeroShot::imageFeatures, zeroShot::logitsOfFeatures);
                }
            } else {
                Job training = job.checkpointJob().orElseThrow();
                TrainConfig config = settings.of(job.method(), training.phase() == Phase.TRAIN_ALL,
                        training.dataset(), job.seed());
                try (PromptLearner learner = job.method().learner(config, clip, tokenizer, classnames)) {
                    epochs = Trainer.loadCheckpoint(learner, runFolder(out, training));
                    shots = config.shots();
                    accuracy = features != null && learner instanceof FrozenImageFeatures f
                                    && f.readsOnlyImageFeatures()
                            ? features.evaluate(test, preprocess, TEST_TRANSFORM, TEST_BATCH, classnames.size(),
                                    decodeThreads, f::imageFeatures, x -> f.forwardFeatures(x, 0).logits())
                            : Evaluator.evaluate(learner, batches);
                }
            }
        }
        return ResultRow.of(job, accuracy.top1(), accuracy.count(), seconds(t0), epochs, shots);
    }

    /** K shots per class of the train split (and min(K, 4) of val), cached in the run's folder per (K, seed). */
    private DatasetSplits fewShot(String dataset, int shots, int seed) {
        DatasetReader reader = catalog.reader(dataset);
        return FewShotSampler.fewShot(read(dataset), shots, seed, out.resolve("fewshot").resolve(dataset),
                reader.imageRoot(dataRoot));
    }

    /** A dataset's full splits, read once per process (listing ImageNet's folders is slow). */
    private DatasetSplits read(String dataset) {
        return splits.computeIfAbsent(dataset, d -> catalog.reader(d).read(dataRoot));
    }

    private static double seconds(long t0) {
        return Math.round((System.nanoTime() - t0) / 1e7) / 100.0;
    }
}
