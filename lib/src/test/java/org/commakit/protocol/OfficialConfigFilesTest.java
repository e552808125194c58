package org.commakit.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.commakit.clip.ImagePreprocess;
import org.commakit.data.Benchmarks;
import org.commakit.train.Method;
import org.commakit.train.ReferenceConfig;
import org.commakit.train.TrainConfig;
import org.junit.jupiter.api.Test;

/**
 * Every reference configuration the kit trains with, against the values of the official yaml files
 * (docs/official-code-notes.md#configurations-per-method-and-protocol). The expected values below were read in the
 * official repositories (KaiyangZhou/CoOp for CoOp and CoCoOp, htyao89/KgCoOp, muzairkhattak/multimodal-prompt-learning
 * for MaPLe, hulianyuyy/COMMA) and are written here by hand, file by file: the kit's enum is checked against this
 * table, not against itself. What a yaml leaves out comes from the repository's {@code train.py} defaults and its run
 * scripts, named in each row.
 */
class OfficialConfigFilesTest {

    /**
     * One official yaml: DATALOADER.TRAIN_X.BATCH_SIZE, OPTIM.LR, OPTIM.MAX_EPOCH, the number of context vectors the
     * trainer ends up with, the context init words ("" = random), PROMPT_DEPTH (0 = none), and where values outside
     * the yaml come from.
     */
    record Yaml(String file, int batch, float lr, int maxEpoch, int nCtx, String ctxInit, int depth, String note) {}

    // Common to every file listed: TEST.BATCH_SIZE 100; INPUT.SIZE (224, 224); INTERPOLATION bicubic; PIXEL_MEAN
    // [0.48145466, 0.4578275, 0.40821073]; PIXEL_STD [0.26862954, 0.26130258, 0.27577711]; TRANSFORMS
    // [random_resized_crop, random_flip, normalize]; OPTIM sgd, LR_SCHEDULER cosine, WARMUP_EPOCH 1, WARMUP_TYPE
    // constant, WARMUP_CONS_LR 1e-5; backbone ViT-B/16; PREC fp16 (in the yaml, or train.py's default).
    static final Yaml COOP_CTXV1 = new Yaml("CoOp/vit_b16_ctxv1.yaml", 32, 0.002f, 200, 4, "a photo of a", 0,
            "CTX_INIT 'a photo of a' in the yaml; coop.py sets n_ctx to its word count (train.py's N_CTX 16 unused); "
                    + "CoCoOp's scripts/cocoop/base2new_train.sh, TRAINER=CoOp");
    static final Yaml COOP_EP50_CTXV1 = new Yaml("CoOp/vit_b16_ep50_ctxv1.yaml", 32, 0.002f, 50, 4, "a photo of a",
            0, "as vit_b16_ctxv1 with MAX_EPOCH 50; base2new_train.sh and xd_train.sh for TRAINER=CoOp on imagenet");
    static final Yaml COOP_EP50 = new Yaml("CoOp/vit_b16_ep50.yaml", 32, 0.002f, 50, 16, "", 0,
            "no TRAINER node: CTX_INIT '' and PREC fp16 from train.py, N_CTX 16 from scripts/coop/main.sh (M=16); "
                    + "1 shot, and ImageNet at every shot count (COOP.md)");
    static final Yaml COOP_EP100 = new Yaml("CoOp/vit_b16_ep100.yaml", 32, 0.002f, 100, 16, "", 0,
            "as vit_b16_ep50; 2 and 4 shots (COOP.md)");
    static final Yaml COOP_EP200 = new Yaml("CoOp/vit_b16.yaml", 32, 0.002f, 200, 16, "", 0,
            "as vit_b16_ep50 with MAX_EPOCH 200; 8 and 16 shots (COOP.md). There is no vit_b16_ep200.yaml");
    static final Yaml COCOOP = new Yaml("CoCoOp/vit_b16_c4_ep10_batch1_ctxv1.yaml", 1, 0.002f, 10, 4,
            "a photo of a", 0, "TRAINER.COCOOP N_CTX 4, CTX_INIT 'a photo of a', PREC fp16; base2new_train.sh and "
                    + "xd_train.sh, every dataset");
    static final Yaml KGCOOP = new Yaml("KgCoOp/vit_b16_ep100_ctxv1.yaml", 128, 0.002f, 100, 4, "a photo of a", 0,
            "CTX_INIT True in the yaml, which kgcoop.py turns into 'a photo of a'; N_CTX 4 and W 8.0 from "
                    + "scripts/base2new_train.sh and run.sh");
    static final Yaml MAPLE = new Yaml("MaPLe/vit_b16_c2_ep5_batch4_2ctx.yaml", 4, 0.0035f, 5, 2, "a photo of a", 9,
            "TRAINER.MAPLE N_CTX 2, CTX_INIT 'a photo of a', PREC fp16, PROMPT_DEPTH 9");
    static final Yaml MAPLE_XD = new Yaml("MaPLe/vit_b16_c2_ep5_batch4_2ctx_cross_datasets.yaml", 4, 0.0026f, 2, 2,
            "a photo of a", 3, "PROMPT_DEPTH 3");
    static final Yaml COMMA = new Yaml("COMMA/vit_b16_c2_ep5_batch4_2ctx.yaml", 4, 0.0035f, 5, 2, "a photo of a", 9,
            "TRAINER.COMMA as MaPLe's; WEIGHT 1.0 and LAST_LAYER 1 from train.py");
    static final Yaml COMMA_XD = new Yaml("COMMA/vit_b16_c2_ep5_batch4_2ctx_cross_datasets.yaml", 4, 0.0026f, 2, 2,
            "a photo of a", 3, "PROMPT_DEPTH 3; WEIGHT 1.0 and LAST_LAYER 1 from train.py");

    static void assertMatches(Yaml y, TrainConfig c, String file, String where) {
        String what = where + " (" + y.file() + ": " + y.note() + ")";
        assertEquals(y.file(), file, what);
        assertEquals(List.of(y.batch(), y.lr(), y.maxEpoch(), y.nCtx(), y.ctxInit(), y.depth()),
                List.of(c.batchSize(), c.lr(), c.epochs(), c.nCtx(), c.ctxInit(), c.depth()), what);
        // Dassl's SGD and schedule: WARMUP_EPOCH 1 constant at WARMUP_CONS_LR 1e-5, then cosine over MAX_EPOCH
        assertEquals(List.of(0.9f, 5e-4f, 1, 1e-5f), List.of(c.momentum(), c.weightDecay(), c.warmupEpochs(),
                c.warmupLr()), what);
        float[] lr = c.schedule().table();
        assertEquals(y.maxEpoch(), lr.length, what);
        assertEquals(1e-5f, lr[0], 0f, what);
        for (int e = 1; e < lr.length; e++) {
            double cosine = y.lr() * (1 + Math.cos(Math.PI * (e - 1) / y.maxEpoch())) / 2;
            assertEquals(cosine, lr[e], 1e-7, what + " lr of epoch " + (e + 1));
        }
    }

    @Test
    void theFullPresetTrainsEveryMethodWithItsOfficialFileOnEveryProtocol() {
        for (String dataset : Benchmarks.BASE_TO_NEW) {
            boolean imagenet = dataset.equals("ImageNet");
            check(Method.COOP, false, dataset, imagenet ? COOP_EP50_CTXV1 : COOP_CTXV1);
            check(Method.COCOOP, false, dataset, COCOOP);
            check(Method.KGCOOP, false, dataset, KGCOOP);
            check(Method.MAPLE, false, dataset, MAPLE);
            check(Method.COMMA, false, dataset, COMMA);
        }
        // cross-dataset and domain generalization train once on ImageNet
        check(Method.COOP, true, "ImageNet", COOP_EP50_CTXV1);
        check(Method.COCOOP, true, "ImageNet", COCOOP);
        check(Method.KGCOOP, true, "ImageNet", KGCOOP);
        check(Method.MAPLE, true, "ImageNet", MAPLE_XD);
        check(Method.COMMA, true, "ImageNet", COMMA_XD);

        TrainConfig kg = Preset.FULL.trainConfig(Method.KGCOOP, false, "DTD", 1);
        assertEquals(List.of(8f, 0f, 0), List.of(kg.kgWeight(), kg.kpWeight(), kg.kpLayers()), "KgCoOp's W 8.0");
        TrainConfig comma = Preset.FULL.trainConfig(Method.COMMA, true, "ImageNet", 3);
        assertEquals(List.of(1f, 1, "faithful", 3L), List.of(comma.kpWeight(), comma.kpLayers(),
                comma.commaMode().id(), comma.seed()), "COMMA's WEIGHT 1.0, LAST_LAYER 1");
        assertEquals(List.of(16, 16), List.of(comma.shots(), kg.shots()), "DATASET.NUM_SHOTS 16 in every script");
    }

    private static void check(Method method, boolean crossDataset, String dataset, Yaml yaml) {
        assertMatches(yaml, Preset.FULL.trainConfig(method, crossDataset, dataset, 1),
                method.referenceFile(crossDataset, 16, dataset),
                method + (crossDataset ? " cross-dataset" : " base-to-new") + " on " + dataset);
    }

    @Test
    void coOpsOwnFewShotConfigurationsKeepSixteenRandomVectorsWithEpochsByShotCount() {
        int[] shots = {1, 2, 4, 8, 16};
        Yaml[] files = {COOP_EP50, COOP_EP100, COOP_EP100, COOP_EP200, COOP_EP200};
        for (int i = 0; i < shots.length; i++) {
            TrainConfig c = Method.COOP.fewShotReferenceConfig(shots[i], "OxfordPets");
            assertMatches(files[i], c, Method.COOP.fewShotReferenceFile(shots[i], "OxfordPets"),
                    "CoOp few-shot, " + shots[i] + " shots");
            assertEquals(shots[i], c.shots());
            assertMatches(COOP_EP50, Method.COOP.fewShotReferenceConfig(shots[i], "ImageNet"),
                    Method.COOP.fewShotReferenceFile(shots[i], "ImageNet"), "CoOp few-shot on ImageNet");
        }
        // the base-to-new configuration with the two overrides the docs give is CoOp's 16-shot file
        TrainConfig overridden = Method.COOP.referenceConfig(false, 16, "OxfordPets").with("nCtx=16", "ctxInit=");
        assertEquals(Method.COOP.fewShotReferenceConfig(16, "OxfordPets"), overridden);
        // other methods have no few-shot file of their own: their base-to-new one
        assertEquals(Method.COMMA.referenceConfig(false, 4, "DTD"), Method.COMMA.fewShotReferenceConfig(4, "DTD"));
    }

    @Test
    void everyConstantNamesAFileOfTheTableAboveAndHoldsItsValues() {
        List<Yaml> table = List.of(COOP_CTXV1, COOP_EP50_CTXV1, COOP_EP50, COOP_EP100, COOP_EP200, COCOOP, KGCOOP,
                MAPLE, MAPLE_XD, COMMA, COMMA_XD);
        List<String> files = new ArrayList<>();
        List<ReferenceConfig> kits = new ArrayList<>();
        for (ReferenceConfig r : ReferenceConfig.values()) {
            if (r.official()) {
                files.add(r.yaml());
            } else {
                kits.add(r);
            }
        }
        assertEquals(List.of(ReferenceConfig.PRODA, ReferenceConfig.CTP_TFT), kits, "the kit's own settings, no file");
        assertEquals(table.stream().map(Yaml::file).sorted().toList(), files.stream().sorted().toList(),
                "one constant per official file, no file the official repositories lack");
    }

    @Test
    void inputTestBatchAndAugmentationAreTheFilesCommonValues() {
        assertEquals(100, JobRunner.TEST_BATCH, "TEST.BATCH_SIZE");
        assertArrayEquals(new float[] {0.48145466f, 0.4578275f, 0.40821073f}, ImagePreprocess.CLIP_MEAN, "PIXEL_MEAN");
        assertArrayEquals(new float[] {0.26862954f, 0.26130258f, 0.27577711f}, ImagePreprocess.CLIP_STD, "PIXEL_STD");
        assertEquals(224, new ImagePreprocess(224).size(), "INPUT.SIZE");
        assertTrue(Preset.FULL.augmentsTraining() && new ImagePreprocess(224).augments(),
                "TRANSFORMS random_resized_crop, random_flip, normalize");
    }
}
