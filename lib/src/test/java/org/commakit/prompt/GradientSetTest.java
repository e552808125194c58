package org.commakit.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipConfig;
import org.commakit.clip.ClipWeights;
import org.commakit.loss.CrossEntropy;
import org.commakit.loss.KnowledgePreservingLoss;
import org.commakit.loss.TrainingObjective;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Gradients reach exactly the tensors each method trains, and never the frozen CLIP. */
class GradientSetTest {
    static Clip clip;

    @BeforeAll
    static void load() {
        clip = PromptGoldenParityTest.clipForOtherTests();
    }

    @AfterAll
    static void close() {
        PromptGoldenParityTest.close();
    }

    /** Names of the learner's tensors whose gradient is non-zero after one backward pass. */
    static Set<String> withGradient(PromptLearner learner, TrainingObjective objective) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            PromptOutput out = learner.forward(PromptGoldenParityTest.data.get("images"), objective.hiddenLayers());
            gc.backward(objective.loss(out, PromptGoldenParityTest.data.get("labels")));
        }
        Set<String> got = new TreeSet<>();
        for (Map.Entry<String, NDArray> e : learner.trainableParameters().entrySet()) {
            if (e.getValue().getGradient().abs().sum().getFloat() > 0) {
                got.add(e.getKey());
            }
        }
        for (String name : clip.weights().names()) {
            NDArray w = clip.weights().fp32(name);
            assertTrue(!w.hasGradient(), "frozen CLIP tensor " + name + " must not require a gradient");
        }
        return got;
    }

    static TextPrompts prompts(int nCtx) {
        return PromptGoldenParityTest.prompts("prompts", nCtx);
    }

    @Test
    void commaFaithfulTrainsContextProjectionAndTextPromptsButNeverTheGenerators() {
        try (Comma comma = new Comma(clip, prompts(2), 4, Comma.Mode.FAITHFUL, new SplittableRandom(3));
                KnowledgePreservingLoss kp = new KnowledgePreservingLoss(clip,
                        PromptGoldenParityTest.rows(PromptGoldenParityTest.data.get("template")), 1f, 1)) {
            assertEquals(Set.of("ctx", "proj.weight", "proj.bias", "deep_text"), withGradient(comma, kp));
            assertEquals(Set.of("ctx", "proj.weight", "proj.bias", "deep_text"), comma.trainableParameters().keySet());
            assertEquals(24, comma.frozenState().size()); // 3 generators x 8 tensors
            comma.frozenState().values().forEach(g -> assertTrue(!g.hasGradient()));
        }
    }

    @Test
    void commaAsDescribedAlsoTrainsEveryGenerator() {
        try (Comma comma = new Comma(clip, prompts(2), 4, Comma.Mode.AS_DESCRIBED, new SplittableRandom(3))) {
            Set<String> got = withGradient(comma, new CrossEntropy());
            assertEquals(comma.trainableParameters().keySet(), got);
            assertEquals(4 + 24, got.size());
        }
    }

    @Test
    void mapleTrainsContextProjectionTextPromptsAndEveryCoupling() {
        try (MaPLe maple = new MaPLe(clip, prompts(2), 4, new SplittableRandom(3))) {
            Set<String> got = withGradient(maple, new CrossEntropy());
            assertEquals(maple.trainableParameters().keySet(), got);
            assertTrue(got.containsAll(List.of("coupling.1.weight", "coupling.3.bias")));
            assertEquals(0f, maple.trainableParameters().get("coupling.1.weight")
                    .sub(maple.trainableParameters().get("coupling.3.weight")).abs().max().getFloat(), 0f,
                    "couplings start identical");
        }
    }

    @Test
    void coopTrainsOnlyTheContextAndCoCoOpAlsoTheMetaNet() {
        try (CoOp coop = new CoOp(clip, prompts(4))) {
            assertEquals(Set.of("ctx"), withGradient(coop, new CrossEntropy()));
        }
        try (CoCoOp cocoop = new CoCoOp(clip, prompts(4), new SplittableRandom(3));
                ai.djl.ndarray.NDManager m = ai.djl.ndarray.NDManager.newBaseManager()) {
            // the golden weights: with a 2-unit hidden layer (embed 32 / 16) a random draw can leave both ReLUs dead
            Map<String, NDArray> w = new java.util.LinkedHashMap<>();
            org.commakit.clip.SafeTensors.read(PromptGoldenParityTest.DIR.resolve("cocoop.safetensors"), m)
                    .forEach((k, v) -> {
                        if (k.startsWith("w.")) {
                            w.put(k.substring(2), v);
                        }
                    });
            cocoop.load(w, "golden");
            assertEquals(Set.of("ctx", "meta_net.linear1.weight", "meta_net.linear1.bias", "meta_net.linear2.weight",
                    "meta_net.linear2.bias"), withGradient(cocoop, new CrossEntropy()));
        }
    }

    @Test
    void parameterCountsOnViTB16ShapesMatchTheOfficialCode() {
        // docs/official-code-notes.md#trainable-parameters-and-their-counts: MaPLe 3,555,072 at depth 9; COMMA 5,946,624 with requires_grad, of which 415,488 get a
        // gradient. The kit has no compound_prompts_image tensor (8 x 2 x 768 = 12,288): the original overwrites it
        // every forward, so its updates have no effect.
        ClipConfig vitB16 = new ClipConfig(512, 224, 16, 768, 12, 12, 77, 49408, 512, 12, 8);
        try (Clip big = Clip.of(ClipWeights.initialize(vitB16, 0, Device.cpu(), DataType.FLOAT32))) {
            int[][] tokens = new int[2][77];
            for (int[] t : tokens) {
                t[0] = 49406;
                t[1] = 320;
                t[2] = 1125;
                t[3] = 49407;
            }
            TextPrompts p = TextPrompts.fromTokens(big, tokens, 2, List.of("a", "b"));
            try (MaPLe maple = new MaPLe(big, p, 9, new SplittableRandom(1))) {
                assertEquals(3_555_072, count(maple.trainableParameters()));
            }
            TextPrompts p2 = TextPrompts.fromTokens(big, tokens, 2, List.of("a", "b"));
            try (Comma comma = new Comma(big, p2, 9, Comma.Mode.FAITHFUL, new SplittableRandom(1))) {
                long trained = count(comma.trainableParameters());
                long generators = count(comma.frozenState());
                assertEquals(415_488 - 12_288, trained);
                assertEquals(8 * 691_392, generators);
                assertEquals(5_946_624 - 12_288, trained + generators);
            }
            // the cross-dataset configuration, depth 3: MaPLe 1,185,024; COMMA 1,782,912 (2 x 2 x 768 image prompts)
            try (MaPLe maple = new MaPLe(big, TextPrompts.fromTokens(big, tokens, 2, List.of("a", "b")), 3,
                            new SplittableRandom(1));
                    Comma comma = new Comma(big, TextPrompts.fromTokens(big, tokens, 2, List.of("a", "b")), 3,
                            Comma.Mode.AS_DESCRIBED, new SplittableRandom(1))) {
                assertEquals(1_185_024, count(maple.trainableParameters()));
                assertEquals(1_782_912 - 3_072, count(comma.trainableParameters()));
                assertTrue(comma.frozenState().isEmpty(), "as described, the generators are trained");
            }
        }
    }

    static long count(Map<String, NDArray> tensors) {
        return tensors.values().stream().mapToLong(a -> a.getShape().size()).sum();
    }
}
