package org.commakit.prompt;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;

/**
 * A method's way of making and inserting prompts into the shared frozen CLIP (CoOp, CoCoOp, MaPLe, COMMA).
 *
 * <p>Methods differ only here: the encoders are the frozen {@link org.commakit.clip.Clip}, reached through
 * {@link org.commakit.clip.LayerHook}. A learner never reads files; checkpoints are written by {@code train/}.
 */
public interface PromptLearner extends AutoCloseable {

    /** The method's name as in the papers: "CoOp", "CoCoOp", "MaPLe", "COMMA". */
    String method();

    /** The class names the prompts are currently built for (base, new, or a target dataset's). */
    List<String> classnames();

    /**
     * Rebuilds the class-dependent frozen buffers (token prefix/suffix, EOT positions) for another class list,
     * keeping every learned tensor: base → new evaluation, cross-dataset targets. A loss with class-dependent
     * references must follow ({@link org.commakit.loss.TrainingObjective#setClassnames}).
     */
    void setClassnames(List<String> classnames);

    /**
     * The tensors the optimiser updates, by stable name (the checkpoint keys), in a fixed order. Exactly these
     * receive gradients; everything else (the frozen CLIP, {@link #frozenState()}) does not.
     */
    Map<String, NDArray> trainableParameters();

    /** Learner tensors kept in checkpoints but never updated (e.g. COMMA's generators in faithful mode). */
    Map<String, NDArray> frozenState();

    /**
     * Logits for a batch of images over {@link #classnames()}.
     *
     * @param images [batch, 3, res, res], normalised
     * @param hiddenLayers how many of the text transformer's last blocks to return hidden states for (0 = none;
     *     COMMA's knowledge-preserving loss uses 1)
     */
    PromptOutput forward(NDArray images, int hiddenLayers);

    @Override
    void close();
}
