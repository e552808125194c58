package org.commakit.train;

import java.util.List;
import java.util.Locale;
import org.commakit.KitException;
import org.commakit.prompt.PromptLearner;

/**
 * The reference configuration files of the papers, one constant per official yaml (COMMA.md §6.1, PROTOCOL.md §4),
 * with Dassl's defaults that apply to all of them (SGD momentum 0.9, weight decay 5e-4, one constant warm-up epoch at
 * 1e-5, cosine; COMMA.md §6.2). {@link #config(int)} turns one into the {@link TrainConfig} of a run.
 */
public enum MethodConfig {
    /** CoOp {@code vit_b16_ep50.yaml}: 1 shot, and ImageNet at every shot count. */
    COOP_EP50("CoOp", "CoOp/vit_b16_ep50.yaml", 50, 0.002f, 32, 16, "", 0),
    /** CoOp {@code vit_b16_ep100.yaml}: 2 and 4 shots. */
    COOP_EP100("CoOp", "CoOp/vit_b16_ep100.yaml", 100, 0.002f, 32, 16, "", 0),
    /** CoOp {@code vit_b16_ep200.yaml}: 8 and 16 shots. */
    COOP_EP200("CoOp", "CoOp/vit_b16_ep200.yaml", 200, 0.002f, 32, 16, "", 0),
    COCOOP("CoCoOp", "CoCoOp/vit_b16_c4_ep10_batch1_ctxv1.yaml", 10, 0.002f, 1, 4, "a photo of a", 0),
    /** KgCoOp {@code vit_b16_ep100_ctxv1.yaml}, N_CTX 4 and W = 8.0 from its scripts. */
    KGCOOP("KgCoOp", "KgCoOp/vit_b16_ep100_ctxv1.yaml", 100, 0.002f, 128, 4, "a photo of a", 0),
    MAPLE("MaPLe", "MaPLe/vit_b16_c2_ep5_batch4_2ctx.yaml", 5, 0.0035f, 4, 2, "a photo of a", 9),
    MAPLE_CROSS_DATASETS("MaPLe", "MaPLe/vit_b16_c2_ep5_batch4_2ctx_cross_datasets.yaml", 2, 0.0026f, 4, 2,
            "a photo of a", 3),
    COMMA("COMMA", "COMMA/vit_b16_c2_ep5_batch4_2ctx.yaml", 5, 0.0035f, 4, 2, "a photo of a", 9),
    COMMA_CROSS_DATASETS("COMMA", "COMMA/vit_b16_c2_ep5_batch4_2ctx_cross_datasets.yaml", 2, 0.0026f, 4, 2,
            "a photo of a", 3);

    /** The methods the kit trains, as the papers spell them. */
    public static final List<String> METHODS = List.of("CoOp", "CoCoOp", "KgCoOp", "MaPLe", "COMMA");

    private final String method;
    private final String yaml;
    private final int epochs;
    private final float lr;
    private final int batchSize;
    private final int nCtx;
    private final String ctxInit;
    private final int depth;

    MethodConfig(String method, String yaml, int epochs, float lr, int batchSize, int nCtx, String ctxInit,
            int depth) {
        this.method = method;
        this.yaml = yaml;
        this.epochs = epochs;
        this.lr = lr;
        this.batchSize = batchSize;
        this.nCtx = nCtx;
        this.ctxInit = ctxInit;
        this.depth = depth;
    }

    public String method() {
        return method;
    }

    /** The official file this constant reproduces, under {@code configs/trainers/}. */
    public String yaml() {
        return yaml;
    }

    /**
     * The reference config of {@code method} for a protocol.
     *
     * @param crossDataset true for cross-dataset transfer and domain generalisation (MaPLe/COMMA's
     *     {@code _cross_datasets} files; the other methods use one file for every protocol)
     * @param shots training images per class; picks CoOp's file (1 → ep50, 2/4 → ep100, 8/16 → ep200)
     * @param dataset the CoOp dataset name or null; CoOp trains ImageNet with ep50 at every shot count
     */
    public static MethodConfig reference(String method, boolean crossDataset, int shots, String dataset) {
        switch (canonical(method)) {
            case "CoOp":
                if (dataset != null && dataset.toLowerCase(Locale.ROOT).equals("imagenet")) {
                    return COOP_EP50;
                }
                return shots <= 1 ? COOP_EP50 : shots <= 4 ? COOP_EP100 : COOP_EP200;
            case "CoCoOp":
                return COCOOP;
            case "KgCoOp":
                return KGCOOP;
            case "MaPLe":
                return crossDataset ? MAPLE_CROSS_DATASETS : MAPLE;
            default:
                return crossDataset ? COMMA_CROSS_DATASETS : COMMA;
        }
    }

    /** The method's name as the kit spells it; an unknown name is an error listing the known ones. */
    public static String canonical(String method) {
        for (String m : METHODS) {
            if (m.equalsIgnoreCase(method == null ? "" : method.trim())) {
                return m;
            }
        }
        throw new KitException("unknown method '" + method + "'; the kit trains " + METHODS);
    }

    /**
     * The prompt learner a method trains ({@link PromptLearner#method()}): KgCoOp trains CoOp's learner with its own
     * loss (PROTOCOL.md §3.3); every other method has its own learner.
     */
    public static String learnerOf(String method) {
        String m = canonical(method);
        return m.equals("KgCoOp") ? "CoOp" : m;
    }

    /** This reference config as the settings of a run with {@code shots} images per class and seed 1. */
    public TrainConfig config(int shots) {
        boolean comma = method.equals("COMMA");
        return new TrainConfig(method, epochs, lr, batchSize, 1, 1e-5f, Sgd.MOMENTUM, Sgd.WEIGHT_DECAY, nCtx, ctxInit,
                depth,
                comma ? 1f : 0f, // COMMA's WEIGHT and LAST_LAYER defaults (train.py), COMMA.md §6.1
                comma ? 1 : 0,
                method.equals("KgCoOp") ? 8f : 0f, // KgCoOp/scripts: TRAINER.COOP.W 8.0 (PROTOCOL.md §3.3)
                comma ? "faithful" : "", // COMMA.md §9 item 1: the code-faithful generator by default
                shots, 1);
    }
}
