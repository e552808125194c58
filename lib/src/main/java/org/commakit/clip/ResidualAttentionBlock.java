package org.commakit.clip;

import ai.djl.ndarray.NDArray;
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
        x = x.add(attention(ln1.forward(x), mask));
        NDArray h = fc.forward(ln2.forward(x));
        h = h.mul(Activation.sigmoid(Scalar.mul(h, 1.702f))); // QuickGELU
        return x.add(proj.forward(h));
    }

    // softmax(q k^T / sqrt(d) + mask) v per head, then the output projection
    private NDArray attention(NDArray x, NDArray mask) {
        long batch = x.getShape().get(0);
        long tokens = x.getShape().get(1);
        long width = x.getShape().get(2);
        long headDim = width / heads;
        NDList qkv = inProj.forward(x).split(3, 2);
        NDArray q = Scalar.mul(splitHeads(qkv.get(0), batch, tokens, headDim), (float) (1.0 / Math.sqrt(headDim)));
        NDArray k = splitHeads(qkv.get(1), batch, tokens, headDim);
        NDArray v = splitHeads(qkv.get(2), batch, tokens, headDim);
        NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)); // [batch, heads, tokens, tokens]
        if (mask != null) {
            scores = scores.add(mask);
        }
        NDArray out = scores.softmax(-1).matMul(v); // [batch, heads, tokens, headDim]
        return outProj.forward(out.transpose(0, 2, 1, 3).reshape(batch, tokens, width));
    }

    private NDArray splitHeads(NDArray t, long batch, long tokens, long headDim) {
        return t.reshape(batch, tokens, heads, headDim).transpose(0, 2, 1, 3);
    }
}
