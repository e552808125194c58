package org.commakit.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * CLIP's image encoder: patch conv (no bias) → [CLS; patches] + positional embedding → (+ appended prompts) →
 * ln_pre → blocks → ln_post on the CLS token → proj.
 */
public final class VisionTransformer {
    private final ClipConfig config;
    private final DataType type;
    private final NDArray conv1;
    private final NDArray classEmbedding; // compute type
    private final NDArray positionalEmbedding; // compute type
    private final LayerNorm lnPre;
    private final Transformer transformer;
    private final LayerNorm lnPost;
    private final NDArray proj;

    VisionTransformer(ClipWeights w, ClipConfig config) {
        this.config = config;
        this.type = w.computeType();
        this.conv1 = w.matrix("visual.conv1.weight");
        this.classEmbedding = w.matrix("visual.class_embedding");
        this.positionalEmbedding = w.matrix("visual.positional_embedding");
        this.lnPre = w.layerNorm("visual.ln_pre");
        this.transformer = new Transformer(w, "visual.transformer.", config.visionLayers(), config.visionHeads());
        this.lnPost = w.layerNorm("visual.ln_post");
        this.proj = w.matrix("visual.proj");
    }

    public int width() {
        return config.visionWidth();
    }

    public int layers() {
        return transformer.layers();
    }

    /**
     * The token sequence before {@code ln_pre}: class token and patch embeddings plus positional embeddings.
     *
     * @param images [batch, 3, res, res] (normalised), any float type
     * @return [batch, grid² + 1, width] in the compute type
     */
    public NDArray embed(NDArray images) {
        long res = config.imageResolution();
        Shape s = images.getShape();
        if (s.dimension() != 4 || s.get(1) != 3 || s.get(2) != res || s.get(3) != res) {
            throw new IllegalArgumentException("images must have shape [batch, 3, " + res + ", " + res
                    + "] for this CLIP (input resolution " + res + "), got " + s
                    + ". Preprocess them with ImagePreprocess(" + res + ").");
        }
        NDArray x = ai.djl.nn.convolutional.Conv2d.conv2d(
                        Precision.cast(images, type),
                        conv1,
                        null,
                        new Shape(config.patchSize(), config.patchSize()))
                .singletonOrThrow(); // [batch, width, grid, grid]
        long batch = s.get(0);
        x = x.reshape(batch, config.visionWidth(), -1).transpose(0, 2, 1); // [batch, grid², width]
        // class_embedding + zeros, as OpenAI; every result is owned by the input's manager (no growth per call)
        NDArray cls = x.get(":, :1, :").zerosLike().add(classEmbedding);
        x = NDArrays.concat(new NDList(cls, x), 1);
        return x.add(positionalEmbedding);
    }

    /**
     * Encodes images; optional prompts are appended after the positional embedding and before {@code ln_pre} (MaPLe,
     * COMMA), the hook may replace tokens before any block.
     *
     * @param images [batch, 3, res, res]
     * @param inputPrompts [n, width] appended to every sequence, or null
     * @return image features [batch, embed]
     */
    public NDArray forward(NDArray images, NDArray inputPrompts, LayerHook hook) {
        NDArray x = embed(images); // [batch, 1 + grid², width]
        if (inputPrompts != null) {
            long batch = x.getShape().get(0);
            NDArray p = Precision.cast(inputPrompts, type).expandDims(0)
                    .broadcast(batch, inputPrompts.getShape().get(0), x.getShape().get(2));
            x = NDArrays.concat(new NDList(x, p), 1); // [batch, 1 + grid² + n, width]
        }
        x = transformer.forward(lnPre.forward(x), null, hook);
        NDArray cls = lnPost.forward(x.get(":, 0, :")); // [batch, width]
        return cls.matMul(proj);
    }

    public NDArray forward(NDArray images) {
        return forward(images, null, LayerHook.NONE);
    }

    /**
     * {@code ln_post} and {@code proj} applied to any tokens of the last block's output (read with a
     * {@link LayerHook#afterBlock} hook during {@link #forward}): the patch tokens in the embedding space, as the CLS
     * token becomes the image feature (CTP/TFT, docs/paper-to-code.md#ctptft-provisional-interpretation-paper-text-unavailable).
     *
     * @param tokens [batch, tokens, width]
     * @return [batch, tokens, embed]
     */
    public NDArray project(NDArray tokens) {
        return lnPost.forward(tokens).matMul(proj);
    }
}
