package org.commakit.train;

import org.commakit.data.Batch;
import org.commakit.data.BatchSource;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import org.commakit.KitException;
import org.commakit.clip.ZeroShotClassifier;
import org.commakit.prompt.PromptLearner;

/**
 * Top-1 and per-class accuracy of a prompt learner over a batch source (docs/data-protocol.md#evaluation: argmax of the logits, micro
 * average). No gradients are recorded (no collector is open); one scope per batch frees its arrays.
 */
public final class Evaluator {
    private Evaluator() {}

    /** Runs every batch of {@code data}'s epoch 0 (a test source is sequential) through {@code learner}. */
    public static Accuracy evaluate(PromptLearner learner, BatchSource data) {
        if (data.classes() != learner.classnames().size()) {
            throw new KitException("the evaluation data has " + data.classes() + " classes but the "
                    + learner.method() + " learner is built for " + learner.classnames().size()
                    + " class names; call setClassnames with the split's class list first");
        }
        Accuracy acc = new Accuracy(data.classes());
        try (NDManager m = NDManager.newBaseManager(
                learner.trainableParameters().values().iterator().next().getDevice())) {
            for (Batch b : data.epoch(0, m)) {
                try (NDScope scope = new NDScope()) {
                    long[] p = learner.forward(b.images(), 0).logits().argMax(1).toLongArray();
                    int[] pred = new int[p.length];
                    for (int i = 0; i < p.length; i++) {
                        pred[i] = (int) p[i];
                    }
                    acc.add(pred, b.labels());
                } finally {
                    b.images().close();
                }
            }
        }
        return acc;
    }

    /** Zero-shot CLIP over {@code data}'s epoch 0: the same top-1 count, with hand-crafted class weights. */
    public static Accuracy evaluate(ZeroShotClassifier classifier, BatchSource data) {
        if (data.classes() != classifier.classnames().size()) {
            throw new KitException("the evaluation data has " + data.classes() + " classes but the zero-shot "
                    + "classifier is built for " + classifier.classnames().size() + " class names");
        }
        Accuracy acc = new Accuracy(data.classes());
        try (NDManager m = NDManager.newBaseManager(classifier.weights().getDevice())) {
            for (Batch b : data.epoch(0, m)) {
                try {
                    acc.add(classifier.predict(b.images()), b.labels());
                } finally {
                    b.images().close();
                }
            }
        }
        return acc;
    }
}
