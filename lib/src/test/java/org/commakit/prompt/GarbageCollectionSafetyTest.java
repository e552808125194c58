package org.commakit.prompt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.training.GradientCollector;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SplittableRandom;
import org.commakit.clip.Clip;
import org.commakit.loss.KnowledgePreservingLoss;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * A garbage collection between the forward and the backward pass changes nothing. (DJL's {@code mul(Number)} hands
 * autograd a tensor whose Java buffer the collector may free; the kit multiplies by libtorch-owned scalars instead,
 * see {@link org.commakit.clip.Scalar}. Before that fix this test saw NaN gradients.)
 */
class GarbageCollectionSafetyTest {

    @AfterAll
    static void close() {
        PromptGoldenParityTest.close();
    }

    static Map<String, float[]> gradients(boolean collectGarbage) throws InterruptedException {
        Clip clip = PromptGoldenParityTest.clipForOtherTests();
        try (Comma comma = new Comma(clip, PromptGoldenParityTest.prompts("prompts", 2), 4, Comma.Mode.AS_DESCRIBED,
                        new SplittableRandom(9));
                KnowledgePreservingLoss kp = new KnowledgePreservingLoss(clip,
                        PromptGoldenParityTest.rows(PromptGoldenParityTest.data.get("template")), 1f, 1)) {
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                PromptOutput out = comma.forward(PromptGoldenParityTest.data.get("images"), 1);
                NDArray loss = kp.loss(out, PromptGoldenParityTest.data.get("labels"));
                if (collectGarbage) {
                    for (int i = 0; i < 3; i++) {
                        System.gc();
                        Thread.sleep(30);
                    }
                }
                gc.backward(loss);
            }
            Map<String, float[]> g = new LinkedHashMap<>();
            comma.trainableParameters().forEach((k, v) -> g.put(k, v.getGradient().toFloatArray()));
            return g;
        }
    }

    @Test
    void gradientsAreTheSameWithAGarbageCollectionBetweenForwardAndBackward() throws InterruptedException {
        Map<String, float[]> plain = gradients(false);
        Map<String, float[]> collected = gradients(true);
        for (String k : plain.keySet()) {
            assertArrayEquals(plain.get(k), collected.get(k), 0f, k);
        }
    }
}
