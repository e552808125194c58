package org.commakit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import org.commakit.loss.TrainingObjective;
import org.commakit.prompt.PromptOutput;

/** Test objective: mean cross-entropy of the logits; asks for {@code hiddenLayers} text blocks (unused). */
final class Softmax implements TrainingObjective {
    private final int hiddenLayers;

    Softmax(int hiddenLayers) {
        this.hiddenLayers = hiddenLayers;
    }

    @Override
    public NDArray loss(PromptOutput out, NDArray labels) {
        NDArray logp = out.logits().logSoftmax(1);
        NDArray oneHot = labels.oneHot((int) out.logits().getShape().get(1)).toType(DataType.FLOAT32, false);
        return logp.mul(oneHot).sum(new int[] {1}).mean().neg();
    }

    @Override
    public int hiddenLayers() {
        return hiddenLayers;
    }
}
