package org.commakit.prompt;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.commakit.KitException;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipTokenizer;

/**
 * CoOp (Zhou et al., IJCV 2022): n learnable context vectors shared by all classes, class name at the end:
 * {@code [SOT][v_1]..[v_n][class tokens][.][EOT]}. The context starts from a phrase's token embeddings (e.g. "a photo
 * of a", n = its token count) or from N(0, 0.02) with "X X .. X" placeholders.
 */
public class CoOp implements PromptLearner {
    protected final Clip clip;
    protected final ClipTokenizer tokenizer;
    protected final String contextPhrase;
    protected final int nCtx;
    protected final PromptParameters params;
    protected TextPrompts prompts;

    /**
     * @param initPhrase the initial context phrase (e.g. "a photo of a"; n_ctx must equal its word count), or null /
     *     blank for N(0, 0.02) init of {@code nCtx} vectors with "X X .. X" placeholders in the tokenized prompt
     * @param rng draws the random context (and CoCoOp's meta-net); the same seed gives the same learner
     */
    public CoOp(Clip clip, ClipTokenizer tokenizer, List<String> classnames, String initPhrase, int nCtx,
            RandomGenerator rng) {
        this.clip = clip;
        this.tokenizer = tokenizer;
        if (initPhrase != null && initPhrase.isBlank()) {
            initPhrase = null; // TrainConfig's "" means random init
        }
        if (initPhrase != null) {
            initPhrase = initPhrase.replace('_', ' ').trim();
            int words = initPhrase.isEmpty() ? 0 : initPhrase.split("\\s+").length;
            if (nCtx != words) { // PROTOCOL.md §3.2: the init phrase's word count is n_ctx
                throw new KitException("n_ctx = " + nCtx + " but the context init phrase \"" + initPhrase + "\" has "
                        + words + " words; CoOp/CoCoOp learn one vector per word of the phrase (its first " + words
                        + " token embeddings). Use n_ctx = " + words + ", or no init phrase for random init.");
            }
        } else if (nCtx < 1) {
            throw new KitException("n_ctx = " + nCtx + ": random context init needs at least 1 vector (CoOp uses 16).");
        }
        this.nCtx = nCtx;
        this.contextPhrase = initPhrase != null ? initPhrase : String.join(" ", java.util.Collections.nCopies(nCtx, "X"));
        this.prompts = TextPrompts.build(clip, tokenizer, classnames, contextPhrase, nCtx);
        this.params = new PromptParameters(clip.weights().manager(), clip.computeType());
        NDArray init = initPhrase != null
                ? prompts.phraseContext()
                : PromptLearners.normal(params.manager(), rng, 0.02f, nCtx, clip.text().width());
        params.add("ctx", init, true);
    }

    /** From pre-tokenized prompts (golden tests). */
    CoOp(Clip clip, TextPrompts prompts) {
        this.clip = clip;
        this.tokenizer = null;
        this.contextPhrase = null;
        this.nCtx = prompts.nCtx();
        this.prompts = prompts;
        this.params = new PromptParameters(clip.weights().manager(), clip.computeType());
        params.add("ctx", prompts.phraseContext(), true);
    }

    @Override
    public String method() {
        return "CoOp";
    }

    @Override
    public PromptOutput forward(NDArray images, int hiddenLayers) {
        // prompts: [classes, context, width]; image: [batch, embed]; text: [classes, embed]
        DeepPromptHook record = new DeepPromptHook(DeepPromptHook.Side.TEXT, 0, b -> null, clip.text().layers(),
                hiddenLayers);
        NDArray text = clip.text().forward(prompts.embeddings(params.get("ctx")), prompts.eot(), record);
        NDArray image = clip.visual().forward(images);
        return new PromptOutput(clip.logits(image, text), text, record.recorded());
    }

    @Override
    public List<String> classnames() {
        return prompts.classnames();
    }

    @Override
    public void setClassnames(List<String> classnames) {
        if (tokenizer == null) {
            throw new IllegalStateException("this learner was built from fixed token ids; build it with a tokenizer");
        }
        TextPrompts next = TextPrompts.build(clip, tokenizer, classnames, contextPhrase, nCtx);
        prompts.close();
        prompts = next;
    }

    @Override
    public Map<String, NDArray> trainableParameters() {
        return params.trainable();
    }

    @Override
    public Map<String, NDArray> frozenState() {
        return params.frozen();
    }

    public void load(Map<String, NDArray> state, String source) {
        params.load(state, source);
    }

    @Override
    public void close() {
        params.close();
        prompts.close();
    }
}
