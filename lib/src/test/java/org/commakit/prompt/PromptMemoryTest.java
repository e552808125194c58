package org.commakit.prompt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.commakit.clip.Clip;
import org.commakit.loss.CrossEntropy;
import org.commakit.loss.KnowledgePreservingLoss;
import org.commakit.loss.TrainingObjective;
import org.commakit.train.Sgd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;

/**
 * The caller's rule (one NDScope per training step) is enough: after a warm-up step (which creates the optimiser's
 * momentum buffers), further steps leave no array behind in the CLIP's manager, which owns the learner's parameters,
 * buffers and the losses' references, nor in the inputs' manager; the parameters survive every scope.
 */
class PromptMemoryTest {

    @AfterAll
    static void close() {
        PromptGoldenParityTest.close();
    }

    static int arrays(NDManager m) {
        return ((BaseNDManager) m).getManagedArrays().size();
    }

    static void step(PromptLearner learner, TrainingObjective objective, Sgd sgd) {
        try (NDScope scope = new NDScope();
                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            PromptOutput out = learner.forward(PromptGoldenParityTest.data.get("images"), objective.hiddenLayers());
            gc.backward(objective.loss(out, PromptGoldenParityTest.data.get("labels")));
        }
        sgd.step(0.01f);
    }

    @Test
    void scopedTrainingStepsLeaveNothingBehindForAnyMethod() {
        Clip clip = PromptGoldenParityTest.clipForOtherTests();
        NDManager weights = clip.weights().manager();
        NDManager io = PromptGoldenParityTest.io;
        int[][] template = PromptGoldenParityTest.rows(PromptGoldenParityTest.data.get("template"));
        List<Supplier<PromptLearner>> learners = List.of(
                () -> new CoOp(clip, PromptGoldenParityTest.prompts("coop_prompts", 4)),
                () -> new CoCoOp(clip, PromptGoldenParityTest.prompts("prompts", 4), new SplittableRandom(1)),
                () -> new MaPLe(clip, PromptGoldenParityTest.prompts("prompts", 2), 3, new SplittableRandom(1)),
                () -> new Comma(clip, PromptGoldenParityTest.prompts("prompts", 2), 3, Comma.Mode.FAITHFUL,
                        new SplittableRandom(1)),
                () -> new Comma(clip, PromptGoldenParityTest.prompts("prompts", 2), 3, Comma.Mode.AS_DESCRIBED,
                        new SplittableRandom(1)));
        int before = arrays(weights);
        for (Supplier<PromptLearner> build : learners) {
            try (PromptLearner learner = build.get();
                    KnowledgePreservingLoss kp = new KnowledgePreservingLoss(clip, template, 1f, 1);
                    Sgd sgd = new Sgd(learner.trainableParameters(), 0.9f, 5e-4f)) {
                TrainingObjective objective = learner instanceof Comma ? kp : new CrossEntropy();
                step(learner, objective, sgd); // creates the momentum buffers
                int owned = arrays(weights);
                int inputs = arrays(io);
                float[] first = learner.trainableParameters().values().iterator().next().toFloatArray();
                for (int i = 0; i < 3; i++) {
                    step(learner, objective, sgd);
                }
                assertEquals(owned, arrays(weights), learner.method() + ": arrays in the CLIP's manager");
                assertEquals(inputs, arrays(io), learner.method() + ": arrays in the inputs' manager");
                NDArray ctx = learner.trainableParameters().values().iterator().next();
                assertTrue(ctx.sub(ctx.getManager().create(first).reshape(ctx.getShape())).abs().max().getFloat() > 0,
                        learner.method() + ": the parameters are alive and were updated");
            }
        }
        assertEquals(before, arrays(weights), "closing learners, losses and optimisers frees what they owned");
    }
}
