package org.commakit.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.commakit.clip.Clip;
import org.commakit.clip.Precision;
import org.commakit.prompt.PromptOutput;

/**
 * ProDA's objective (docs/paper-to-code.md#proda): the surrogate of the expected cross-entropy under the Gaussian of
 * the K prompts' text features, plus the semantic-orthogonality term. With f the normalised image feature, w_{k,c}
 * the normalised text features of the sampled prompts, μ_c their mean, z_{k,c} = w_{k,c} − μ_c and s the logit
 * scale:
 * <pre>
 *   σ_{b,j} = Σ_k Σ_d f_{b,d}² (z_{k,y_b,d} − z_{k,j,d})² / (K + 1)     (σ_{b,y_b} = 0)
 *   L_sur   = CE(s f·μᵀ + ½ s² σ, y)
 *   L_orth  = mean over k ≠ l of |g_k·g_l|,  g_k the normalised feature of prompt k without a class name
 *   L       = L_sur + orthoWeight · L_orth
 * </pre>
 * σ is A_yy + A_jj − 2 A_yj of the per-dimension covariance weighted by f², expanded so that no [embed, classes,
 * classes] tensor is formed. The divisor K + 1 (K the prompts of the step) is the reference implementation's; it
 * only scales the variance term. Computed in fp32. With K = 1, σ = 0 and the loss is CoOp's cross-entropy.
 */
public final class ProDALoss implements TrainingObjective {
    private final Clip clip;
    private final float orthoWeight;

    public ProDALoss(Clip clip, float orthoWeight) {
        this.clip = clip;
        this.orthoWeight = orthoWeight;
    }

    /** The surrogate's logits s f·μᵀ + ½ s² σ [batch, classes]. */
    public NDArray surrogateLogits(PromptOutput out, NDArray labels) {
        NDArray f = Precision.cast(out.extra("image"), DataType.FLOAT32); // [B, D]
        NDArray w = Precision.cast(out.extra("prompt_text"), DataType.FLOAT32); // [K, C, D]
        long k = w.getShape().get(0);
        int classes = (int) w.getShape().get(1);
        NDArray mu = w.mean(new int[] {0}); // [C, D]
        float s = clip.logitScale();
        NDArray logits = Precision.cast(out.logits(), DataType.FLOAT32); // s f·μᵀ, the learner's
        if (k == 1) {
            return logits; // σ = 0: CoOp's logits
        }
        NDArray z = w.sub(mu.expandDims(0)); // [K, C, D]
        NDArray f2 = f.square(); // [B, D]
        NDArray onehot = labels.toType(DataType.INT64, false).oneHot(classes).toType(DataType.FLOAT32, false);
        NDArray ajj = f2.matMul(z.square().sum(new int[] {0}).transpose()); // [B, C]: Σ_k Σ_d f² z_{k,j}²
        NDArray ayy = ajj.mul(onehot).sum(new int[] {1}, true); // [B, 1]
        NDArray zy = onehot.matMul(z); // [K, B, D]: z_{k, y_b}
        NDArray ayj = zy.mul(f2.expandDims(0)).matMul(z.transpose(0, 2, 1)).sum(new int[] {0}); // [B, C]
        NDArray sigma = ayy.add(ajj).sub(ayj.mul(2)).div(k + 1);
        return logits.add(sigma.mul(0.5f * s * s));
    }

    /** The semantic-orthogonality term: mean |cosine| between different prompts without a class name (0 for K = 1). */
    public NDArray orthogonality(PromptOutput out) {
        NDArray g = out.extras().get("orthogonal");
        if (g == null) {
            return null;
        }
        g = Precision.cast(g, DataType.FLOAT32);
        long k = g.getShape().get(0);
        NDArray cos = g.matMul(g.transpose()).abs();
        NDArray offDiagonal = cos.sum().sub(cos.mul(g.getManager().eye((int) k)).sum());
        return offDiagonal.div(k * (k - 1));
    }

    /** Each term by name: {@code surrogate} and, with K > 1, {@code orthogonality} (unweighted). */
    public Map<String, NDArray> terms(PromptOutput out, NDArray labels) {
        Map<String, NDArray> t = new LinkedHashMap<>();
        t.put("surrogate", CrossEntropy.of(surrogateLogits(out, labels), labels));
        NDArray orth = orthogonality(out);
        if (orth != null) {
            t.put("orthogonality", orth);
        }
        return t;
    }

    @Override
    public NDArray loss(PromptOutput out, NDArray labels) {
        Map<String, NDArray> t = terms(out, labels);
        NDArray orth = t.get("orthogonality");
        return orth == null || orthoWeight == 0 ? t.get("surrogate") : t.get("surrogate").add(orth.mul(orthoWeight));
    }


}
