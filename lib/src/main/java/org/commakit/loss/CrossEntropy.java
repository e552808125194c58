package org.commakit.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.commakit.clip.Precision;
import org.commakit.prompt.PromptOutput;

/** L_CE = -mean_i log softmax(logits_i)[y_i]; computed in fp32 whatever the logits' type. */
public final class CrossEntropy implements TrainingObjective {

    public static NDArray of(NDArray logits, NDArray labels) {
        NDArray logp = Precision.cast(logits, DataType.FLOAT32).logSoftmax(1);
        NDArray oneHot = labels.toType(DataType.INT64, false).oneHot((int) logits.getShape().get(1))
                .toType(DataType.FLOAT32, false);
        return logp.mul(oneHot).sum(new int[] {1}).mean().neg();
    }

    @Override
    public NDArray loss(PromptOutput out, NDArray labels) {
        return of(out.logits(), labels);
    }
}
