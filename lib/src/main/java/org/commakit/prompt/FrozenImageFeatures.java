package org.commakit.prompt;

import ai.djl.ndarray.NDArray;

/**
 * A learner whose image branch is the frozen CLIP image encoder, untouched by prompts (CoOp, KgCoOp, CoCoOp, ProDA):
 * {@code forward(images, h)} is exactly {@code forwardFeatures(imageFeatures(images), h)}, so image features computed
 * once can stand in for the images ({@code train.FeatureCache}, docs/reproduce.md#caches).
 */
public interface FrozenImageFeatures {

    /** The frozen encoder's output for a batch of images, [batch, embed], as {@link PromptLearner#forward} makes it. */
    NDArray imageFeatures(NDArray images);

    /** {@link PromptLearner#forward} from {@link #imageFeatures} instead of the images. */
    PromptOutput forwardFeatures(NDArray imageFeatures, int hiddenLayers);

    /**
     * Whether this learner's {@link PromptLearner#forward} reads nothing of the images but {@link #imageFeatures};
     * a subclass that reads more (CTP/TFT reads the patch tokens) answers no, and its features are never cached.
     */
    default boolean readsOnlyImageFeatures() {
        return true;
    }
}
