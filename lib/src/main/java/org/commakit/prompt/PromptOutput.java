package org.commakit.prompt;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * What a prompt learner's forward pass gives the losses.
 *
 * @param logits [batch, classes] = exp(logit_scale) · cosine(image, class text)
 * @param textFeatures [classes, embed] text features of the learned prompts (not normalised); for CoCoOp, whose
 *     prompts depend on the image, [batch, classes, embed]
 * @param textHiddenStates outputs of the last text blocks (pre-{@code ln_final}), oldest first, each
 *     [classes, context, width]; empty unless asked for
 */
public record PromptOutput(NDArray logits, NDArray textFeatures, List<NDArray> textHiddenStates) {}
