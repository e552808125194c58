package org.commakit.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import org.commakit.clip.Clip;
import org.commakit.clip.Precision;
import org.commakit.clip.Scalar;
import org.commakit.prompt.PromptOutput;

/**
 * KgCoOp's loss (Yao et al., CVPR 2023): L = L_CE + w (1 - mean_c cos(t_learned_c, t_template_c)) on the final,
 * normalised text features; w = 8.0 in KgCoOp's scripts. The template features come from the frozen CLIP.
 */
public final class KgCoOpLoss implements TrainingObjective, AutoCloseable {
    private final NDManager manager;
    private final NDArray reference; // [classes, embed], unit rows
    private final float weight;

    public KgCoOpLoss(Clip clip, int[][] templateTokens, float weight) {
        this.weight = weight;
        this.manager = clip.weights().manager().newSubManager();
        try (NDScope scope = new NDScope()) {
            NDArray f = Clip.normalize(Precision.cast(clip.encodeText(clip.tokens(manager, templateTokens)),
                    DataType.FLOAT32));
            NDScope.unregister(f);
            f.attach(manager);
            this.reference = f;
        }
    }

    @Override
    public NDArray loss(PromptOutput out, NDArray labels) {
        NDArray t = Clip.normalize(Precision.cast(out.textFeatures(), DataType.FLOAT32));
        NDArray cos = t.mul(reference).sum(new int[] {-1});
        return CrossEntropy.of(out.logits(), labels).add(Scalar.mul(cos.mean().neg().add(1f), weight));
    }

    @Override
    public void close() {
        manager.close();
    }
}
