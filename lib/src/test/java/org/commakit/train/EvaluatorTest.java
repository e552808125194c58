package org.commakit.train;

import org.commakit.data.Batch;
import org.commakit.data.BatchSource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import org.commakit.KitException;
import org.junit.jupiter.api.Test;

class EvaluatorTest {

    /** Two batches of one-hot rows: with W = I the prediction is the hot position. */
    static final BatchSource ONE_HOT = new BatchSource() {
        @Override
        public Iterable<Batch> epoch(int epoch, NDManager m) {
            return List.of(
                    new Batch(m.create(new float[] {1, 0, 0, 0, 1, 0, 0, 0, 1, 1, 0, 0}, new Shape(4, 3)),
                            new int[] {0, 1, 2, 1}), // the last one is predicted 0: wrong
                    new Batch(m.create(new float[] {0, 1, 0, 0, 0, 1}, new Shape(2, 3)),
                            new int[] {1, 0})); // the last one is predicted 2: wrong
        }

        @Override
        public int batchesPerEpoch() {
            return 2;
        }

        @Override
        public int classes() {
            return 3;
        }
    };

    @Test
    void topOneAndPerClassAccuracyCountEveryImageOnce() {
        try (LinearProbe probe = new LinearProbe("CoOp", List.of("a", "b", "c"), 3, 1);
                NDManager m = NDManager.newBaseManager()) {
            probe.trainableParameters().get("weight").set(new NDIndex("..."), m.eye(3));
            Accuracy acc = Evaluator.evaluate(probe, ONE_HOT);
            assertEquals(6, acc.count());
            assertEquals(100.0 * 4 / 6, acc.top1(), 1e-12);
            assertArrayEquals(new double[] {50.0, 200.0 / 3, 100.0}, acc.perClass(), 1e-12);
            assertEquals((50.0 + 200.0 / 3 + 100.0) / 3, acc.meanPerClass(), 1e-12);
            assertEquals(List.of(0, 0), probe.hiddenLayersAsked, "evaluation asks for no hidden states");
        }
    }

    @Test
    void dataWithAnotherClassCountIsRefused() {
        try (LinearProbe probe = new LinearProbe("CoOp", List.of("a", "b"), 3, 1)) {
            KitException e = assertThrows(KitException.class, () -> Evaluator.evaluate(probe, ONE_HOT));
            assertTrue(e.getMessage().contains("3 classes") && e.getMessage().contains("setClassnames"),
                    e.getMessage());
        }
    }
}
