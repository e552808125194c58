package org.commakit.clip;

import ai.djl.ndarray.NDArray;
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
}
