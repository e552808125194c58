package org.commakit.prompt;

import ai.djl.ndarray.NDArray;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;
import org.commakit.KitException;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipTokenizer;
import org.commakit.clip.Precision;

/**
 * COMMA (Hu et al., AAAI 2024): MaPLe's text side, with the vision prompt of each block generated from the vision
 * AND text prompts of the block before (docs/paper-to-code.md#comma):
 *
 * <pre>
 *   P_v^0 = proj(P_t^0)
 *   P_v^1 = G_1(P_v^0, P_t^0)
 *   P_v^b = G_b(P_v^{b-1}, P_t^{b-1}),  b = 2..J-1
 * </pre>
 *
 * <p>{@link Mode#FAITHFUL} (default) computes what the official code computes: it writes the generator outputs into
 * {@code .data}, so no gradient reaches the generators, which keep their initial random weights, nor flows from the
 * deep vision layers back into the text prompts (docs/official-code-notes.md#the-generator-receives-no-gradient). Only this mode can be compared with the published
 * numbers. {@link Mode#AS_DESCRIBED} trains the generators end to end, as the paper describes the method in words.
 * The official {@code compound_prompts_image} parameter is not kept: it is overwritten by the generators every forward,
 * so its gradient and SGD update have no effect (its 12,288 elements are the only gap to the official counts,
 * docs/official-code-notes.md#trainable-parameters-and-their-counts).
 */
public final class Comma extends MultiModalPromptLearner {

    /** Whether gradients flow through the prompt generator. */
    /**
     * Whether the generators learn: {@link #FAITHFUL} as the official code runs (their outputs are written through
     * {@code .data}, so they stay at their random initialisation), {@link #AS_DESCRIBED} trained end to end as the
     * paper describes (docs/official-code-notes.md).
     */
    public enum Mode {
        FAITHFUL("faithful"),
        AS_DESCRIBED("as-described");

        private final String id;

        Mode(String id) {
            this.id = id;
        }

        /** The name in settings and checkpoints: {@code faithful} or {@code as-described}. */
        public String id() {
            return id;
        }

        /** The mode named {@code id}; an unknown name says which exist. */
        public static Mode of(String id) {
            for (Mode m : values()) {
                if (m.id.equals(id)) {
                    return m;
                }
            }
            throw new KitException("commaMode must be faithful (the official code's frozen generator, the default) or "
                    + "as-described (generator trained end to end), got '" + id + "'");
        }
    }

    private final Mode mode;
    private final List<NDArray> lastAttention = new ArrayList<>();

    public Comma(Clip clip, ClipTokenizer tokenizer, List<String> classnames, int depth, Mode mode,
            RandomGenerator rng) {
        super(clip, tokenizer, classnames, depth, 2, rng);
        this.mode = mode;
        addGenerators(rng);
    }

    Comma(Clip clip, TextPrompts prompts, int depth, Mode mode, RandomGenerator rng) {
        super(clip, prompts, depth, rng);
        this.mode = mode;
        addGenerators(rng);
    }

    // independently initialised generators G_1..G_{J-1} (unlike MaPLe's identical couplings); under fp16 the
    // official code halves G_1 only, G_2.. stay fp32 and read the fp32 image-prompt and deep text tensors
    private void addGenerators(RandomGenerator rng) {
        for (int b = 1; b < depth; b++) {
            PromptGenerator.init(params, "generator." + b + ".", clip.text().width(), clip.visual().width(), rng,
                    mode == Mode.AS_DESCRIBED, b >= 2);
        }
    }

    @Override
    public String method() {
        return "COMMA";
    }

    public Mode mode() {
        return mode;
    }

    @Override
    protected List<NDArray> deepVisionPrompts(NDArray inputVision, List<NDArray> textPrompts) {
        lastAttention.clear();
        List<NDArray> out = new ArrayList<>();
        NDArray previous = inputVision;
        for (int b = 1; b < depth; b++) {
            NDArray text = textPrompts.get(b - 1);
            if (mode == Mode.FAITHFUL) { // official code: .data writes, so the inputs are detached constants
                previous = previous.stopGradient();
                text = text.stopGradient();
            }
            NDArray[] g = PromptGenerator.forward(params, "generator." + b + ".", previous, text);
            previous = mode == Mode.FAITHFUL ? g[0].stopGradient() : g[0];
            lastAttention.add(g[1]);
            out.add(previous);
        }
        return out;
    }

    /**
     * The attention weights A of G_1..G_{J-1} in the last forward pass, each [n, n] (rows: vision prompt tokens,
     * columns: text prompt tokens). They belong to that forward's step scope: read them before it closes, or use
     * {@link #lastAttentionValues()}.
     */
    public List<NDArray> lastAttention() {
        return List.copyOf(lastAttention);
    }

    /** {@link #lastAttention()} copied to Java arrays, [generator b-1][vision token][text token] (for notebooks). */
    public float[][][] lastAttentionValues() {
        float[][][] out = new float[lastAttention.size()][][];
        for (int g = 0; g < out.length; g++) {
            NDArray a = lastAttention.get(g);
            int n = (int) a.getShape().get(0);
            float[] flat = Precision.cast(a, ai.djl.ndarray.types.DataType.FLOAT32).toFloatArray();
            out[g] = new float[n][];
            for (int i = 0; i < n; i++) {
                out[g][i] = java.util.Arrays.copyOfRange(flat, i * n, (i + 1) * n);
            }
        }
        return out;
    }
}
