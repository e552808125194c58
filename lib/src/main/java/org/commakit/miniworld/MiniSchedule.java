package org.commakit.miniworld;

import org.commakit.train.Method;
import org.commakit.train.TrainConfig;
import java.util.List;

/**
 * The mini preset's training settings: the only place where the mini world trains differently from the papers
 * (docs/reproduce.md#mini-preset-training-settings).
 *
 * <p>Two schedules ({@link Schedule}). {@link Schedule#PAPERS} is the papers' protocol: every method's reference
 * config ({@link Method#referenceConfig}) with 16 shots, changed only where the mini scale forces it: the prompt
 * depth scaled from ViT-B/16's 12 blocks to MiniCLIP's 4, and no training augmentation ({@link #AUGMENT}).
 * {@link Schedule#SHORT} also takes fewer shots, fewer epochs and larger batches (fewer steps over the same images),
 * so that the chapters and the tests run in seconds to minutes on a CPU, where the cost of a step is the text
 * encoder running over every class prompt (docs/official-code-notes.md#cost-of-a-step). Every other value is the
 * reference one in both: learning rate, the constant warm-up epoch, SGD, n_ctx, the context init, the losses and
 * their weights (COMMA's knowledge-preserving loss over all 77 positions), the few-shot sampling and the evaluation
 * on the full test splits.
 *
 * <table>
 *   <caption>Short schedule (reference values in brackets)</caption>
 *   <tr><th>method</th><th>shots</th><th>depth</th><th>epochs base-to-new</th><th>epochs cross-dataset</th>
 *       <th>batch</th></tr>
 *   <tr><td>CoOp, KgCoOp</td><td>4 (16)</td><td>-</td><td>10 (200; KgCoOp 100)</td><td>10 (50; KgCoOp 100)</td>
 *       <td>32 (32; KgCoOp 128)</td></tr>
 *   <tr><td>CoCoOp</td><td>4 (16)</td><td>-</td><td>2 (10)</td><td>2 (10)</td><td>8 (1)</td></tr>
 *   <tr><td>MaPLe, COMMA</td><td>4 (16)</td><td>3 (9; cross-dataset 3)</td><td>3 (5)</td><td>2 (2)</td>
 *       <td>8 (4)</td></tr>
 *   <tr><td>ProDA</td><td>4 (16)</td><td>-</td><td>10 (100)</td><td>10 (100)</td><td>32 (32)</td></tr>
 *   <tr><td>CTP/TFT (provisional interpretation; paper text unavailable)</td><td>4 (16)</td><td>-</td><td>2 (10)</td>
 *       <td>2 (10)</td><td>8 (1)</td></tr>
 * </table>
 */
public final class MiniSchedule {
    private MiniSchedule() {}

    /**
     * The two mini schedules: {@link #PAPERS}, the papers' protocol (the default of the main job, {@code ./kit
     * reproduce}), and {@link #SHORT} (the default of the library: the chapters and the tests). Chosen by {@code ./kit
     * reproduce --schedule papers|short}, {@code -Dcomma.schedule} or {@code $COMMA_SCHEDULE}.
     */
    public enum Schedule {
        /**
         * The papers' protocol: 16 shots and every method's reference epochs, batch size, learning rate, schedule
         * and context settings. Two changes the mini scale forces (docs/mini-world.md#the-papers-protocol): the prompt
         * depth scaled from ViT-B/16's 12 blocks to MiniCLIP's 4 (9 to 3, cross-dataset 3 to 1), and no training
         * augmentation ({@link #AUGMENT}).
         */
        PAPERS,
        /** The table above: fewer shots, epochs and steps, for the chapters and the tests. */
        SHORT;

        public String id() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }

        /** {@code "papers"} or {@code "short"} (any case). */
        public static Schedule of(String name) {
            return switch (name.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "papers" -> PAPERS;
                case "short" -> SHORT;
                default -> throw new org.commakit.KitException("unknown mini schedule '" + name + "'; use papers (the "
                        + "papers' protocol: 16 shots, the reference epochs and batches) or short (the chapters' "
                        + "quick schedule); set it with --schedule, -Dcomma.schedule or COMMA_SCHEDULE");
            };
        }

        /** The schedule named by {@code -Dcomma.schedule} or {@code $COMMA_SCHEDULE}, else {@link #SHORT}. */
        public static Schedule current() {
            return current(SHORT);
        }

        /**
         * The schedule named by {@code -Dcomma.schedule} or {@code $COMMA_SCHEDULE}, else {@code fallback} (the main
         * job, {@code ./kit reproduce}, falls back to {@link #PAPERS}; the library and the chapters to {@link #SHORT}).
         */
        public static Schedule current(Schedule fallback) {
            String v = System.getProperty("comma.schedule");
            if (v == null || v.isBlank()) {
                v = System.getenv("COMMA_SCHEDULE");
            }
            return v == null || v.isBlank() ? fallback : of(v);
        }
    }

    /** Images per class in the few-shot train set of {@link Schedule#SHORT} (reference 16). */
    public static final int SHOTS = 4;
    /** MaPLe/COMMA prompt depth of {@link Schedule#SHORT}: MiniCLIP has 4 blocks (reference 9, and 3 for cross-dataset). */
    public static final int DEPTH = 3;
    /** ViT-B/16's blocks per tower, against which the reference depths are counted. */
    static final int REFERENCE_BLOCKS = 12;

    /**
     * Whether training images are randomly cropped and flipped (reference: RandomResizedCrop scale (0.08, 1) and a
     * horizontal flip). Not in the mini world: a crop down to 8 % of a 32-px image removes the object, and a flip turns
     * a left arrow into a right one. With them, every method trained below zero-shot CLIP (MaPLe, MiniImageNet base,
     * seed 1, the first MiniCLIP: 36.9 % against 68.0 %); without them, near it (66.0 %).
     */
    public static final boolean AUGMENT = false;

    /** One method's epochs and batch size. */
    public record Entry(List<Method> methods, int baseToNewEpochs, int crossDatasetEpochs, int batchSize) {}

    /** The table above; the first epoch is the reference's constant warm-up epoch (lr 1e-5) in every row. */
    public static final List<Entry> ENTRIES = List.of(
            new Entry(List.of(Method.COOP, Method.KGCOOP), 10, 10, 32),
            new Entry(List.of(Method.COCOOP), 2, 2, 8),
            new Entry(List.of(Method.MAPLE, Method.COMMA), 3, 2, 8),
            // CoOp's row (ProDA, too, starts from random vectors); what its settings do on the mini world:
            // docs/paper-to-code.md#proda
            new Entry(List.of(Method.PRODA), 10, 10, 32),
            new Entry(List.of(Method.CTP_TFT), 2, 2, 8)); // CoCoOp's row: it runs on CoCoOp's settings

    /** The mini settings of {@code method} for a protocol under {@link Schedule#current()}. */
    public static TrainConfig config(Method method, boolean crossDataset, String dataset, int seed) {
        return config(Schedule.current(), method, crossDataset, dataset, seed);
    }

    /** The mini settings of {@code method} for a protocol: its reference config with the schedule's changes. */
    public static TrainConfig config(Schedule schedule, Method method, boolean crossDataset, String dataset, int seed) {
        if (schedule == Schedule.PAPERS) {
            // MiniImageNet plays ImageNet: CoOp trains it with the 50-epoch file, as the reference does ImageNet
            TrainConfig reference = method.referenceConfig(crossDataset, 16, imageNetAnalogue(dataset))
                    .with("seed=" + seed);
            return reference.depth() > 0 ? reference.with("depth=" + papersDepth(reference.depth())) : reference;
        }
        TrainConfig reference = method.referenceConfig(crossDataset, SHOTS, dataset);
        Entry e = ENTRIES.stream().filter(x -> x.methods().contains(reference.method())).findFirst()
                .orElseThrow(() -> new IllegalStateException("MiniSchedule has no row for " + reference.method()));
        TrainConfig mini = reference.with("epochs=" + (crossDataset ? e.crossDatasetEpochs() : e.baseToNewEpochs()),
                "batchSize=" + e.batchSize(), "seed=" + seed);
        return reference.depth() > 0 ? mini.with("depth=" + DEPTH) : mini;
    }

    /**
     * A reference prompt depth of ViT-B/16's 12 blocks scaled to MiniCLIP's 4: the same fraction of the towers
     * (9 of 12 to 3 of 4; the cross-dataset 3 to 1), at least 1.
     */
    static int papersDepth(int referenceDepth) {
        int blocks = MiniClip.config(1000).textLayers();
        return Math.max(1, Math.round(referenceDepth * (float) blocks / REFERENCE_BLOCKS));
    }

    private static String imageNetAnalogue(String dataset) {
        return dataset != null && dataset.equalsIgnoreCase(MiniDatasets.IMAGENET.name()) ? "imagenet" : dataset;
    }
}
