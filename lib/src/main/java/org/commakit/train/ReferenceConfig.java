package org.commakit.train;

import org.commakit.prompt.Comma;
import org.commakit.prompt.CtpTft;
import org.commakit.prompt.ProDA;

/**
 * The reference configuration files of the papers, one constant per official yaml under {@code configs/trainers/}
 * (docs/official-code-notes.md#configurations-per-method-and-protocol, docs/data-protocol.md#preprocessing), with
 * Dassl's defaults that apply to all of them (SGD momentum 0.9, weight decay 5e-4, one constant warm-up epoch at
 * 1e-5, cosine; docs/official-code-notes.md#optimiser-and-schedule). {@link Method#referenceConfig} turns one into
 * the {@link TrainConfig} of a run. {@code ReferenceConfigTest} checks every constant against the files' values.
 *
 * <p>CoOp has two families. The published tables the kit compares with (base-to-new, cross-dataset, domain
 * generalization; CoCoOp's paper, reprinted by MaPLe and COMMA) ran CoOp with CoCoOp's scripts, which pick the
 * {@code _ctxv1} files: four context vectors initialised from "a photo of a" ({@link #COOP_CTXV1}, and
 * {@link #COOP_EP50_CTXV1} for ImageNet). CoOp's own few-shot paper ran 16 random context vectors with the number of
 * epochs set by the shot count ({@link #COOP_FEW_SHOT_EP50}, {@link #COOP_FEW_SHOT_EP100},
 * {@link #COOP_FEW_SHOT_EP200}; {@link Method#fewShotReferenceConfig}). A base-to-new run reaches the latter with
 * {@code --set nCtx=16 --set ctxInit=} (200 epochs, as {@code vit_b16.yaml}).
 *
 * <p>Two constants are the kit's own, not an official file ({@link #official()} is false): {@link #PRODA}, whose
 * files could not be read, and {@link #CTP_TFT}, CTP/TFT (provisional interpretation; paper text unavailable), which
 * runs on CoCoOp's file; docs/paper-to-code.md lists where each of their values comes from.
 */
public enum ReferenceConfig {
    /**
     * CoOp {@code vit_b16_ctxv1.yaml}: CoOp's rows of the base-to-new table (CoCoOp's {@code base2new_train.sh} with
     * {@code TRAINER=CoOp}). {@code CTX_INIT "a photo of a"} sets n_ctx to its 4 words.
     */
    COOP_CTXV1("CoOp/vit_b16_ctxv1.yaml", 200, 0.002f, 32, 4, "a photo of a", 0),
    /**
     * CoOp {@code vit_b16_ep50_ctxv1.yaml}: the same on ImageNet, base-to-new and the ImageNet training behind the
     * cross-dataset and domain-generalization tables (CoCoOp's {@code xd_train.sh}).
     */
    COOP_EP50_CTXV1("CoOp/vit_b16_ep50_ctxv1.yaml", 50, 0.002f, 32, 4, "a photo of a", 0),
    /** CoOp's few-shot paper, {@code vit_b16_ep50.yaml}: 1 shot, and ImageNet at every shot count; M = 16, random. */
    COOP_FEW_SHOT_EP50("CoOp/vit_b16_ep50.yaml", 50, 0.002f, 32, 16, "", 0),
    /** CoOp's few-shot paper, {@code vit_b16_ep100.yaml}: 2 and 4 shots; M = 16 ({@code scripts/coop/main.sh}). */
    COOP_FEW_SHOT_EP100("CoOp/vit_b16_ep100.yaml", 100, 0.002f, 32, 16, "", 0),
    /** CoOp's few-shot paper, {@code vit_b16.yaml} (200 epochs): 8 and 16 shots; M = 16. */
    COOP_FEW_SHOT_EP200("CoOp/vit_b16.yaml", 200, 0.002f, 32, 16, "", 0),
    /** CoCoOp {@code vit_b16_c4_ep10_batch1_ctxv1.yaml}, every dataset and protocol. */
    COCOOP("CoCoOp/vit_b16_c4_ep10_batch1_ctxv1.yaml", 10, 0.002f, 1, 4, "a photo of a", 0),
    /** KgCoOp {@code vit_b16_ep100_ctxv1.yaml}, N_CTX 4 and W = 8.0 from its scripts. */
    KGCOOP("KgCoOp/vit_b16_ep100_ctxv1.yaml", 100, 0.002f, 128, 4, "a photo of a", 0),
    MAPLE("MaPLe/vit_b16_c2_ep5_batch4_2ctx.yaml", 5, 0.0035f, 4, 2, "a photo of a", 9),
    MAPLE_CROSS_DATASETS("MaPLe/vit_b16_c2_ep5_batch4_2ctx_cross_datasets.yaml", 2, 0.0026f, 4, 2,
            "a photo of a", 3),
    COMMA("COMMA/vit_b16_c2_ep5_batch4_2ctx.yaml", 5, 0.0035f, 4, 2, "a photo of a", 9),
    COMMA_CROSS_DATASETS("COMMA/vit_b16_c2_ep5_batch4_2ctx_cross_datasets.yaml", 2, 0.0026f, 4, 2,
            "a photo of a", 3),
    /**
     * ProDA: no configuration file could be read (docs/paper-to-code.md#proda). 100 epochs as the published base-to-new
     * average; CoOp's optimiser, lr and batch; 4 random context vectors (the reference implementation's default).
     */
    PRODA("none: ProDA's files are not readable (docs/paper-to-code.md#proda)", 100, 0.002f, 32, 4, "", 0),
    /**
     * CTP/TFT (provisional interpretation; paper text unavailable): CoCoOp's file, every protocol
     * (docs/paper-to-code.md#ctptft-provisional-interpretation-paper-text-unavailable).
     */
    CTP_TFT("CoCoOp/vit_b16_c4_ep10_batch1_ctxv1.yaml (CoCoOp's, provisional)", 10, 0.002f, 1, 4, "a photo of a", 0);

    private final String yaml;
    private final int epochs;
    private final float lr;
    private final int batchSize;
    private final int nCtx;
    private final String ctxInit;
    private final int depth;

    ReferenceConfig(String yaml, int epochs, float lr, int batchSize, int nCtx, String ctxInit,
            int depth) {
        this.yaml = yaml;
        this.epochs = epochs;
        this.lr = lr;
        this.batchSize = batchSize;
        this.nCtx = nCtx;
        this.ctxInit = ctxInit;
        this.depth = depth;
    }

    /**
     * Whether {@link #yaml()} is an official file; ProDA's and CTP/TFT's constants are the kit's (their files could
     * not be read, or do not exist), their {@link #yaml()} says so.
     */
    public boolean official() {
        return this != PRODA && this != CTP_TFT;
    }

    /** The official file this constant reproduces, under {@code configs/trainers/}. */
    public String yaml() {
        return yaml;
    }

    /** CoOp's few-shot paper: the file for {@code shots} images per class on {@code dataset} (may be null). */
    static ReferenceConfig coopFewShot(int shots, String dataset) {
        if (dataset != null && dataset.equalsIgnoreCase("imagenet")) {
            return COOP_FEW_SHOT_EP50; // CoOp's COOP.md: ImageNet trains with the _ep50 file at every shot count
        }
        return shots <= 1 ? COOP_FEW_SHOT_EP50 : shots <= 4 ? COOP_FEW_SHOT_EP100 : COOP_FEW_SHOT_EP200;
    }

    /** This reference config as the settings of a {@code method} run with {@code shots} images per class, seed 1. */
    TrainConfig config(Method method, int shots) {
        boolean comma = method == Method.COMMA;
        return new TrainConfig(method, epochs, lr, batchSize, 1, 1e-5f, Sgd.MOMENTUM, Sgd.WEIGHT_DECAY, nCtx, ctxInit,
                depth,
                comma ? 1f : 0f, // COMMA's WEIGHT and LAST_LAYER defaults (train.py), docs/official-code-notes.md#configurations-per-method-and-protocol
                comma ? 1 : 0,
                method == Method.KGCOOP ? 8f : 0f, // KgCoOp/scripts: TRAINER.COOP.W 8.0 (docs/paper-to-code.md#kgcoop)
                Comma.Mode.FAITHFUL, // the code-faithful generator by default (docs/official-code-notes.md#the-generator-receives-no-gradient)
                ProDA.Settings.DEFAULT, CtpTft.Settings.DEFAULT, // docs/paper-to-code.md#proda, #ctptft-provisional-interpretation-paper-text-unavailable
                shots, 1);
    }
}
