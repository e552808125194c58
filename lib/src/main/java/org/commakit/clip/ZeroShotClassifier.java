package org.commakit.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.ArrayList;
import java.util.List;
import org.commakit.KitException;

/**
 * Zero-shot CLIP: one text feature per class from hand-crafted templates, logits = exp(logit_scale) · cosine.
 *
 * <p>With several templates (an ensemble) the normalised features of all templates are averaged and renormalised,
 * as in CLIP's prompt-engineering notebook; with one template this is CoOp's {@code ZeroshotCLIP}.
 */
public final class ZeroShotClassifier implements AutoCloseable {
    private static final int TEXT_CHUNK = 256;

    private final Clip clip;
    private final NDManager manager;
    private final NDArray weights; // [classes, embed], unit rows
    private final List<String> classnames;

    private ZeroShotClassifier(Clip clip, NDManager manager, NDArray weights, List<String> classnames) {
        this.clip = clip;
        this.manager = manager;
        this.weights = weights;
        this.classnames = List.copyOf(classnames);
    }

    /**
     * @param templates each with one {@code {}} for the class name (underscores in names become spaces)
     */
    public static ZeroShotClassifier build(
            Clip clip, ClipTokenizer tokenizer, List<String> classnames, List<String> templates) {
        if (classnames.isEmpty()) {
            throw new KitException("zero-shot classifier: the class list is empty. Check the dataset's split file "
                    + "(its train split defines the classes).");
        }
        if (templates.isEmpty()) {
            throw new KitException("zero-shot classifier: no template given; use e.g. \"a photo of a {}.\"");
        }
        for (String t : templates) {
            if (!t.contains("{}")) {
                throw new KitException("template \"" + t + "\" has no {} where the class name goes.");
            }
        }
        NDManager manager = clip.weights().manager().newSubManager();
        NDArray sum = null;
        for (String template : templates) {
            List<String> prompts = new ArrayList<>();
            for (String c : classnames) {
                prompts.add(prompt(template, c));
            }
            NDArray f = encodeNormalized(clip, tokenizer, prompts, manager);
            sum = sum == null ? f : sum.addi(f);
        }
        NDArray weights = Clip.normalize(sum);
        weights.attach(manager);
        return new ZeroShotClassifier(clip, manager, weights, classnames);
    }

    /** {@code template} with the class name in place of {}, underscores replaced by spaces (CoOp's rule). */
    public static String prompt(String template, String classname) {
        return template.replace("{}", classname.replace('_', ' '));
    }

    private static NDArray encodeNormalized(Clip clip, ClipTokenizer tokenizer, List<String> prompts, NDManager into) {
        List<NDArray> parts = new ArrayList<>();
        for (int start = 0; start < prompts.size(); start += TEXT_CHUNK) {
            List<String> chunk = prompts.subList(start, Math.min(prompts.size(), start + TEXT_CHUNK));
            try (NDScope scope = new NDScope()) {
                NDArray f = Clip.normalize(clip.encodeText(clip.tokens(into, tokenizer.tokenize(chunk))));
                f = f.toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
                NDScope.unregister(f);
                f.attach(into);
                parts.add(f);
            }
        }
        return ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(parts), 0);
    }

    public List<String> classnames() {
        return classnames;
    }

    /** Class weights [classes, embed], unit-norm rows, fp32. */
    public NDArray weights() {
        return weights;
    }

    /** exp(logit_scale) · norm(image features) · weights^T, [batch, classes]. */
    public NDArray logits(NDArray images) {
        return logitsOfFeatures(clip.encodeImage(images));
    }

    /** {@link #logits} from the image encoder's output ({@link Clip#encodeImage}) instead of the images. */
    public NDArray logitsOfFeatures(NDArray imageFeatures) {
        NDArray f = Clip.normalize(imageFeatures).toType(ai.djl.ndarray.types.DataType.FLOAT32, false);
        return Scalar.mul(f.matMul(weights.transpose()), clip.logitScale());
    }

    /** The image encoder of this classifier's CLIP ({@link Clip#encodeImage}). */
    public NDArray imageFeatures(NDArray images) {
        return clip.encodeImage(images);
    }

    /** Top-1 class per image. */
    public int[] predict(NDArray images) {
        try (NDScope scope = new NDScope()) {
            long[] p = logits(images).argMax(1).toLongArray();
            int[] out = new int[p.length];
            for (int i = 0; i < p.length; i++) {
                out[i] = (int) p[i];
            }
            return out;
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
