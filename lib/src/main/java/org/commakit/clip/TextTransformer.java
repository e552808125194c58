package org.commakit.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * CLIP's text encoder: token embedding + positional embedding → causal blocks → ln_final → the row of the EOT token
 * → text_projection.
 */
public final class TextTransformer {
    private final ClipConfig config;
    private final DataType type;
    private final NDArray tokenEmbedding;
    private final NDArray positionalEmbedding;
    private final Transformer transformer;
    private final LayerNorm lnFinal;
    private final NDArray textProjection;
    private final NDArray causalMask;

    TextTransformer(ClipWeights w, ClipConfig config) {
        this.config = config;
        this.type = w.computeType();
        this.tokenEmbedding = w.fp32("token_embedding.weight");
        this.positionalEmbedding = w.matrix("positional_embedding");
        this.transformer = new Transformer(w, "transformer.", config.textLayers(), config.textHeads());
        this.lnFinal = w.layerNorm("ln_final");
        this.textProjection = w.matrix("text_projection");
        // additive mask: -inf above the diagonal, so a token attends to itself and the tokens before it
        NDManager m = w.manager();
        int n = config.contextLength();
        float[] mask = new float[n * n];
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                mask[i * n + j] = Float.NEGATIVE_INFINITY;
            }
        }
        this.causalMask = m.create(mask, new Shape(n, n)).toType(type, false);
        this.causalMask.attach(m);
    }

    public int width() {
        return config.textWidth();
    }

    public int layers() {
        return transformer.layers();
    }

    public int contextLength() {
        return config.contextLength();
    }

    /**
     * Token embeddings (no positional embedding), as prompt learners build their prompts from.
     *
     * @param tokens int64 ids [n, context]
     * @return [n, context, width] in the compute type, owned by the manager of {@code tokens}
     */
    public NDArray tokenEmbedding(NDArray tokens) {
        Shape s = tokens.getShape();
        if (s.dimension() != 2 || s.get(1) != config.contextLength()) {
            throw new IllegalArgumentException("token ids must have shape [n, " + config.contextLength() + "], got "
                    + s + ". Tokenize with ClipTokenizer.tokenize(...).");
        }
        NDArray rows = tokenEmbedding.get(new NDIndex("{}", tokens.flatten().toType(DataType.INT64, false)));
        NDArray x = rows.reshape(s.get(0), s.get(1), config.textWidth()).toType(type, false);
        x.attach(tokens.getManager());
        rows.attach(tokens.getManager());
        return x;
    }

    /**
     * Runs the text transformer on prompt embeddings.
     *
     * @param embeddings [n, context, width] (token embeddings or learned prompts, without positional embedding)
     * @param eot position of the end-of-text token of each sequence (where the feature is pooled)
     * @param hook may replace tokens before any block (deep prompts) and read the hidden states
     * @return text features [n, embed]
     */
    public NDArray forward(NDArray embeddings, int[] eot, LayerHook hook) {
        long len = embeddings.getShape().get(1);
        boolean full = len == config.contextLength();
        NDArray pos = full ? positionalEmbedding : positionalEmbedding.get(new NDIndex(":{}", len));
        NDArray mask = full ? causalMask : causalMask.get(new NDIndex(":{}, :{}", len, len));
        NDArray x = Precision.cast(embeddings, type).add(pos);
        x = transformer.forward(x, mask, hook); // [n, len, width]
        x = lnFinal.forward(x);
        return pool(x, eot).matMul(textProjection);
    }

    /**
     * Text features of k x C prompts made of k beginnings and C endings, prompt (i, c) = {@code beginnings[i]}
     * followed by {@code endings[c]} (CoCoOp: [SOT, context shifted for image i], then class c's name, ".", EOT),
     * context-major as {@code TextPrompts.embeddingsPerContext}: the features {@link #forward(NDArray, int[],
     * LayerHook)} gives for the k x C whole prompts, at a fraction of the cost. Under the causal mask the beginning of a
     * prompt does not see its ending, so its hidden states are computed once per i instead of once per (i, c), and
     * only the endings run through the blocks for every prompt (docs/reproduce.md#shared-prompt-beginnings). Equal to
     * float rounding, not bit for bit: the whole prompts' path itself gives a beginning's hidden states in slightly
     * different bits in different prompts, and gradients reach the beginnings summed per block instead of at the input.
     *
     * @param beginnings [k, b, width] embeddings without positional embedding
     * @param endings [C, e, width] embeddings without positional embedding; b + e ≤ the context length
     * @param eot the EOT position of each ending's prompt (counted from the prompt's start), b ≤ eot[c] < b + e
     * @return [k x C, embed]
     */
    public NDArray forwardSharedBeginning(NDArray beginnings, NDArray endings, int[] eot) {
        long k = beginnings.getShape().get(0);
        int b = (int) beginnings.getShape().get(1);
        long classes = endings.getShape().get(0);
        int len = b + (int) endings.getShape().get(1);
        long width = beginnings.getShape().get(2);
        if (eot.length != classes) {
            throw new IllegalArgumentException(eot.length + " EOT positions given for " + classes + " endings");
        }
        if (len > config.contextLength()) {
            throw new IllegalArgumentException("prompts of " + len + " tokens; the context holds "
                    + config.contextLength());
        }
        int[] at = new int[(int) (k * classes)];
        for (int i = 0; i < at.length; i++) {
            int e = eot[(int) (i % classes)];
            if (e < b || e >= len) {
                throw new IllegalArgumentException("EOT position " + e + " outside the endings (positions " + b
                        + ".." + (len - 1) + ")");
            }
            at[i] = e - b;
        }
        NDArray pos = positionalEmbedding.get(new NDIndex(":{}", len));
        NDArray mask = causalMask.get(new NDIndex(":{}, :{}", len, len));
        NDArray first = Precision.cast(beginnings, type).add(pos.get(new NDIndex(":{}", b)));
        NDArray later = endings.expandDims(0).broadcast(new Shape(k, classes, len - b, width))
                .reshape(k * classes, len - b, width); // the ending of every prompt
        later = Precision.cast(later, type).add(pos.get(new NDIndex("{}:", b)));
        later = lnFinal.forward(transformer.forwardSharedBeginning(first, later, mask));
        return pool(later, at).matMul(textProjection);
    }

    /**
     * Encodes token ids: features at the first occurrence of the largest id (EOT), as {@code argmax} does.
     *
     * <p>Runs only the first max(EOT) + 1 positions: under the causal mask no position sees a later one, so the
     * features at the EOT token are the same as over all 77 (a 5-10× saving for short prompts; equal to float
     * rounding, checked against PyTorch by the golden tests).
     */
    public NDArray forward(NDArray tokens) {
        int[] eot = eotIndices(tokens);
        int len = 1;
        for (int e : eot) {
            len = Math.max(len, e + 1);
        }
        NDArray x = tokenEmbedding(tokens);
        if (len < x.getShape().get(1)) {
            x = x.get(new NDIndex(":, :{}", len));
        }
        return forward(x, eot, LayerHook.NONE);
    }

    /** Row {@code eot[i]} of sequence i: a one-hot row vector times the sequence (exact, differentiable). */
    private NDArray pool(NDArray x, int[] eot) {
        long n = x.getShape().get(0);
        long len = x.getShape().get(1);
        if (eot.length != n) {
            throw new IllegalArgumentException(eot.length + " EOT positions given for " + n + " sequences");
        }
        float[] oneHot = new float[(int) (n * len)];
        for (int i = 0; i < n; i++) {
            if (eot[i] < 0 || eot[i] >= len) {
                throw new IllegalArgumentException("EOT position " + eot[i] + " outside the context of " + len);
            }
            oneHot[(int) (i * len + eot[i])] = 1f;
        }
        NDArray select = x.getManager().create(oneHot, new Shape(n, 1, len)).toType(x.getDataType(), false);
        return select.matMul(x).squeeze(1);
    }

    /** For each row, the position of the first maximal id (the EOT token has the largest id). */
    public static int[] eotIndices(NDArray tokens) {
        long[] ids = tokens.toType(DataType.INT64, false).toLongArray();
        int len = (int) tokens.getShape().get(1);
        int[] eot = new int[ids.length / len];
        for (int i = 0; i < eot.length; i++) {
            int best = 0;
            for (int j = 1; j < len; j++) {
                if (ids[i * len + j] > ids[i * len + best]) {
                    best = j;
                }
            }
            eot[i] = best;
        }
        return eot;
    }
}
