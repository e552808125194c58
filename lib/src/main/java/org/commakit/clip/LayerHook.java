package org.commakit.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.types.Shape;

/**
 * A hook into a transformer's residual stream, called around each block.
 *
 * <p>This is how prompt learners reach inside the frozen encoders: MaPLe and COMMA replace prompt tokens before
 * blocks 1..J-1 (deep prompts), the knowledge-preserving loss reads the hidden states after the last blocks. The
 * frozen CLIP itself never depends on any prompt learner.
 */
public interface LayerHook {

    /** The hook that changes nothing. */
    LayerHook NONE = new LayerHook() {};

    /**
     * Called before block {@code block} (0-based).
     *
     * @param x the residual stream, [batch, tokens, width]
     * @return the sequence the block will see (the same array if nothing changes)
     */
    default NDArray beforeBlock(int block, NDArray x) {
        return x;
    }

    /** Called with the output of block {@code block}, [batch, tokens, width]. */
    default void afterBlock(int block, NDArray x) {}

    /**
     * Replaces {@code prompts.size(0)} tokens of every sequence, starting at {@code start}, by the same prompts.
     *
     * @param x [batch, tokens, width]
     * @param start first replaced token position
     * @param prompts [n, width], broadcast over the batch
     * @return [batch, tokens, width], differentiable with respect to {@code prompts}
     */
    static NDArray replaceTokens(NDArray x, int start, NDArray prompts) {
        long batch = x.getShape().get(0);
        long tokens = x.getShape().get(1);
        long n = prompts.getShape().get(0);
        if (start < 0 || start + n > tokens) {
            throw new IllegalArgumentException(
                    "cannot replace tokens " + start + ".." + (start + n - 1) + " of a " + tokens + "-token sequence");
        }
        NDArray p = Precision.cast(prompts, x.getDataType()).expandDims(0).broadcast(new Shape(batch, n, x.getShape().get(2)));
        NDArray head = x.get(":, :{}", start);
        NDArray tail = x.get(":, {}:", start + n);
        return NDArrays.concat(new ai.djl.ndarray.NDList(head, p, tail), 1);
    }
}
