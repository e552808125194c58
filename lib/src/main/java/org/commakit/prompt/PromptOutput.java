package org.commakit.prompt;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;

/**
 * What a prompt learner's forward pass gives the losses.
 *
 * @param logits [batch, classes] = exp(logit_scale) · cosine(image, class text)
 * @param textFeatures [classes, embed] text features of the learned prompts (not normalised); for CoCoOp, whose
 *     prompts depend on the image, [batch, classes, embed]
 * @param textHiddenStates outputs of the last text blocks (pre-{@code ln_final}), oldest first, each
 *     [classes, context, width]; empty unless asked for
 * @param extras what a method's own objective reads besides the logits, by name (ProDA: the image features and the
 *     text features of every sampled prompt; CTP/TFT: the tuned image and text features); empty for the others
 */
public record PromptOutput(NDArray logits, NDArray textFeatures, List<NDArray> textHiddenStates,
        Map<String, NDArray> extras) {

    public PromptOutput(NDArray logits, NDArray textFeatures, List<NDArray> textHiddenStates) {
        this(logits, textFeatures, textHiddenStates, Map.of());
    }

    /** The extra tensor {@code name}; a learner that does not give it is named in the error. */
    public NDArray extra(String name) {
        NDArray a = extras.get(name);
        if (a == null) {
            throw new IllegalArgumentException("this prompt output has no '" + name + "' (it has " + extras.keySet()
                    + "): the objective belongs to another method's learner");
        }
        return a;
    }
}
