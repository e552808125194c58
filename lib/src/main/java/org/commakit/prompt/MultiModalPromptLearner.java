package org.commakit.prompt;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.random.RandomGenerator;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipTokenizer;

/**
 * The text side MaPLe and COMMA share (docs/paper-to-code.md#maple): a context P_t^0 = ctx of n tokens initialised from "a
 * photo", free deep text prompts P_t^b for blocks 1..J-1, and the input vision prompts P_v^0 = proj(ctx) appended
 * to the image tokens. Subclasses only say how the deep vision prompts P_v^b are made.
 */
public abstract class MultiModalPromptLearner extends PromptLearnerBase {
    public static final String CONTEXT_PHRASE = "a photo of a";

    protected final int depth;

    protected MultiModalPromptLearner(
            Clip clip, ClipTokenizer tokenizer, List<String> classnames, int depth, int nCtx, RandomGenerator rng) {
        this(clip, tokenizer, checkedPrompts(clip, tokenizer, classnames, depth, nCtx), depth, rng);
    }

    // the depth is checked before any prompt tensor exists, so a bad setting leaves nothing behind
    private static TextPrompts checkedPrompts(
            Clip clip, ClipTokenizer tokenizer, List<String> classnames, int depth, int nCtx) {
        PromptLearners.checkDepth(clip, depth);
        return TextPrompts.build(clip, tokenizer, classnames, CONTEXT_PHRASE, nCtx);
    }

    private static TextPrompts depthChecked(Clip clip, int depth, TextPrompts prompts) {
        PromptLearners.checkDepth(clip, depth);
        return prompts;
    }

    /** From pre-tokenized prompts (the golden tests); such a learner cannot switch class lists. */
    protected MultiModalPromptLearner(Clip clip, TextPrompts prompts, int depth, RandomGenerator rng) {
        this(clip, null, depthChecked(clip, depth, prompts), depth, rng);
    }

    private MultiModalPromptLearner(Clip clip, ClipTokenizer tokenizer, TextPrompts prompts, int depth,
            RandomGenerator rng) {
        super(clip, tokenizer, CONTEXT_PHRASE, prompts);
        this.depth = depth;
        int tw = clip.text().width();
        int vw = clip.visual().width();
        var m = params.manager();
        params.add("ctx", prompts.phraseContext(), true); // P_t^0, initialised from "a photo"
        NDArray[] proj = PromptLearners.linearInit(m, rng, tw, vw);
        params.add("proj.weight", proj[0], true);
        params.add("proj.bias", proj[1], true);
        // P_t^1..P_t^{J-1}: fp32 masters, cast to the compute type inside the blocks as the official code does
        params.addFp32("deep_text", PromptLearners.normal(m, rng, 0.02f, depth - 1, nCtx, tw), true);
    }

    /**
     * The deep vision prompts P_v^1..P_v^{J-1}, each [n, vision width].
     *
     * @param inputVision P_v^0 = proj(ctx)
     * @param textPrompts P_t^0 = ctx, P_t^1..P_t^{J-1} = deep text prompts
     */
    protected abstract List<NDArray> deepVisionPrompts(NDArray inputVision, List<NDArray> textPrompts);

    @Override
    public PromptOutput forward(NDArray images, int hiddenLayers) {
        List<NDArray> textPrompts = textPrompts();
        // text: [SOT, ctx, suffix] + pos; positions 1..n replaced by P_t^b before blocks 1..J-1
        DeepPromptHook textHook = new DeepPromptHook(DeepPromptHook.Side.TEXT, depth, textPrompts::get,
                clip.text().layers(), hiddenLayers);
        NDArray text = clip.text().forward(prompts.embeddings(textPrompts.get(0), hiddenLayers > 0), prompts.eot(),
                textHook); // [classes, embed]; all 77 positions only when hidden states are asked for
        NDArray image = promptedImageFeatures(images, textPrompts); // [batch, embed]
        return new PromptOutput(clip.logits(image, text), text, textHook.recorded());
    }

    /**
     * CLIP's image features [batch, embed] (before normalisation) with this learner's vision prompts: what its
     * {@link #forward} compares with the class features. They do not depend on the class names.
     */
    public NDArray promptedImageFeatures(NDArray images) {
        return promptedImageFeatures(images, textPrompts());
    }

    // P_t^0 = ctx, P_t^1..P_t^{J-1} = the deep text prompts
    private List<NDArray> textPrompts() {
        NDArray deepText = params.get("deep_text"); // [J-1, n, text width]
        List<NDArray> textPrompts = new java.util.ArrayList<>();
        textPrompts.add(params.get("ctx"));
        for (int b = 1; b < depth; b++) {
            textPrompts.add(deepText.get(b - 1));
        }
        return textPrompts;
    }

    // vision: P_v^0 = proj(ctx) appended before ln_pre; the last n tokens replaced by P_v^b before blocks 1..J-1
    private NDArray promptedImageFeatures(NDArray images, List<NDArray> textPrompts) {
        NDArray inputVision = PromptLearners.linear(textPrompts.get(0), params.get("proj.weight"),
                params.get("proj.bias"));
        List<NDArray> deepVision = deepVisionPrompts(inputVision, textPrompts);
        DeepPromptHook visionHook = new DeepPromptHook(DeepPromptHook.Side.VISION, depth,
                b -> deepVision.get(b - 1), clip.visual().layers(), 0);
        return clip.visual().forward(images, inputVision, visionHook);
    }

    public int depth() {
        return depth;
    }

}
