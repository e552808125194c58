package org.commakit.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.Map;
import org.commakit.clip.Clip;
import org.commakit.clip.Precision;
import org.commakit.prompt.PromptOutput;

/**
 * The objective of CTP/TFT (provisional interpretation; paper text unavailable),
 * docs/paper-to-code.md#ctptft-provisional-interpretation-paper-text-unavailable: cross-entropy over the classes (CLIP's image-to-text
 * contrastive objective), plus, with a weight above 0, a symmetric in-batch term aligning the tuned image feature of
 * each image's class with its class-aware text feature: M_{a,b} = s · u_{a,y_a}·t_{b,y_b},
 * L_con = ½ (CE(M, I) + CE(Mᵀ, I)).
 */
public final class CtpTftLoss implements TrainingObjective {
    private final Clip clip;
    private final float contrastWeight;

    public CtpTftLoss(Clip clip, float contrastWeight) {
        this.clip = clip;
        this.contrastWeight = contrastWeight;
    }

    /** The in-batch image-text term (unweighted). */
    public NDArray contrast(PromptOutput out, NDArray labels) {
        NDArray u = Precision.cast(out.extra("image_tuned"), DataType.FLOAT32); // [B, C, D]
        NDArray t = Precision.cast(out.extra("text"), DataType.FLOAT32);
        int classes = (int) u.getShape().get(1);
        NDArray pick = labels.toType(DataType.INT64, false).oneHot(classes).toType(DataType.FLOAT32, false)
                .expandDims(2); // [B, C, 1]
        NDArray uy = u.mul(pick).sum(new int[] {1}); // [B, D]
        NDArray ty = t.mul(pick).sum(new int[] {1});
        NDArray m = uy.matMul(ty.transpose()).mul(clip.logitScale()); // [B, B]
        NDArray diagonal = u.getManager().arange((int) m.getShape().get(0)).toType(DataType.INT64, false);
        return CrossEntropy.of(m, diagonal).add(CrossEntropy.of(m.transpose(), diagonal)).mul(0.5f);
    }

    /** Each term by name: {@code ce} and {@code contrast} (unweighted). */
    public Map<String, NDArray> terms(PromptOutput out, NDArray labels) {
        Map<String, NDArray> terms = new LinkedHashMap<>();
        terms.put("ce", CrossEntropy.of(out.logits(), labels));
        terms.put("contrast", contrast(out, labels));
        return terms;
    }

    @Override
    public NDArray loss(PromptOutput out, NDArray labels) {
        NDArray ce = CrossEntropy.of(out.logits(), labels);
        return contrastWeight == 0 ? ce : ce.add(contrast(out, labels).mul(contrastWeight));
    }

}
