package org.commakit.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.List;
import org.commakit.KitException;
import org.commakit.clip.Clip;
import org.commakit.clip.Precision;
import org.commakit.clip.Scalar;
import org.commakit.prompt.PromptOutput;

/**
 * KgCoOp's loss (Yao et al., CVPR 2023; docs/paper-to-code.md#kgcoop): L = L_CE + w (1 - mean_c cos(t_learned_c, t_template_c))
 * on the final, normalised text features; w = 8.0 in KgCoOp's scripts. The template features come from the frozen
 * CLIP, once per class list ({@link #setClassnames} recomputes them).
 */
public final class KgCoOpLoss implements TrainingObjective, AutoCloseable {
    private final Clip clip;
    private final HandCraftedTemplate template; // null when built from token ids
    private final NDManager manager;
    private NDArray reference; // [classes, embed], unit rows
    private final float weight;

    public KgCoOpLoss(Clip clip, int[][] templateTokens, float weight) {
        this(clip, null, templateTokens, weight);
    }

    public KgCoOpLoss(Clip clip, HandCraftedTemplate template, List<String> classnames, float weight) {
        this(clip, template, template.tokens(classnames), weight);
    }

    private KgCoOpLoss(Clip clip, HandCraftedTemplate template, int[][] templateTokens, float weight) {
        this.clip = clip;
        this.template = template;
        this.weight = weight;
        this.manager = clip.weights().manager().newSubManager();
        setTemplateTokens(templateTokens);
    }

    @Override
    public void setClassnames(List<String> classnames) {
        if (template == null) {
            throw new IllegalStateException("this KgCoOp loss was built from token ids, so it cannot fill the template "
                    + "with new class names: call setTemplateTokens(...) or build it with a HandCraftedTemplate");
        }
        setTemplateTokens(template.tokens(classnames));
    }

    /** Recomputes the frozen CLIP's normalised template features. */
    public void setTemplateTokens(int[][] templateTokens) {
        if (templateTokens.length == 0) {
            throw new KitException("no template prompts for the KgCoOp loss: the class list is empty");
        }
        try (NDScope scope = new NDScope()) {
            NDArray f = Clip.normalize(Precision.cast(clip.encodeText(clip.tokens(manager, templateTokens)),
                    DataType.FLOAT32)).stopGradient();
            NDScope.unregister(f);
            f.attach(manager);
            if (reference != null) {
                reference.close();
            }
            reference = f;
        }
    }

    @Override
    public NDArray loss(PromptOutput out, NDArray labels) {
        NDArray t = Clip.normalize(Precision.cast(out.textFeatures(), DataType.FLOAT32));
        if (!t.getShape().equals(reference.getShape())) {
            throw new IllegalArgumentException("text features " + t.getShape() + " do not match the template's "
                    + reference.getShape() + ": the learner's class list changed (call setClassnames on the loss "
                    + "too), or the learner is CoCoOp, whose features are per image (KgCoOp uses CoOp)");
        }
        NDArray cos = t.mul(reference).sum(new int[] {-1});
        return CrossEntropy.of(out.logits(), labels).add(Scalar.mul(cos.mean().neg().add(1f), weight));
    }

    @Override
    public void close() {
        manager.close();
    }
}
