package org.commakit.prompt;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.random.RandomGenerator;
import org.commakit.KitException;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipTokenizer;

/**
 * CoOp (Zhou et al., IJCV 2022): n learnable context vectors shared by all classes, class name at the end:
 * {@code [SOT][v_1]..[v_n][class tokens][.][EOT]}. The context starts from a phrase's token embeddings (e.g. "a photo
 * of a", n = its token count) or from N(0, 0.02) with "X X .. X" placeholders.
 */
public class CoOp extends PromptLearnerBase implements FrozenImageFeatures {

    /**
     * @param initPhrase the initial context phrase (e.g. "a photo of a"; n_ctx must equal its word count), or null /
     *     blank for N(0, 0.02) init of {@code nCtx} vectors with "X X .. X" placeholders in the tokenized prompt
     * @param rng draws the random context (and CoCoOp's meta-net); the same seed gives the same learner
     */
    public CoOp(Clip clip, ClipTokenizer tokenizer, List<String> classnames, String initPhrase, int nCtx,
            RandomGenerator rng) {
        super(clip, tokenizer, contextPhrase(initPhrase, nCtx),
                TextPrompts.build(clip, tokenizer, classnames, contextPhrase(initPhrase, nCtx), nCtx));
        NDArray init = isRandomInit(initPhrase)
                ? PromptLearners.normal(params.manager(), rng, 0.02f, nCtx, clip.text().width())
                : prompts.phraseContext();
        params.add("ctx", init, true);
    }

    /** From pre-tokenized prompts (golden tests). */
    CoOp(Clip clip, TextPrompts prompts) {
        super(clip, null, null, prompts);
        params.add("ctx", prompts.phraseContext(), true);
    }

    private static boolean isRandomInit(String initPhrase) {
        return initPhrase == null || initPhrase.isBlank(); // TrainConfig's "" means random init
    }

    /** The phrase the prompts are tokenized with: the init phrase, or "X X .. X" for random init. */
    static String contextPhrase(String initPhrase, int nCtx) {
        if (isRandomInit(initPhrase)) {
            if (nCtx < 1) {
                throw new KitException("n_ctx = " + nCtx + ": random context init needs at least 1 vector (CoOp uses "
                        + "16).");
            }
            return String.join(" ", java.util.Collections.nCopies(nCtx, "X"));
        }
        String phrase = initPhrase.replace('_', ' ').trim();
        int words = phrase.split("\\s+").length;
        if (nCtx != words) { // docs/data-protocol.md#prompt-text-per-method: the init phrase's word count is n_ctx
            throw new KitException("n_ctx = " + nCtx + " but the context init phrase \"" + phrase + "\" has " + words
                    + " words; CoOp/CoCoOp learn one vector per word of the phrase (its first " + words + " token "
                    + "embeddings). Use n_ctx = " + words + ", or no init phrase for random init.");
        }
        return phrase;
    }

    @Override
    public String method() {
        return "CoOp";
    }

    @Override
    public PromptOutput forward(NDArray images, int hiddenLayers) {
        return forwardFeatures(imageFeatures(images), hiddenLayers);
    }

    @Override
    public NDArray imageFeatures(NDArray images) {
        return clip.visual().forward(images);
    }

    @Override
    public PromptOutput forwardFeatures(NDArray image, int hiddenLayers) {
        // prompts: [classes, context, width]; image: [batch, embed]; text: [classes, embed]
        DeepPromptHook record = new DeepPromptHook(DeepPromptHook.Side.TEXT, 0, b -> null, clip.text().layers(),
                hiddenLayers);
        NDArray text = clip.text().forward(prompts.embeddings(params.get("ctx"), hiddenLayers > 0), prompts.eot(),
                record);
        return new PromptOutput(clip.logits(image, text), text, record.recorded());
    }
}
