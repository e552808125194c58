package org.commakit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import org.commakit.KitException;
import org.commakit.clip.Clip;
import org.commakit.clip.ZeroShotClassifier;
import org.commakit.data.Batch;
import org.commakit.data.BatchSource;
import org.commakit.prompt.MultiModalPromptLearner;
import org.commakit.prompt.PromptLearner;

/**
 * A trained learner's two sides tested apart (docs/mini-world.md#why-stories-fail): over every batch,
 * the top-1 of CLIP's own image features against the hand-crafted class features (zero-shot), of the learner's image
 * features against its class features (the learner, as {@link Evaluator#evaluate(PromptLearner, BatchSource)}), of its
 * image features against the hand-crafted class features (image side only) and of CLIP's own image features against its
 * class features (text side only), and the image drift {@code 1 - cos(learner's, CLIP's own image feature)}. A learner
 * without vision prompts uses CLIP's own image features.
 */
public final class SideEvaluator {
    private SideEvaluator() {
    }

    /** Accuracies in %, drift as a mean over the images. */
    public record Sides(double drift, double zeroShot, double learner, double imageSideOnly, double textSideOnly) {
        /** The values in the order of the record. */
        public double[] values() {
            return new double[] {drift, zeroShot, learner, imageSideOnly, textSideOnly};
        }
    }

    /**
     * Tests {@code learner} (built for the data's classes) and zero-shot CLIP (its classifier for the same classes) on
     * {@code data}'s epoch 0.
     */
    public static Sides evaluate(PromptLearner learner, ZeroShotClassifier zeroShot, Clip clip, BatchSource data) {
        if (data.classes() != learner.classnames().size() || data.classes() != zeroShot.classnames().size()) {
            throw new KitException("the data has " + data.classes() + " classes but the learner is built for "
                    + learner.classnames().size() + " and the zero-shot classifier for "
                    + zeroShot.classnames().size() + "; build both for the split's class list");
        }
        double driftSum = 0;
        long[] correct = new long[4];
        int n = 0;
        try (NDManager m = NDManager.newBaseManager(clip.device())) {
            for (Batch b : data.epoch(0, m)) {
                try (NDScope scope = new NDScope()) {
                    NDArray own = Clip.normalize(clip.encodeImage(b.images())).toType(DataType.FLOAT32, false);
                    NDArray text = Clip.normalize(learner.forward(b.images(), 0).textFeatures())
                            .toType(DataType.FLOAT32, false);
                    NDArray prompted = learner instanceof MultiModalPromptLearner mm
                            ? Clip.normalize(mm.promptedImageFeatures(b.images())).toType(DataType.FLOAT32, false)
                            : own;
                    NDArray handCrafted = zeroShot.weights();
                    for (float c : own.mul(prompted).sum(new int[] {-1}).toFloatArray()) {
                        driftSum += 1 - c;
                    }
                    NDArray[][] pairs = {{own, handCrafted}, {prompted, text}, {prompted, handCrafted}, {own, text}};
                    for (int k = 0; k < pairs.length; k++) {
                        long[] predicted = pairs[k][0].matMul(pairs[k][1].transpose()).argMax(1).toLongArray();
                        for (int i = 0; i < predicted.length; i++) {
                            if (predicted[i] == b.labels()[i]) {
                                correct[k]++;
                            }
                        }
                    }
                    n += b.labels().length;
                } finally {
                    b.images().close();
                }
            }
        }
        if (n == 0) {
            throw new KitException("no test images to evaluate the learner's sides on");
        }
        return new Sides(driftSum / n, 100.0 * correct[0] / n, 100.0 * correct[1] / n, 100.0 * correct[2] / n,
                100.0 * correct[3] / n);
    }
}
