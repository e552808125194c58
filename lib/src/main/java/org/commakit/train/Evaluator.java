package org.commakit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import org.commakit.prompt.PromptLearner;

/** Top-1 and per-class accuracy of a prompt learner over a batch source (no gradients, one scope per batch). */
public final class Evaluator {
    private Evaluator() {}

    public static Accuracy evaluate(PromptLearner learner, BatchSource data) {
        Accuracy acc = new Accuracy(data.classes());
        try (NDManager m = NDManager.newBaseManager(
                learner.trainableParameters().values().iterator().next().getDevice())) {
            for (Batch b : data.epoch(0, m)) {
                try (NDScope scope = new NDScope()) {
                    NDArray logits = learner.forward(b.images(), 0).logits();
                    long[] p = logits.argMax(1).toLongArray();
                    int[] pred = new int[p.length];
                    for (int i = 0; i < p.length; i++) {
                        pred[i] = (int) p[i];
                    }
                    acc.add(pred, b.labels());
                    b.images().close();
                }
            }
        }
        return acc;
    }
}
