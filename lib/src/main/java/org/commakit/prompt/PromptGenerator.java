package org.commakit.prompt;

import ai.djl.ndarray.NDArray;
import ai.djl.nn.Activation;
import ai.djl.ndarray.types.Shape;
import org.commakit.clip.Precision;
import org.commakit.clip.Scalar;

/**
 * COMMA's prompt generator G_b (docs/paper-to-code.md#comma): the vision prompts of the previous block attend over the projected
 * text prompts of the previous block, then LayerNorm and a bottleneck MLP (reduction 4). No residual connection.
 *
 * <pre>
 *   T' = T W_fᵀ + b_f                       text prompts → vision width
 *   A  = softmax(V T'ᵀ / √d_v)              [n, n]: vision prompt tokens attend over text prompt tokens
 *   G(V, T) = W_2 ReLU(W_1 LN(A T') + b_1) + b_2
 * </pre>
 */
final class PromptGenerator {
    private PromptGenerator() {}

    static final String[] TENSORS = {"text_proj.weight", "text_proj.bias", "norm.weight", "norm.bias",
        "mlp1.weight", "mlp1.bias", "mlp2.weight", "mlp2.bias"};

    /**
     * One generator's weights with PyTorch's default initialisation.
     *
     * @param fp32 keep them in fp32 whatever the compute type (the official G_2..G_{J-1}; G_1 is halved under fp16,
     *     docs/official-code-notes.md#precision)
     */
    static void init(PromptParameters params, String prefix, int textWidth, int visionWidth,
            java.util.random.RandomGenerator rng, boolean trainable, boolean fp32) {
        var m = params.manager();
        java.util.function.BiConsumer<String, NDArray> add = (name, value) -> {
            if (fp32) {
                params.addFp32(prefix + name, value, trainable);
            } else {
                params.add(prefix + name, value, trainable);
            }
        };
        NDArray[] f = PromptLearners.linearInit(m, rng, textWidth, visionWidth);
        add.accept("text_proj.weight", f[0]);
        add.accept("text_proj.bias", f[1]);
        add.accept("norm.weight", m.ones(new Shape(visionWidth)));
        add.accept("norm.bias", m.zeros(new Shape(visionWidth)));
        NDArray[] w1 = PromptLearners.linearInit(m, rng, visionWidth, visionWidth / 4);
        add.accept("mlp1.weight", w1[0]);
        add.accept("mlp1.bias", w1[1]);
        NDArray[] w2 = PromptLearners.linearInit(m, rng, visionWidth / 4, visionWidth);
        add.accept("mlp2.weight", w2[0]);
        add.accept("mlp2.bias", w2[1]);
    }

    /**
     * @param v vision prompts of the previous block [n, d_v]
     * @param t text prompts of the previous block [n, d_t]
     * @return the generated vision prompts [n, d_v] and the attention weights A [n, n], in the generator's type
     */
    static NDArray[] forward(PromptParameters params, String prefix, NDArray v, NDArray t) {
        NDArray weight = params.get(prefix + "text_proj.weight");
        v = Precision.cast(v, weight.getDataType()); // the generator computes in its own type (fp32 for G_2..)
        t = Precision.cast(t, weight.getDataType());
        NDArray tp = PromptLearners.linear(t, weight, params.get(prefix + "text_proj.bias"));
        long d = v.getShape().get(1);
        NDArray a = Scalar.div(v.matMul(tp.transpose()), (float) Math.sqrt(d)).softmax(-1);
        NDArray h = a.matMul(tp);
        NDArray norm = params.get(prefix + "norm.weight");
        h = ai.djl.nn.norm.LayerNorm.layerNorm(h, new Shape(d), norm, params.get(prefix + "norm.bias"), 1e-5f)
                .singletonOrThrow();
        h = Activation.relu(PromptLearners.linear(h, params.get(prefix + "mlp1.weight"),
                params.get(prefix + "mlp1.bias")));
        NDArray out = PromptLearners.linear(h, params.get(prefix + "mlp2.weight"), params.get(prefix + "mlp2.bias"));
        return new NDArray[] {out, a};
    }
}
