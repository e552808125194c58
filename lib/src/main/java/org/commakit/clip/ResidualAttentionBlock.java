package org.commakit.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;

/**
 * One pre-LN transformer block of CLIP: x += MHA(LN1(x)); x += MLP(LN2(x)), MLP = c_proj(QuickGELU(c_fc(.))).
 *
 * <p>Multi-head attention with a packed in-projection ([3·width, width], as {@code nn.MultiheadAttention}).
 */
final class ResidualAttentionBlock {
    private final int heads;
    private final LayerNorm ln1;
    private final Linear inProj;
    private final Linear outProj;
    private final LayerNorm ln2;
    private final Linear fc;
    private final Linear proj;

    ResidualAttentionBlock(ClipWeights w, String prefix, int heads) {
        this.heads = heads;
        this.ln1 = w.layerNorm(prefix + "ln_1");
        this.inProj = new Linear(w.matrix(prefix + "attn.in_proj_weight"), w.matrix(prefix + "attn.in_proj_bias"));
        this.outProj = w.linear(prefix + "attn.out_proj");
        this.ln2 = w.layerNorm(prefix + "ln_2");
        this.fc = w.linear(prefix + "mlp.c_fc");
        this.proj = w.linear(prefix + "mlp.c_proj");
    }

    /**
     * @param x [batch, tokens, width]
     * @param mask additive attention mask [tokens, tokens] (causal for text) or null
     */
    NDArray forward(NDArray x, NDArray mask) {
        return forward(x, mask, null);
    }

    /**
     * As {@link #forward(NDArray, NDArray)}; when {@code keysValues} is given, its two slots receive this block's keys
     * and values [batch, tokens, width] (the in-projection's second and third thirds, before the head split).
     */
    NDArray forward(NDArray x, NDArray mask, NDArray[] keysValues) {
        NDList qkv = inProj.forward(ln1.forward(x)).split(3, 2);
        if (keysValues != null) {
            keysValues[0] = qkv.get(1);
            keysValues[1] = qkv.get(2);
        }
        return mlp(x.add(attend(qkv.get(0), qkv.get(1), qkv.get(2), mask)));
    }

    /** This block's keys and values of {@code x} [batch, tokens, width], each [batch, tokens, width]. */
    NDArray[] keysValues(NDArray x) {
        NDList qkv = inProj.forward(ln1.forward(x)).split(3, 2);
        return new NDArray[] {qkv.get(1), qkv.get(2)};
    }

    /**
     * The block over the later positions of sequences whose first positions were computed elsewhere: {@code x}
     * [batch, tokens, width] are the later positions, {@code firstKeys} and {@code firstValues} [batch, first, width]
     * the keys and values of the positions before them (from {@link #forward(NDArray, NDArray, NDArray[])} over the
     * beginnings). Each later position attends to the first positions and to the later ones, as in {@link
     * #forward(NDArray, NDArray)} over the whole sequences.
     *
     * @param mask the later positions' rows of the additive mask of the whole sequences, [tokens, first + tokens]
     */
    NDArray forwardAfter(NDArray x, NDArray firstKeys, NDArray firstValues, NDArray mask) {
        NDList qkv = inProj.forward(ln1.forward(x)).split(3, 2);
        NDArray keys = NDArrays.concat(new NDList(firstKeys, qkv.get(1)), 1);
        NDArray values = NDArrays.concat(new NDList(firstValues, qkv.get(2)), 1);
        return mlp(x.add(attend(qkv.get(0), keys, values, mask)));
    }

    // x + MLP(LN2(x))
    private NDArray mlp(NDArray x) {
        NDArray h = fc.forward(ln2.forward(x));
        h = h.mul(Activation.sigmoid(Scalar.mul(h, 1.702f))); // QuickGELU
        return x.add(proj.forward(h));
    }

    // softmax(q k^T / sqrt(d) + mask) v per head, then the output projection; query [batch, queries, width], key and
    // value [batch, keys, width]
    private NDArray attend(NDArray query, NDArray key, NDArray value, NDArray mask) {
        long batch = query.getShape().get(0);
        long queries = query.getShape().get(1);
        long keys = key.getShape().get(1);
        long width = query.getShape().get(2);
        long headDim = width / heads;
        NDArray q = Scalar.mul(splitHeads(query, batch, queries, headDim), (float) (1.0 / Math.sqrt(headDim)));
        NDArray k = splitHeads(key, batch, keys, headDim);
        NDArray v = splitHeads(value, batch, keys, headDim);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)); // [batch, heads, queries, keys]
        if (mask != null) {
            scores = scores.add(mask);
        }
        NDArray out = scores.softmax(-1).matMul(v); // [batch, heads, queries, headDim]
        return outProj.forward(out.transpose(0, 2, 1, 3).reshape(batch, queries, width));
    }

    private NDArray splitHeads(NDArray t, long batch, long tokens, long headDim) {
        return t.reshape(batch, tokens, heads, headDim).transpose(0, 2, 1, 3);
    }
}
