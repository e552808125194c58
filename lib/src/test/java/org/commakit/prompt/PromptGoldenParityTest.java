package org.commakit.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.BiFunction;
import org.commakit.Fixtures;
import org.commakit.clip.Clip;
import org.commakit.clip.SafeTensors;
import org.commakit.loss.CrossEntropy;
import org.commakit.loss.KgCoOpLoss;
import org.commakit.loss.KnowledgePreservingLoss;
import org.commakit.loss.TrainingObjective;
import org.commakit.train.Sgd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Golden parity of every prompt learner with an independent PyTorch implementation
 * (fixtures/prompts/make_prompt_golden.py, on a tiny CLIP with 4 blocks per tower, prompt depth 4): logits, the total
 * loss (COMMA: CE + KP; CoOp: CE + KgCoOp) and the trainable tensors after one SGD step (lr 0.01, momentum 0.9, wd
 * 5e-4). Tolerance 1e-4, as the issue asks; fp32 on both sides.
 */
class PromptGoldenParityTest {
    static final float TOLERANCE = 1e-4f;
    static final Path DIR = Fixtures.fixture("prompts");
    static Clip clip;
    static NDManager io;
    static Map<String, NDArray> data;

    @BeforeAll
    static void load() {
        clip = Clip.load(DIR.resolve("tiny_clip4.safetensors"), Device.cpu(), DataType.FLOAT32);
        io = NDManager.newBaseManager();
        data = SafeTensors.read(DIR.resolve("io.safetensors"), io);
    }

    @AfterAll
    static void close() {
        if (clip != null) {
            io.close();
            clip.close();
            clip = null;
        }
    }

    /** The same tiny CLIP and inputs, for other tests of this package. */
    static Clip clipForOtherTests() {
        load();
        return clip;
    }

    static int[][] rows(NDArray tokens) {
        long[] flat = tokens.toLongArray();
        int n = (int) tokens.getShape().get(0);
        int[][] out = new int[n][77];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < 77; j++) {
                out[i][j] = (int) flat[i * 77 + j];
            }
        }
        return out;
    }

    static TextPrompts prompts(String key, int nCtx) {
        return TextPrompts.fromTokens(clip, rows(data.get(key)), nCtx, List.of("c0", "c1", "c2"));
    }

    /** Loads the golden weights, checks logits and loss, runs one SGD step and checks the trainable tensors. */
    static void check(String fixture, PromptLearner learner, BiFunction<PromptLearner, Map<String, NDArray>, Void> load,
            TrainingObjective objective) {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> golden = SafeTensors.read(DIR.resolve(fixture + ".safetensors"), m);
            Map<String, NDArray> weights = new LinkedHashMap<>();
            golden.forEach((k, v) -> {
                if (k.startsWith("w.")) {
                    weights.put(k.substring(2), v);
                }
            });
            load.apply(learner, weights);
            float loss;
            NDArray logits;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                PromptOutput out = learner.forward(data.get("images"), objective.hiddenLayers());
                NDArray l = objective.loss(out, data.get("labels"));
                gc.backward(l);
                loss = l.getFloat();
                logits = out.logits();
            }
            float logitErr = logits.sub(golden.get("logits")).abs().max().getFloat();
            assertTrue(logitErr <= TOLERANCE, fixture + ": logits max abs error " + logitErr);
            assertEquals(golden.get("loss").getFloat(0), loss, TOLERANCE, fixture + ": loss");
            try (Sgd sgd = new Sgd(learner.trainableParameters(), 0.9f, 5e-4f)) {
                sgd.step(0.01f);
            }
            for (Map.Entry<String, NDArray> e : learner.trainableParameters().entrySet()) {
                NDArray expected = golden.get("after." + e.getKey());
                float err = e.getValue().sub(expected).abs().max().getFloat();
                assertTrue(err <= TOLERANCE, fixture + ": '" + e.getKey() + "' after one SGD step, error " + err);
            }
            System.out.printf("%s: logits error %.2e, loss %.6f (PyTorch %.6f)%n", fixture, logitErr, loss,
                    golden.get("loss").getFloat(0));
        }
    }

    @Test
    void coopWithKgCoOpLossMatchesPyTorch() {
        try (CoOp coop = new CoOp(clip, prompts("coop_prompts", 4));
                KgCoOpLoss kg = new KgCoOpLoss(clip, rows(data.get("template")), 8f)) {
            check("coop_kgcoop", coop, (l, w) -> {
                ((CoOp) l).load(w, "golden");
                return null;
            }, kg);
        }
    }

    @Test
    void cocoopMatchesPyTorch() {
        try (CoCoOp cocoop = new CoCoOp(clip, prompts("prompts", 4), new SplittableRandom(1))) {
            check("cocoop", cocoop, (l, w) -> {
                ((CoOp) l).load(w, "golden");
                return null;
            }, new CrossEntropy());
        }
    }

    @Test
    void mapleMatchesPyTorch() {
        try (MaPLe maple = new MaPLe(clip, prompts("prompts", 2), 4, new SplittableRandom(1))) {
            check("maple", maple, (l, w) -> {
                ((MaPLe) l).load(w, "golden");
                return null;
            }, new CrossEntropy());
        }
    }

    @Test
    void commaFaithfulWithKnowledgePreservingLossMatchesPyTorch() {
        try (Comma comma = new Comma(clip, prompts("prompts", 2), 4, Comma.Mode.FAITHFUL, new SplittableRandom(1));
                KnowledgePreservingLoss kp = new KnowledgePreservingLoss(clip, rows(data.get("template")), 1f, 1)) {
            check("comma_faithful", comma, (l, w) -> {
                ((Comma) l).load(w, "golden");
                return null;
            }, kp);
        }
    }

    @Test
    void commaAsDescribedWithKnowledgePreservingLossMatchesPyTorch() {
        try (Comma comma = new Comma(clip, prompts("prompts", 2), 4, Comma.Mode.AS_DESCRIBED,
                        new SplittableRandom(1));
                KnowledgePreservingLoss kp = new KnowledgePreservingLoss(clip, rows(data.get("template")), 1f, 1)) {
            check("comma_as_described", comma, (l, w) -> {
                ((Comma) l).load(w, "golden");
                return null;
            }, kp);
        }
    }
}
