package org.commakit.protocol;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.commakit.miniworld.MiniDataset;
import org.commakit.miniworld.MiniDatasets;
import org.commakit.train.TrainConfig;

/**
 * A time estimate per job from the shapes of the work, for dry runs before anything has run (a run that has results
 * estimates from their wall times first, {@link JobCostModel#fromHistory}). Cost is counted in <em>prompt
 * passes</em>: one class prompt through the text encoder; an image through the image encoder counts as
 * {@code imagePasses} of them.
 * <ul>
 *   <li>Training step: {@code stepSeconds} (what a step costs whatever its size: the operations' own overhead) plus
 *       (N class prompts, CoCoOp and CTP/TFT: batch x N x {@code endingShare}, since their prompts depend on the image
 *       but share their beginning; ProDA: N per sampled prompt, plus one pass's worth for its context-only prompts) +
 *       batch images, forward and backward: {@code trainSeconds} per pass. A COMMA training prompt costs {@code
 *       fullContext} passes: its knowledge-preserving loss needs all 77 positions, where the other paths stop at the
 *       last EOT token. With {@code cachedFeatures} (a preset that trains without augmentation) the methods that read
 *       only image features ({@link org.commakit.train.Method#trainsOnImageFeatures}) encode the K x N training images
 *       once instead of per step. Steps: {@link JobCostModel#trainingSteps} of the preset's settings, K shots of the
 *       N training classes.</li>
 *   <li>Test: per batch of {@value JobRunner#TEST_BATCH} images, N prompts (CoCoOp, CTP/TFT: N per image; ProDA: N
 *       per prompt; zero-shot CLIP: N once), plus the images, forward only: a third of {@code trainSeconds} per
 *       pass.</li>
 * </ul>
 * A base or new half has ceil(N/2) or floor(N/2) classes and that share of the test images. The figures are an order
 * of magnitude to plan a sweep, not a measurement.
 *
 * @param sizes classes and test images of each dataset (all classes)
 * @param trainSeconds seconds per prompt pass of a training step
 * @param imagePasses how many prompt passes one image costs
 * @param fullContext how many passes a prompt of all 77 positions costs (COMMA's training)
 * @param stepSeconds the fixed cost of a training step
 * @param endingShare the share of a pass an image-dependent prompt costs (its shared beginning computed once)
 * @param cachedFeatures whether training images of the feature-only methods are encoded once, not per step
 * @param provenance where {@code trainSeconds} comes from, printed with the estimate
 */
record PromptCostModel(Map<String, DatasetSize> sizes, JobRunner.Settings settings, double trainSeconds,
                       double imagePasses, double fullContext, double stepSeconds, double endingShare,
                       boolean cachedFeatures, String provenance) implements JobCostModel {

    /** Classes and test images of a dataset. */
    record DatasetSize(int classes, int testImages) {}

    /**
     * The paper's datasets (docs/data-protocol.md#sizes). Seconds per pass from COMMA's {@code docs/RUN.md} (docs/reproduce.md#dry-run-and-cost-model):
     * ImageNet base-to-new, 5 epochs of 2,000 steps over 500 class prompts and 4 images, about 1.5 h per seed on one
     * RTX 3090, i.e. 5,400 s / (10,000 x (500 + 4 x 6)) = 1.03 ms. An image counts as 6 prompts (ViT-B/16: 197 tokens
     * of width 768 against 77 of width 512). The official code runs every prompt over 77 positions, so the figure is
     * already a full-context pass; the kit's shorter passes for the other methods make this an upper estimate.
     */
    static PromptCostModel paper(JobRunner.Settings settings) {
        Map<String, DatasetSize> sizes = new LinkedHashMap<>();
        sizes.put("ImageNet", new DatasetSize(1000, 50_000));
        sizes.put("Caltech101", new DatasetSize(100, 2_465));
        sizes.put("OxfordPets", new DatasetSize(37, 3_669));
        sizes.put("StanfordCars", new DatasetSize(196, 8_041));
        sizes.put("OxfordFlowers", new DatasetSize(102, 2_463));
        sizes.put("Food101", new DatasetSize(101, 30_300));
        sizes.put("FGVCAircraft", new DatasetSize(100, 3_333));
        sizes.put("SUN397", new DatasetSize(397, 19_850));
        sizes.put("DescribableTextures", new DatasetSize(47, 1_692));
        sizes.put("EuroSAT", new DatasetSize(10, 8_100));
        sizes.put("UCF101", new DatasetSize(101, 3_783));
        sizes.put("ImageNetV2", new DatasetSize(1000, 10_000));
        sizes.put("ImageNetSketch", new DatasetSize(1000, 50_889));
        sizes.put("ImageNetA", new DatasetSize(200, 7_500));
        sizes.put("ImageNetR", new DatasetSize(200, 30_000));
        return new PromptCostModel(sizes, settings, 5400.0 / (10_000 * (500 + 4 * 6)), 6, 1, 0, 1, false,
                "1.03 ms per prompt pass, from COMMA's RUN.md (ImageNet, 5 epochs, ~1.5 h per seed on one RTX 3090)");
    }

    /**
     * The mini world's datasets (their generator's split sizes). The figures are fitted to the training jobs of one
     * seed of {@code reproduce --preset mini --protocol all --schedule papers} (docs/reproduce.md#dry-run-and-cost-model:
     * MiniCLIP, two one-thread workers on 2 idle cores, 36 trainings, 809 s; the fit is within 6 % per job, root mean
     * square of the log ratio): 4.4 ms per step, 0.46 ms per prompt pass, an image (17 tokens, the vision prompts
     * in the block) 4 passes, a 77-position prompt 10, an image-dependent prompt's ending 0.6 of a pass; training
     * images of the feature-only methods once.
     */
    static PromptCostModel mini(JobRunner.Settings settings) {
        Map<String, DatasetSize> sizes = new LinkedHashMap<>();
        for (MiniDataset d : MiniDatasets.all()) {
            sizes.put(d.name(), new DatasetSize(d.numClasses(), d.numClasses() * d.testPerClass()));
        }
        return new PromptCostModel(sizes, settings, MINI_TRAIN_SECONDS, 4, 10, MINI_STEP_SECONDS, 0.6, true,
                MINI_STEP_SECONDS * 1e3 + " ms per training step and " + MINI_TRAIN_SECONDS * 1e3 + " ms per prompt "
                        + "pass, fitted to a measured mini run with two workers on 2 CPU cores");
    }

    /** See {@link #mini}. */
    static final double MINI_TRAIN_SECONDS = 0.46e-3;
    /** See {@link #mini}. */
    static final double MINI_STEP_SECONDS = 4.4e-3;

    /** The model for a preset's datasets and settings. */
    static PromptCostModel of(Preset preset, JobRunner.Settings settings) {
        return preset == Preset.MINI ? mini(settings) : paper(settings);
    }

    @Override
    public OptionalDouble seconds(Job job) {
        DatasetSize size = sizes.get(job.dataset());
        if (size == null) {
            return OptionalDouble.empty();
        }
        int classes = switch (job.phase()) {
            case TRAIN_BASE, TEST_BASE -> (size.classes() + 1) / 2;
            case TEST_NEW -> size.classes() / 2;
            default -> size.classes();
        };
        if (job.phase().isTraining()) {
            TrainConfig c = settings.of(job.method(), job.phase() == Phase.TRAIN_ALL, job.dataset(), job.seed());
            long steps = JobCostModel.trainingSteps(c.epochs(), c.shots() * classes, c.batchSize());
            double prompts = switch (job.method().textCost()) {
                case PER_IMAGE -> (double) c.batchSize() * classes * endingShare;
                case PER_STEP_WITH_REFERENCE -> classes * fullContext;
                default -> classes;
            } * job.method().textPassesPerStep(c); // ProDA: its sampled prompts, plus the context-only ones
            boolean once = cachedFeatures && job.method().trainsOnImageFeatures();
            double imagesPerStep = once ? 0 : c.batchSize() * imagePasses;
            double encodeOnce = once ? (double) c.shots() * classes * imagePasses * trainSeconds / 3 : 0;
            return OptionalDouble.of(encodeOnce + steps * (stepSeconds + (prompts + imagesPerStep) * trainSeconds));
        }
        double images = (double) size.testImages() * classes / size.classes();
        double batches = Math.ceil(images / JobRunner.TEST_BATCH);
        double prompts = switch (job.method().textCost()) {
            case ONCE -> classes;
            case PER_IMAGE -> images * classes;
            default -> batches * classes;
        };
        if (job.method() == org.commakit.train.Method.PRODA) { // its mean classifier encodes all K prompts
            prompts *= job.method().textPassesPerTest(
                    settings.of(job.method(), job.phase() == Phase.TEST_SOURCE || job.phase() == Phase.TEST_TARGET,
                            job.dataset(), job.seed()));
        }
        return OptionalDouble.of((prompts + images * imagePasses) * trainSeconds / 3);
    }

    /** The same model for datasets of other sizes (a data root smaller than the papers', such as the rehearsal's). */
    PromptCostModel withSizes(Map<String, DatasetSize> other) {
        return new PromptCostModel(Map.copyOf(other), settings, trainSeconds, imagePasses, fullContext, stepSeconds,
                endingShare, cachedFeatures, provenance);
    }

    /** The datasets the model knows, for messages. */
    List<String> datasets() {
        return List.copyOf(sizes.keySet());
    }
}
