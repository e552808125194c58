package org.commakit.prompt;

import ai.djl.ndarray.NDArray;
import java.util.List;
import java.util.Map;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipTokenizer;

/**
 * What every learner holds besides its method's idea: the shared frozen CLIP, the class prompts built from a context
 * phrase, and its own tensors. Class switching, state access, loading and closing live here once.
 */
abstract class PromptLearnerBase implements PromptLearner {
    protected final Clip clip;
    protected final ClipTokenizer tokenizer; // null when built from fixed token ids (golden tests)
    protected final String contextPhrase;
    protected final int nCtx;
    protected final PromptParameters params;
    protected TextPrompts prompts;

    PromptLearnerBase(Clip clip, ClipTokenizer tokenizer, String contextPhrase, TextPrompts prompts) {
        this.clip = clip;
        this.tokenizer = tokenizer;
        this.contextPhrase = contextPhrase;
        this.nCtx = prompts.nCtx();
        this.prompts = prompts;
        this.params = new PromptParameters(clip.weights().manager(), clip.computeType());
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

    /** Loads every prompt tensor (a checkpoint or golden weights); names and shapes must match. */
    public void load(Map<String, NDArray> state, String source) {
        params.load(state, source);
    }

    @Override
    public void close() {
        params.close();
        prompts.close();
    }
}
