package org.commakit.prompt;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.commakit.clip.LayerHook;

/**
 * Inserts deep prompts into a transformer: before block b (1 ≤ b < depth) the n prompt tokens are replaced, at
 * positions 1..n on the text side, at the last n positions on the vision side (docs/paper-to-code.md#deep-prompts-in-the-encoders). Blocks from
 * {@code depth} on get no fresh prompts and carry the hidden states forward. Optionally records the outputs of the
 * last blocks (the knowledge-preserving loss reads them).
 */
final class DeepPromptHook implements LayerHook {
    enum Side { TEXT, VISION }

    private final Side side;
    private final int depth;
    private final IntFunction<NDArray> promptsForBlock;
    private final int firstRecorded;
    private final List<NDArray> recorded = new ArrayList<>();

    /**
     * @param promptsForBlock block b → prompts [n, width] for 1 ≤ b < depth
     * @param layers the transformer's number of blocks
     * @param recordLast how many of the last blocks' outputs to record
     */
    DeepPromptHook(Side side, int depth, IntFunction<NDArray> promptsForBlock, int layers, int recordLast) {
        this.side = side;
        this.depth = depth;
        this.promptsForBlock = promptsForBlock;
        this.firstRecorded = layers - recordLast;
    }

    @Override
    public NDArray beforeBlock(int block, NDArray x) {
        if (block < 1 || block >= depth) {
            return x;
        }
        NDArray p = promptsForBlock.apply(block);
        int start = side == Side.TEXT ? 1 : (int) (x.getShape().get(1) - p.getShape().get(0));
        return LayerHook.replaceTokens(x, start, p);
    }

    @Override
    public void afterBlock(int block, NDArray x) {
        if (block >= firstRecorded) {
            recorded.add(x);
        }
    }

    /** Outputs of the recorded blocks, oldest first. */
    List<NDArray> recorded() {
        return recorded;
    }
}
