package org.commakit.loss;

import ai.djl.ndarray.NDArray;
import java.util.List;
import org.commakit.prompt.PromptOutput;

/** The loss a method trains with, computed from a prompt learner's output and the batch labels. */
public interface TrainingObjective {

    /** A scalar loss; {@code labels} are int64 class indices [batch]. */
    NDArray loss(PromptOutput out, NDArray labels);

    /** How many of the text transformer's last blocks the loss needs hidden states of (0 = none). */
    default int hiddenLayers() {
        return 0;
    }

    /**
     * Follows the learner to another class list (base → new, a cross-dataset target): call it together with
     * {@link org.commakit.prompt.PromptLearner#setClassnames}. Losses with class-dependent references (the frozen
     * CLIP's template states) recompute them; cross-entropy has nothing to do.
     */
    default void setClassnames(List<String> classnames) {}
}
