package org.commakit.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import org.commakit.clip.Clip;
import org.commakit.loss.CtpTftLoss;
import org.commakit.loss.ProDALoss;
import org.commakit.loss.TrainingObjective;
import org.commakit.train.Sgd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * ProDA and CTP/TFT (provisional interpretation; paper text unavailable) under fp16, the GPU's compute type, run here
 * on the CPU with the tiny CLIP: one training step agrees with the fp32 step from the same initial values to fp16
 * precision (logits and loss), every trained tensor gets a finite gradient of its own type, and SGD keeps the types
 * (ProDA's step counter stays fp32).
 */
class NewMethodsPrecisionTest {
    static Clip half;
    static Clip single;

    @BeforeAll
    static void load() {
        half = Clip.load(PromptGoldenParityTest.DIR.resolve("tiny_clip4.safetensors"), Device.cpu(), DataType.FLOAT16);
        single = Clip.load(PromptGoldenParityTest.DIR.resolve("tiny_clip4.safetensors"), Device.cpu(),
                DataType.FLOAT32);
        PromptGoldenParityTest.clipForOtherTests(); // the inputs
    }

    @AfterAll
    static void close() {
        half.close();
        single.close();
        PromptGoldenParityTest.close();
    }

    static TextPrompts prompts(Clip clip, String key) {
        return TextPrompts.fromTokens(clip, PromptGoldenParityTest.rows(PromptGoldenParityTest.data.get(key)), 4,
                List.of("c0", "c1", "c2"));
    }

    static Map<String, DataType> types(PromptLearner learner) {
        Map<String, DataType> out = new TreeMap<>();
        learner.trainableParameters().forEach((k, v) -> out.put(k, v.getDataType()));
        learner.frozenState().forEach((k, v) -> out.put(k, v.getDataType()));
        return out;
    }

    record Case(String name, Function<Clip, PromptLearner> learner, Function<Clip, TrainingObjective> objective) {}

    @Test
    void aHalfPrecisionStepMatchesTheFp32Step() {
        NDArray ctx = PromptLearners.normal(PromptGoldenParityTest.io, new SplittableRandom(9), 0.02f, 4, 4, 64);
        NDArray nc = PromptGoldenParityTest.data.get("coop_prompts").get("0:1");
        List<Case> cases = List.of(
                new Case("ProDA", c -> new ProDA(c, prompts(c, "coop_prompts"), TextPrompts.fromTokens(c,
                        PromptGoldenParityTest.rows(nc), 4, List.of("")), new int[] {1, 2, 1},
                        new ProDA.Settings(4, 2, 1f, "mixed", true), ctx, 3L), c -> new ProDALoss(c, 1f)),
                new Case("CTP-TFT", c -> new CtpTft(c, prompts(c, "prompts"), prompts(c, "prompts"),
                        new CtpTft.Settings("attn", "pool", 0.07f, 0.07f, 0.1f, true, 0.5f), new SplittableRandom(5)),
                        c -> new CtpTftLoss(c, 0.5f)));
        for (Case k : cases) {
            try (PromptLearner h = k.learner().apply(half); PromptLearner s = k.learner().apply(single);
                    NDManager keep = NDManager.newBaseManager()) {
                Map<String, DataType> before = types(h);
                NDArray[] logits = new NDArray[2];
                float[] loss = new float[2];
                PromptLearner[] both = {h, s};
                Clip[] clips = {half, single};
                for (int i = 0; i < 2; i++) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        PromptOutput out = both[i].forward(PromptGoldenParityTest.data.get("images"), 0);
                        logits[i] = out.logits().toType(DataType.FLOAT32, false);
                        logits[i].attach(keep);
                        NDArray l = k.objective().apply(clips[i]).loss(out, PromptGoldenParityTest.data.get("labels"));
                        loss[i] = l.toType(DataType.FLOAT32, false).getFloat();
                        gc.backward(l.toType(DataType.FLOAT32, false));
                    }
                }
                float scale = logits[1].abs().max().getFloat();
                float err = logits[0].sub(logits[1]).abs().max().getFloat();
                assertTrue(err < 1e-2f * scale, k.name() + ": fp16 logits off by " + err + " (max " + scale + ")");
                assertEquals(loss[1], loss[0], 2e-2f * Math.abs(loss[1]), k.name() + ": loss");
                for (Map.Entry<String, NDArray> p : h.trainableParameters().entrySet()) {
                    NDArray g = p.getValue().getGradient();
                    assertEquals(p.getValue().getDataType(), g.getDataType(), k.name() + " gradient of " + p.getKey());
                    float sum = g.toType(DataType.FLOAT32, false).abs().sum().getFloat();
                    assertTrue(sum > 0 && Float.isFinite(sum), k.name() + " " + p.getKey() + " gradient " + sum);
                }
                try (Sgd sgd = Sgd.reference(h.trainableParameters())) {
                    sgd.step(0.01f);
                }
                assertEquals(before, types(h), k.name() + ": SGD keeps every tensor's type");
                if (h instanceof ProDA) {
                    assertEquals(DataType.FLOAT32, h.frozenState().get(ProDA.STEP).getDataType());
                }
            }
        }
    }
}
