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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.function.Function;
import org.commakit.Fixtures;
import org.commakit.clip.Clip;
import org.commakit.clip.SafeTensors;
import org.commakit.loss.CrossEntropy;
import org.commakit.train.Sgd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Under fp16 the learners keep in fp32 exactly the tensors the official code keeps in fp32 (docs/official-code-notes.md#precision):
 * MaPLe's couplings and the deep text prompts, COMMA's generators G_2..G_{J-1}; the context, the projection, CoCoOp's
 * meta-net and COMMA's G_1 are fp16. The CPU runs the fp16 path here on the tiny CLIP; the GPU runs it for real.
 */
class PromptPrecisionTest {
    static final Path DIR = Fixtures.fixture("prompts");
    static Clip half;
    static Clip single;
    static NDManager io;
    static Map<String, NDArray> data;

    @BeforeAll
    static void load() {
        half = Clip.load(DIR.resolve("tiny_clip4.safetensors"), Device.cpu(), DataType.FLOAT16);
        single = Clip.load(DIR.resolve("tiny_clip4.safetensors"), Device.cpu(), DataType.FLOAT32);
        io = NDManager.newBaseManager();
        data = SafeTensors.read(DIR.resolve("io.safetensors"), io);
    }

    @AfterAll
    static void close() {
        io.close();
        half.close();
        single.close();
    }

    static TextPrompts prompts(Clip clip, int nCtx) {
        return TextPrompts.fromTokens(clip, PromptGoldenParityTest.rows(data.get("prompts")), nCtx,
                List.of("c0", "c1", "c2"));
    }

    static Map<String, DataType> types(PromptLearner learner) {
        Map<String, DataType> out = new TreeMap<>();
        learner.trainableParameters().forEach((k, v) -> out.put(k, v.getDataType()));
        learner.frozenState().forEach((k, v) -> out.put(k, v.getDataType()));
        return out;
    }

    /** {@code names} in fp32, every other tensor of the learner in fp16. */
    static void assertFp32Exactly(PromptLearner learner, List<String> prefixes) {
        types(learner).forEach((name, type) -> {
            boolean master = prefixes.stream().anyMatch(name::startsWith);
            assertEquals(master ? DataType.FLOAT32 : DataType.FLOAT16, type, learner.method() + " " + name);
        });
    }

    @Test
    void underHalfPrecisionTheTensorsTheOfficialCodeKeepsInFp32StayFp32() {
        try (MaPLe maple = new MaPLe(half, prompts(half, 2), 4, new SplittableRandom(3));
                Comma comma = new Comma(half, prompts(half, 2), 4, Comma.Mode.FAITHFUL, new SplittableRandom(3));
                CoCoOp cocoop = new CoCoOp(half, prompts(half, 2), new SplittableRandom(3));
                CoOp coop = new CoOp(half, prompts(half, 2))) {
            assertFp32Exactly(maple, List.of("deep_text", "coupling."));
            assertFp32Exactly(comma, List.of("deep_text", "generator.2.", "generator.3."));
            assertTrue(types(comma).containsKey("generator.1.mlp1.weight"), "G_1 exists and is fp16");
            assertFp32Exactly(cocoop, List.of());
            assertFp32Exactly(coop, List.of());
        }
        try (MaPLe maple = new MaPLe(single, prompts(single, 2), 4, new SplittableRandom(3))) {
            assertEquals(Map.of(DataType.FLOAT32, types(maple).size()), Map.of(DataType.FLOAT32,
                    (int) types(maple).values().stream().filter(t -> t == DataType.FLOAT32).count()),
                    "an fp32 CLIP keeps every prompt tensor in fp32");
        }
    }

    /**
     * One training step of each method in fp16 against the same step in fp32 from the same initial values: logits
     * agree to fp16 precision, every trained tensor gets a gradient of its own type, and SGD keeps the types.
     */
    @Test
    void aHalfPrecisionStepMatchesTheFp32StepAndKeepsTheMastersInFp32() {
        Map<String, Function<Clip, PromptLearner>> methods = new HashMap<>();
        methods.put("MaPLe", c -> new MaPLe(c, prompts(c, 2), 4, new SplittableRandom(5)));
        methods.put("COMMA", c -> new Comma(c, prompts(c, 2), 4, Comma.Mode.AS_DESCRIBED, new SplittableRandom(5)));
        for (Map.Entry<String, Function<Clip, PromptLearner>> m : methods.entrySet()) {
            try (PromptLearner h = m.getValue().apply(half); PromptLearner s = m.getValue().apply(single);
                    NDManager scope = NDManager.newBaseManager()) {
                Map<String, DataType> before = types(h);
                NDArray[] logits = new NDArray[2];
                PromptLearner[] both = {h, s};
                for (int i = 0; i < 2; i++) {
                    try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                        PromptOutput out = both[i].forward(data.get("images"), 0);
                        logits[i] = out.logits().toType(DataType.FLOAT32, false);
                        logits[i].attach(scope);
                        gc.backward(new CrossEntropy().loss(out, data.get("labels")).toType(DataType.FLOAT32, false));
                    }
                }
                float scale = logits[1].abs().max().getFloat();
                float err = logits[0].sub(logits[1]).abs().max().getFloat();
                assertTrue(err < 1e-2f * scale, m.getKey() + ": fp16 logits off by " + err + " (max |logit| " + scale + ")");
                for (Map.Entry<String, NDArray> p : h.trainableParameters().entrySet()) {
                    NDArray g = p.getValue().getGradient();
                    assertEquals(p.getValue().getDataType(), g.getDataType(), m.getKey() + " gradient of " + p.getKey());
                    float sum = g.toType(DataType.FLOAT32, false).abs().sum().getFloat();
                    assertTrue(sum > 0 && Float.isFinite(sum), m.getKey() + " " + p.getKey() + " gradient " + sum);
                }
                try (Sgd sgd = Sgd.reference(h.trainableParameters())) {
                    sgd.step(0.01f);
                }
                assertEquals(before, types(h), m.getKey() + ": SGD keeps every tensor's type");
            }
        }
    }

    @Test
    void loadingAnFp32StateIntoAnFp16LearnerKeepsEachTensorsType() {
        try (Comma s = new Comma(single, prompts(single, 2), 3, Comma.Mode.FAITHFUL, new SplittableRandom(1));
                Comma h = new Comma(half, prompts(half, 2), 3, Comma.Mode.FAITHFUL, new SplittableRandom(2))) {
            Map<String, DataType> before = types(h);
            Map<String, NDArray> state = new HashMap<>(s.trainableParameters());
            state.putAll(s.frozenState());
            h.load(state, "the fp32 learner");
            assertEquals(before, types(h));
            NDArray deep = h.trainableParameters().get("deep_text");
            assertEquals(0f, deep.sub(s.trainableParameters().get("deep_text")).abs().max().getFloat(), 0f,
                    "an fp32 master loads without rounding");
        }
    }
}
