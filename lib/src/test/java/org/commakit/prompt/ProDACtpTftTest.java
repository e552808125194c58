package org.commakit.prompt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.commakit.KitException;
import org.commakit.clip.Clip;
import org.commakit.clip.SafeTensors;
import org.commakit.loss.CrossEntropy;
import org.commakit.loss.CtpTftLoss;
import org.commakit.loss.ProDALoss;
import org.commakit.loss.TrainingObjective;
import org.commakit.train.Sgd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ProDA and CTP/TFT (provisional interpretation; paper text unavailable): golden parity with the independent PyTorch
 * implementation of fixtures/prompts/make_proda_ctp_golden.py (logits, each loss term, the total loss and every
 * trainable tensor after one SGD step, within 1e-4), the reductions (ProDA with K = 1 is CoOp's loss exactly; CTP/TFT
 * with the image feature as every class's vector and TFT off is CoCoOp bit for bit), the exact gradient sets, and
 * NDArray counts that stay constant over steps.
 */
class ProDACtpTftTest {
    static Clip clip;
    static final int[] NAME_LENGTHS = {1, 2, 1}; // the fixture's class names: 1, 2 and 1 token(s)

    @BeforeAll
    static void load() {
        clip = PromptGoldenParityTest.clipForOtherTests();
    }

    @AfterAll
    static void close() {
        PromptGoldenParityTest.close();
    }

    static Map<String, NDArray> data() {
        return PromptGoldenParityTest.data;
    }

    static TextPrompts noClass(NDArray tokens) {
        return TextPrompts.fromTokens(clip, PromptGoldenParityTest.rows(tokens), 4, List.of(""));
    }

    static ProDA proda(ProDA.Settings settings, NDArray ctx, NDArray ncTokens) {
        return new ProDA(clip, PromptGoldenParityTest.prompts("coop_prompts", 4), noClass(ncTokens), NAME_LENGTHS,
                settings, ctx, 7L);
    }

    static CtpTft ctp(CtpTft.Settings settings, long seed) {
        return new CtpTft(clip, PromptGoldenParityTest.prompts("prompts", 4),
                PromptGoldenParityTest.prompts("prompts", 4), settings, new SplittableRandom(seed));
    }

    static final CtpTft.Settings FIXTURE_CTP = new CtpTft.Settings("attn", "pool", 0.07f, 0.07f, 0.1f, true, 0.5f);

    static void assertClose(String what, NDArray expected, NDArray actual) {
        float err = PromptGoldenParityTest.maxError(expected, actual);
        assertTrue(err <= PromptGoldenParityTest.TOLERANCE, what + ": max abs error " + err);
        System.out.printf("%s: max abs error %.2e%n", what, err);
    }

    @Test
    void prodaMatchesPyTorch() {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> golden = SafeTensors.read(PromptGoldenParityTest.DIR.resolve("proda.safetensors"), m);
            try (ProDA proda = proda(ProDA.Settings.DEFAULT, golden.get("w.ctx"), golden.get("nc_tokens"))) {
                assertEquals(List.of(ProDA.Position.FRONT, ProDA.Position.MIDDLE, ProDA.Position.END,
                        ProDA.Position.END), proda.layout());
                ProDALoss loss = new ProDALoss(clip, 1f);
                try (NDScope scope = new NDScope();
                        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    PromptOutput out = proda.forward(data().get("images"), 0);
                    Map<String, NDArray> terms = loss.terms(out, data().get("labels"));
                    NDArray total = loss.loss(out, data().get("labels"));
                    gc.backward(total);
                    assertClose("ProDA logits", golden.get("logits"), out.logits());
                    assertClose("ProDA surrogate", golden.get("term.surrogate"), terms.get("surrogate").reshape(1));
                    assertClose("ProDA orthogonality", golden.get("term.orthogonality"),
                            terms.get("orthogonality").reshape(1));
                    assertClose("ProDA loss", golden.get("loss"), total.reshape(1));
                }
                try (Sgd sgd = new Sgd(proda.trainableParameters(), 0.9f, 5e-4f)) {
                    sgd.step(0.01f);
                }
                assertEquals(Set.of("ctx"), proda.trainableParameters().keySet());
                assertClose("ProDA ctx after one SGD step", golden.get("after.ctx"), proda.trainableParameters()
                        .get("ctx"));
            }
            try (ProDA proda = proda(ProDA.Settings.DEFAULT, golden.get("w.ctx"), golden.get("nc_tokens"))) {
                assertClose("ProDA mean classifier (inference)", golden.get("eval_logits"),
                        proda.forward(data().get("images"), 0).logits());
            }
        }
    }

    /**
     * CTP/TFT extends CoOp, whose image features the main job caches, but it reads the patch tokens too: through the
     * pooled feature alone its logits differ, so it must say so and never be evaluated from cached features.
     */
    @Test
    void ctpTftIsNeverEvaluatedFromCachedImageFeatures() {
        try (CtpTft ctp = ctp(FIXTURE_CTP, 1);
                NDScope scope = new NDScope()) {
            NDArray images = data().get("images");
            float err = PromptGoldenParityTest.maxError(ctp.forward(images, 0).logits(),
                    ctp.forwardFeatures(ctp.imageFeatures(images), 0).logits());
            assertTrue(err > 1e-3, "CTP/TFT's logits through the pooled feature alone differ by only " + err);
            assertFalse(ctp.readsOnlyImageFeatures());
        }
    }

    /**
     * ProDA's image branch is the frozen encoder, so the main job evaluates it from cached test features: through the
     * features its logits (the mean classifier at inference) are those of the images bit for bit.
     */
    @Test
    void prodaIsEvaluatedFromCachedImageFeaturesBitForBit() {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> golden = SafeTensors.read(PromptGoldenParityTest.DIR.resolve("proda.safetensors"), m);
            try (ProDA proda = proda(ProDA.Settings.DEFAULT, golden.get("w.ctx"), golden.get("nc_tokens"));
                    NDScope scope = new NDScope()) {
                assertTrue(proda.readsOnlyImageFeatures());
                NDArray images = data().get("images");
                float[] direct = proda.forward(images, 0).logits().toFloatArray();
                float[] viaFeatures = proda.forwardFeatures(proda.imageFeatures(images), 0).logits().toFloatArray();
                assertEquals(direct.length, viaFeatures.length);
                for (int i = 0; i < direct.length; i++) {
                    assertEquals(Float.floatToIntBits(direct[i]), Float.floatToIntBits(viaFeatures[i]), "logit " + i);
                }
                assertClose("ProDA mean classifier from the image features", golden.get("eval_logits"),
                        proda.forwardFeatures(proda.imageFeatures(images), 0).logits());
            }
        }
    }

    @Test
    void ctpTftMatchesPyTorch() {
        try (NDManager m = NDManager.newBaseManager();
                CtpTft ctp = ctp(FIXTURE_CTP, 1)) {
            Map<String, NDArray> golden = SafeTensors.read(PromptGoldenParityTest.DIR.resolve("ctp_tft.safetensors"),
                    m);
            ctp.load(PromptGoldenParityTest.withPrefix(golden, "w."), "golden");
            CtpTftLoss loss = new CtpTftLoss(clip, 0.5f);
            try (NDScope scope = new NDScope();
                    GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                PromptOutput out = ctp.forward(data().get("images"), 0);
                Map<String, NDArray> terms = loss.terms(out, data().get("labels"));
                NDArray total = loss.loss(out, data().get("labels"));
                gc.backward(total);
                assertClose("CTP/TFT logits", golden.get("logits"), out.logits());
                assertClose("CTP/TFT cross-entropy", golden.get("term.ce"), terms.get("ce").reshape(1));
                assertClose("CTP/TFT in-batch term", golden.get("term.contrast"), terms.get("contrast").reshape(1));
                assertClose("CTP/TFT loss", golden.get("loss"), total.reshape(1));
            }
            try (Sgd sgd = new Sgd(ctp.trainableParameters(), 0.9f, 5e-4f)) {
                sgd.step(0.01f);
            }
            Map<String, NDArray> after = PromptGoldenParityTest.withPrefix(golden, "after.");
            assertEquals(after.keySet(), ctp.trainableParameters().keySet());
            after.forEach((k, v) -> assertClose("CTP/TFT " + k + " after one SGD step", v,
                    ctp.trainableParameters().get(k)));
        }
    }

    /** Loss and every gradient of a learner's training step, as float arrays (bit comparison). */
    static Map<String, float[]> step(PromptLearner learner, TrainingObjective objective) {
        Map<String, float[]> out = new LinkedHashMap<>();
        try (NDScope scope = new NDScope();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            PromptOutput o = learner.forward(data().get("images"), 0);
            NDArray l = objective.loss(o, data().get("labels"));
            gc.backward(l);
            out.put("logits", o.logits().toFloatArray());
            out.put("loss", l.toFloatArray());
        }
        learner.trainableParameters().forEach((k, v) -> out.put("grad " + k, v.getGradient().toFloatArray()));
        return out;
    }

    @Test
    void prodaWithOnePromptIsCoOpExactly() {
        try (CoOp coop = new CoOp(clip, PromptGoldenParityTest.prompts("coop_prompts", 4))) {
            NDArray ctx = coop.trainableParameters().get("ctx").expandDims(0);
            try (ProDA proda = proda(new ProDA.Settings(1, 0, 1f, "mixed", true), ctx,
                    data().get("coop_prompts").get("0:1"))) {
                Map<String, float[]> a = step(coop, new CrossEntropy());
                Map<String, float[]> b = step(proda, new ProDALoss(clip, 1f));
                assertArrayEquals(a.get("loss"), b.get("loss"), 0f, "loss");
                assertArrayEquals(a.get("logits"), b.get("logits"), 0f, "logits");
                assertArrayEquals(a.get("grad ctx"), b.get("grad ctx"), 0f, "gradient of the context");
                try (NDScope scope = new NDScope()) { // inference: the mean of one prompt is CoOp's classifier
                    assertArrayEquals(coop.forward(data().get("images"), 0).logits().toFloatArray(),
                            proda.forward(data().get("images"), 0).logits().toFloatArray(), 0f);
                }
            }
        }
    }

    @Test
    void ctpWithTheImageFeatureForEveryClassIsCoCoOpBitForBit() {
        try (CoCoOp cocoop = new CoCoOp(clip, PromptGoldenParityTest.prompts("prompts", 4), new SplittableRandom(4));
                CtpTft ctp = ctp(new CtpTft.Settings("image", "off", 0.07f, 0.07f, 0.1f, true, 0f), 4)) {
            assertEquals(cocoop.trainableParameters().keySet(), ctp.trainableParameters().keySet());
            Map<String, float[]> a = step(cocoop, new CrossEntropy());
            Map<String, float[]> b = step(ctp, new CtpTftLoss(clip, 0f));
            assertEquals(a.keySet(), b.keySet());
            a.forEach((k, v) -> assertArrayEquals(v, b.get(k), 0f, k));
        }
    }

    static Set<String> withGradient(PromptLearner learner, TrainingObjective objective) {
        Set<String> got = new java.util.TreeSet<>();
        step(learner, objective);
        learner.trainableParameters().forEach((k, v) -> {
            if (v.getGradient().abs().sum().getFloat() > 0) {
                got.add(k);
            }
        });
        learner.frozenState().values().forEach(v -> assertTrue(!v.hasGradient()));
        for (String name : clip.weights().names()) {
            assertTrue(!clip.weights().fp32(name).hasGradient(), name);
        }
        return got;
    }

    @Test
    void gradientsReachExactlyWhatTrains() {
        NDArray ctx = PromptLearners.normal(clip.weights().manager(), new SplittableRandom(2), 0.02f, 4, 4,
                clip.text().width());
        try (ProDA all = proda(ProDA.Settings.DEFAULT, ctx, data().get("coop_prompts").get("0:1"))) {
            assertEquals(Set.of("ctx"), withGradient(all, new ProDALoss(clip, 1f)));
            assertEquals(Set.of(), all.frozenState().keySet());
        }
        // two of four prompts per step, no orthogonality term: only the sampled prompts' rows get a gradient
        try (ProDA two = proda(new ProDA.Settings(4, 2, 0f, "mixed", true), ctx,
                data().get("coop_prompts").get("0:1"))) {
            assertEquals(Set.of(ProDA.STEP), two.frozenState().keySet());
            assertEquals(Set.of("ctx"), withGradient(two, new ProDALoss(clip, 0f)));
            float[] rows = two.trainableParameters().get("ctx").getGradient().abs().sum(new int[] {1, 2})
                    .toFloatArray();
            Set<Integer> round = new java.util.TreeSet<>();
            for (int k = 0; k < rows.length; k++) {
                if (rows[k] > 0) {
                    round.add(k);
                }
            }
            assertEquals(2, round.size(), "prompts with a gradient");
            assertEquals(1f, two.frozenState().get(ProDA.STEP).getFloat(0), 0f, "steps counted");
            for (int k : two.sampleForStep()) { // the second step of the round: the other two prompts
                assertTrue(round.add(k), "prompt " + k + " drawn twice in one round");
            }
            assertEquals(Set.of(0, 1, 2, 3), round, "a round of K / perStep steps uses every prompt once");
            assertEquals(2, two.sampleForStep().length, "the next round");
        }
        try (CtpTft ctp = ctp(CtpTft.Settings.DEFAULT, 1)) {
            assertEquals(Set.of("ctx", "meta_net.linear1.weight", "meta_net.linear1.bias", "meta_net.linear2.weight",
                    "meta_net.linear2.bias", "tft.lambda"), withGradient(ctp, new CtpTftLoss(clip, 0f)));
        }
        try (CtpTft fixed = ctp(new CtpTft.Settings("hadamard", "pool", 0.07f, 0.07f, 0.1f, false, 0f), 1)) {
            assertEquals(Set.of("tft.lambda"), fixed.frozenState().keySet());
            assertEquals(fixed.trainableParameters().keySet(), withGradient(fixed, new CtpTftLoss(clip, 0f)));
        }
    }

    @Test
    void arrayCountsStayConstantOverSteps() {
        NDArray ctx = PromptLearners.normal(clip.weights().manager(), new SplittableRandom(2), 0.02f, 4, 4,
                clip.text().width());
        NDManager weights = clip.weights().manager();
        List<Supplier<PromptLearner>> learners = List.of(
                () -> proda(new ProDA.Settings(4, 2, 1f, "mixed", true), ctx, data().get("coop_prompts").get("0:1")),
                () -> ctp(CtpTft.Settings.DEFAULT, 1),
                () -> ctp(new CtpTft.Settings("add", "off", 0.07f, 0.07f, 0.1f, true, 0f), 1));
        for (Supplier<PromptLearner> build : learners) {
            try (PromptLearner learner = build.get();
                    Sgd sgd = new Sgd(learner.trainableParameters(), 0.9f, 5e-4f)) {
                TrainingObjective objective = learner instanceof ProDA ? new ProDALoss(clip, 1f)
                        : new CtpTftLoss(clip, 0.5f);
                PromptMemoryTest.step(learner, objective, sgd);
                int owned = PromptMemoryTest.arrays(weights);
                int inputs = PromptMemoryTest.arrays(PromptGoldenParityTest.io);
                for (int i = 0; i < 3; i++) {
                    PromptMemoryTest.step(learner, objective, sgd);
                }
                assertEquals(owned, PromptMemoryTest.arrays(weights), learner.method() + ": arrays in the CLIP's manager");
                assertEquals(inputs, PromptMemoryTest.arrays(PromptGoldenParityTest.io), learner.method() + ": inputs");
            }
        }
    }

    /** Two batches of two random 32-px images per epoch, each a function of (epoch, batch) alone. */
    static final class RandomImages implements org.commakit.data.BatchSource {
        @Override
        public Iterable<org.commakit.data.Batch> epoch(int epoch, NDManager manager) {
            List<org.commakit.data.Batch> out = new java.util.ArrayList<>();
            for (int b = 0; b < 2; b++) {
                SplittableRandom r = new SplittableRandom(100L * epoch + b);
                float[] v = new float[2 * 3 * 32 * 32];
                for (int i = 0; i < v.length; i++) {
                    v[i] = (float) r.nextGaussian();
                }
                out.add(new org.commakit.data.Batch(manager.create(v, new ai.djl.ndarray.types.Shape(2, 3, 32, 32)),
                        new int[] {r.nextInt(3), r.nextInt(3)}));
            }
            return out;
        }

        @Override
        public int batchesPerEpoch() {
            return 2;
        }

        @Override
        public int classes() {
            return 3;
        }
    }

    /** ProDA with 2 of 4 prompts per step, stopped after epoch 1 and resumed: the same subsets, the same tensors. */
    @Test
    void aResumedProDARunDrawsTheSamePromptSubsetsAndEndsBitIdentical(@org.junit.jupiter.api.io.TempDir
            java.nio.file.Path tmp) {
        org.commakit.train.TrainConfig config = org.commakit.train.Method.PRODA.referenceConfig(false)
                .with("epochs=3", "batchSize=2", "prodaPromptBatch=2", "seed=5", "lr=0.5");
        NDArray ctx = PromptLearners.normal(clip.weights().manager(), new SplittableRandom(2), 0.02f, 4, 4,
                clip.text().width());
        NDArray nc = data().get("coop_prompts").get("0:1");
        float[] straight;
        float[] straightStep;
        try (ProDA a = proda(config.proda(), ctx, nc)) {
            new org.commakit.train.Trainer(a, new ProDALoss(clip, 1f), config, tmp.resolve("a"), null)
                    .fit(new RandomImages());
            straight = a.trainableParameters().get("ctx").toFloatArray();
            straightStep = a.frozenState().get(ProDA.STEP).toFloatArray();
        }
        try (ProDA b = proda(config.proda(), ctx, nc)) {
            new org.commakit.train.Trainer(b, new ProDALoss(clip, 1f), config, tmp.resolve("b"), null)
                    .fitEpochs(new RandomImages(), 1);
        }
        try (ProDA c = proda(config.proda(), ctx, nc)) {
            new org.commakit.train.Trainer(c, new ProDALoss(clip, 1f), config, tmp.resolve("b"), null)
                    .fit(new RandomImages());
            assertArrayEquals(new float[] {6f}, straightStep, "3 epochs of 2 steps");
            assertArrayEquals(straightStep, c.frozenState().get(ProDA.STEP).toFloatArray());
            assertArrayEquals(straight, c.trainableParameters().get("ctx").toFloatArray(), 0f);
        }
    }

    @Test
    void badSettingsAreRefusedNamingTheKey() {
        KitException e = assertThrows(KitException.class, () -> new ProDA.Settings(4, 3, 1f, "mixed", true));
        assertTrue(e.getMessage().contains("prodaPromptBatch=3"), e.getMessage());
        e = assertThrows(KitException.class, () -> new ProDA.Settings(4, 0, 1f, "side", true));
        assertTrue(e.getMessage().contains("prodaPositions=side"), e.getMessage());
        e = assertThrows(KitException.class, () -> new CtpTft.Settings("mean", "pool", 1f, 1f, 0f, true, 0f));
        assertTrue(e.getMessage().contains("ctp=mean"), e.getMessage());
        e = assertThrows(KitException.class, () -> new CtpTft.Settings("attn", "pool", 0f, 1f, 0f, true, 0f));
        assertTrue(e.getMessage().contains("ctpTau=0.0"), e.getMessage());
    }
}
