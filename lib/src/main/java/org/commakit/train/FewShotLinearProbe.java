package org.commakit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.commakit.KitException;
import org.commakit.clip.Clip;
import org.commakit.clip.ImagePreprocess;
import org.commakit.clip.ZeroShotClassifier;
import org.commakit.data.Batch;
import org.commakit.data.DatasetBatches;
import org.commakit.data.Datum;

/**
 * A linear probe on frozen CLIP image features, started from the zero-shot classifier: the diagnostic that tells
 * whether a few-shot train set holds class information that zero-shot CLIP leaves unused.
 *
 * <p>Logits {@code s · x Wᵀ} over unit image features x, with W initialised to the zero-shot text features (so step 0
 * is zero-shot CLIP) and CLIP's logit scale s; full-batch gradient descent on the cross-entropy,
 * {@code ∇W = s/N · (softmax − onehot)ᵀ X}. Unlike the CLIP paper's L-BFGS probe it keeps the zero-shot start, so its
 * test accuracy after training says how far re-weighting the frozen features can move past zero-shot: a prompt learner
 * that only changes the class text features (CoOp) cannot separate the classes better than such a W can.
 */
public final class FewShotLinearProbe {
    private final float scale;
    private final float lr;

    /**
     * @param scale CLIP's logit scale exp(t)
     * @param lr gradient-descent step size on W
     */
    public FewShotLinearProbe(float scale, float lr) {
        if (!(scale > 0) || !(lr > 0)) {
            throw new KitException("linear probe: logit scale and learning rate must be > 0, got scale " + scale
                    + " and lr " + lr);
        }
        this.scale = scale;
        this.lr = lr;
    }

    /**
     * Runs {@code steps} full-batch steps from {@code init}.
     *
     * @param init [classes, embed] unit zero-shot text features (not modified)
     * @param features [n, embed] unit image features of the train set
     * @param labels n labels in [0, classes)
     * @return the trained W [classes, embed], attached to {@code init}'s manager
     */
    public NDArray fit(NDArray init, NDArray features, int[] labels, int steps) {
        long classes = init.getShape().get(0);
        long n = features.getShape().get(0);
        if (labels.length != n || n == 0) {
            throw new KitException("linear probe: " + labels.length + " labels for " + n + " image features; give one "
                    + "label per train image (at least one image)");
        }
        for (int y : labels) {
            if (y < 0 || y >= classes) {
                throw new KitException("linear probe: label " + y + " outside the " + classes + " classes of the "
                        + "zero-shot weights");
            }
        }
        NDManager out = init.getManager();
        try (NDManager m = out.newSubManager()) {
            NDArray x = features.toType(DataType.FLOAT32, true);
            x.attach(m);
            NDArray onehot = m.create(labels).oneHot((int) classes).toType(DataType.FLOAT32, false);
            NDArray w = init.toType(DataType.FLOAT32, true);
            w.attach(m);
            for (int step = 0; step < steps; step++) {
                try (NDManager s = m.newSubManager()) {
                    NDArray logits = x.matMul(w.transpose()).mul(scale);
                    logits.attach(s);
                    NDArray grad = logits.softmax(1).sub(onehot).transpose().matMul(x).mul(scale / n);
                    grad.attach(s);
                    NDArray next = w.sub(grad.mul(lr));
                    next.attach(m);
                    w.close();
                    w = next;
                }
            }
            w.attach(out);
            return w;
        }
    }

    /** What one probe measured: train images, and the test accuracy (%) of zero-shot and of the fitted probe. */
    public record Outcome(int trainImages, double zeroShotTest, double probeTrain, double probeTest) {}

    /**
     * Fits the probe from {@code zeroShot}'s weights on the unit image features of {@code train} (test transform) for
     * {@code steps} steps, and scores zero-shot and the probe on {@code test}.
     */
    public Outcome run(Clip clip, ZeroShotClassifier zeroShot, List<Datum> train, List<Datum> test, int classes,
            int steps) {
        try (NDManager m = clip.weights().manager().newSubManager()) {
            int[][] labels = new int[2][];
            NDArray xTrain = features(clip, train, classes, m, labels, 0);
            NDArray xTest = features(clip, test, classes, m, labels, 1);
            NDArray w = fit(zeroShot.weights().duplicate(), xTrain, labels[0], steps);
            w.attach(m);
            return new Outcome(labels[0].length, accuracy(zeroShot.weights(), xTest, labels[1]),
                    accuracy(w, xTrain, labels[0]), accuracy(w, xTest, labels[1]));
        }
    }

    /** Unit image features [n, embed] of {@code items} (test transform); their labels go to {@code labels[slot]}. */
    private static NDArray features(Clip clip, List<Datum> items, int classes, NDManager into, int[][] labels,
            int slot) {
        ImagePreprocess preprocess = new ImagePreprocess(clip.config().imageResolution()).withoutAugmentation();
        List<NDArray> parts = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        try (DatasetBatches batches = DatasetBatches.test(items, preprocess, FEATURE_BATCH).classes(classes)) {
            for (Batch b : batches.epoch(0, into)) {
                NDArray f = Clip.normalize(clip.encodeImage(b.images()));
                f.attach(into);
                parts.add(f);
                for (int y : b.labels()) {
                    ys.add(y);
                }
            }
        }
        labels[slot] = ys.stream().mapToInt(Integer::intValue).toArray();
        return NDArrays.concat(new NDList(parts), 0);
    }

    private static final int FEATURE_BATCH = 128;

    /** Top-1 accuracy (%) of {@code w} on unit image features. */
    public static double accuracy(NDArray w, NDArray features, int[] labels) {
        try (NDManager m = w.getManager().newSubManager()) {
            NDArray logits = features.toType(DataType.FLOAT32, true).matMul(w.transpose());
            logits.attach(m);
            long[] predicted = logits.argMax(1).toLongArray();
            int ok = 0;
            for (int i = 0; i < labels.length; i++) {
                ok += predicted[i] == labels[i] ? 1 : 0;
            }
            return labels.length == 0 ? 0 : 100.0 * ok / labels.length;
        }
    }
}
