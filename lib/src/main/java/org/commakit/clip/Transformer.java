package org.commakit.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/** A stack of residual attention blocks; a {@link LayerHook} may rewrite the stream before each block. */
final class Transformer {
    private final List<ResidualAttentionBlock> blocks = new ArrayList<>();

    Transformer(ClipWeights w, String prefix, int layers, int heads) {
        for (int i = 0; i < layers; i++) {
            blocks.add(new ResidualAttentionBlock(w, prefix + "resblocks." + i + ".", heads));
        }
    }

    int layers() {
        return blocks.size();
    }

    /** x: [batch, tokens, width]; mask: additive [tokens, tokens] or null. */
    NDArray forward(NDArray x, NDArray mask, LayerHook hook) {
        for (int b = 0; b < blocks.size(); b++) {
            x = hook.beforeBlock(b, x);
            x = blocks.get(b).forward(x, mask);
            hook.afterBlock(b, x);
        }
        return x;
    }

    /**
     * The later positions of sequences that begin alike, their common beginning computed once
     * (docs/reproduce.md#shared-prompt-beginnings): {@code first} [k, b, width] are the k beginnings, {@code later}
     * [k x m, tokens - b, width] the positions from b on of the m sequences of each beginning (beginning-major). Under
     * a causal mask no position sees a later one, so the beginning's hidden states are the same in all m sequences:
     * they run through the blocks once, and every block's keys and values of the beginning serve all m. No hook.
     *
     * @param mask the additive causal mask of the whole sequences, [tokens, tokens]
     * @return the blocks' output at the later positions, [k x m, tokens - b, width]
     */
    NDArray forwardSharedBeginning(NDArray first, NDArray later, NDArray mask) {
        long k = first.getShape().get(0);
        long b = first.getShape().get(1);
        long m = later.getShape().get(0) / k;
        long width = first.getShape().get(2);
        NDArray firstMask = mask.get(new NDIndex(":{}, :{}", b, b));
        NDArray laterMask = mask.get(new NDIndex("{}:, :", b));
        for (int i = 0; i < blocks.size(); i++) {
            ResidualAttentionBlock block = blocks.get(i);
            NDArray[] kv = new NDArray[2];
            NDArray nextFirst = null;
            if (i + 1 < blocks.size()) {
                nextFirst = block.forward(first, firstMask, kv);
            } else {
                kv = block.keysValues(first); // the last block's output at the beginning is not needed
            }
            for (int j = 0; j < 2; j++) { // [k, b, width] -> each of the m sequences of its beginning
                kv[j] = kv[j].expandDims(1).broadcast(new Shape(k, m, b, width)).reshape(k * m, b, width);
            }
            later = block.forwardAfter(later, kv[0], kv[1], laterMask);
            first = nextFirst;
        }
        return later;
    }
}
