package org.commakit.course;

import ai.djl.ndarray.NDArray;
import java.util.Arrays;
import org.commakit.train.Accuracy;

/**
 * CLIP's image features of a list of images, L2-normalised ({@code [images, embed]}, float32), and the images'
 * labels in the same order. A zero-shot classifier is a matrix of class embeddings; {@link #predict} and
 * {@link #top1} score any such matrix against these features without encoding the images again.
 */
public record ImageFeatures(NDArray features, int[] labels) {

    /** The images' count. */
    public int size() {
        return labels.length;
    }

    /** The predicted class of every image: the class embedding ({@code [classes, embed]}) with the largest cosine. */
    public int[] predict(NDArray classEmbeddings) {
        try (NDArray scores = features.matMul(classEmbeddings.transpose()); NDArray best = scores.argMax(1)) {
            return Arrays.stream(best.toLongArray()).mapToInt(x -> (int) x).toArray();
        }
    }

    /** Top-1 accuracy (%) of predictions against these images' labels, over {@code classes} classes. */
    public double top1(int[] predicted, int classes) {
        Accuracy accuracy = new Accuracy(classes);
        accuracy.add(predicted, labels);
        return accuracy.top1();
    }

    /** The softmax probabilities of image {@code i} over the classes, at CLIP's temperature {@code logitScale}. */
    public float[] probabilities(int i, NDArray classEmbeddings, double logitScale) {
        try (NDArray row = features.get(i); NDArray logits = row.matMul(classEmbeddings.transpose())
                .mul(logitScale); NDArray p = logits.softmax(0)) {
            return p.toFloatArray();
        }
    }
}
