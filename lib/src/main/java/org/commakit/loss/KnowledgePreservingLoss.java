package org.commakit.loss;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import java.util.ArrayList;
import java.util.List;
import org.commakit.KitException;
import org.commakit.clip.Clip;
import org.commakit.clip.LayerHook;
import org.commakit.clip.Precision;
import org.commakit.clip.Scalar;
import org.commakit.clip.TextTransformer;
import org.commakit.prompt.PromptOutput;

/**
 * COMMA's knowledge-preserving loss (docs/official-code-notes.md#the-knowledge-preserving-loss-as-coded, docs/paper-to-code.md#kgcoop): the learned prompts' hidden states in the last
 * text blocks stay close to those of the frozen CLIP fed the dataset's hand-crafted template,
 *
 * <pre>
 *   L_KP = mean over the last Y blocks of ( 1 - mean_{class, position} cos(h_learned, h_template) )
 *   L    = L_CE + λ L_KP          (λ = 1, Y = 1 in the official configuration)
 * </pre>
 *
 * over all classes and all 77 positions (padding included), on the states before {@code ln_final}. Y > 1 uses the
 * intended meaning (the outputs of the last Y blocks); the official code's Y > 1 path repeats one block
 * (docs/official-code-notes.md#the-late-layer-bug-for-y-above-1) and is not reproduced, so only Y = 1 matches the published configuration. The template states are computed
 * once per class list, without gradient, and recomputed by {@link #setClassnames} / {@link #setTemplateTokens}.
 */
public final class KnowledgePreservingLoss implements TrainingObjective, AutoCloseable {
    private final Clip clip;
    private final HandCraftedTemplate template; // null when built from token ids
    private final NDManager manager;
    private final List<NDArray> reference = new ArrayList<>(); // per block [classes, context, width], unit rows
    private final float weight;
    private final int layers;

    /**
     * @param templateTokens the hand-crafted template filled with each class name, tokenized [classes][context]
     * @param weight λ
     * @param layers Y, how many of the last text blocks are compared
     */
    public KnowledgePreservingLoss(Clip clip, int[][] templateTokens, float weight, int layers) {
        this(clip, null, templateTokens, weight, layers);
    }

    /** The references of {@code template} filled with {@code classnames}; {@link #setClassnames} can change them. */
    public KnowledgePreservingLoss(
            Clip clip, HandCraftedTemplate template, List<String> classnames, float weight, int layers) {
        this(clip, template, template.tokens(classnames), weight, layers);
    }

    private KnowledgePreservingLoss(
            Clip clip, HandCraftedTemplate template, int[][] templateTokens, float weight, int layers) {
        if (layers < 1 || layers > clip.text().layers()) {
            throw new KitException("knowledge-preserving loss over the last " + layers + " blocks: the number of late "
                    + "layers must be between 1 and the text transformer's " + clip.text().layers()
                    + " blocks (the official setting is 1).");
        }
        this.clip = clip;
        this.template = template;
        this.weight = weight;
        this.layers = layers;
        this.manager = clip.weights().manager().newSubManager();
        setTemplateTokens(templateTokens);
    }

    /** Recomputes the frozen CLIP's template states for another class list (needs a {@link HandCraftedTemplate}). */
    @Override
    public void setClassnames(List<String> classnames) {
        if (template == null) {
            throw new IllegalStateException("this knowledge-preserving loss was built from token ids, so it cannot "
                    + "fill the template with new class names: call setTemplateTokens(...) or build it with a "
                    + "HandCraftedTemplate");
        }
        setTemplateTokens(template.tokens(classnames));
    }

    /** Recomputes the frozen CLIP's template states: the last Y blocks' outputs, normalised per token. */
    public void setTemplateTokens(int[][] templateTokens) {
        if (templateTokens.length == 0) {
            throw new KitException("no template prompts for the knowledge-preserving loss: the class list is empty");
        }
        List<NDArray> fresh = new ArrayList<>();
        int first = clip.text().layers() - layers;
        try (NDScope scope = new NDScope()) {
            NDArray tokens = clip.tokens(manager, templateTokens);
            LayerHook record = new LayerHook() {
                @Override
                public void afterBlock(int block, NDArray x) {
                    if (block >= first) {
                        NDArray unit = normalizeTokens(Precision.cast(x, DataType.FLOAT32)).stopGradient();
                        NDScope.unregister(unit);
                        unit.attach(manager);
                        fresh.add(unit);
                    }
                }
            };
            clip.text().forward(clip.text().tokenEmbedding(tokens), TextTransformer.eotIndices(tokens), record);
        }
        reference.forEach(NDArray::close);
        reference.clear();
        reference.addAll(fresh);
    }

    /** L_KP alone (without λ), from the learner's recorded hidden states (oldest block first). */
    public NDArray knowledgeLoss(List<NDArray> hidden) {
        if (hidden.size() != layers) {
            throw new IllegalArgumentException("the knowledge-preserving loss compares the last " + layers
                    + " text blocks but got hidden states of " + hidden.size() + ": call the learner's forward with "
                    + "hiddenLayers = " + layers + " (TrainingObjective.hiddenLayers())");
        }
        NDArray total = null;
        for (int i = 0; i < layers; i++) {
            NDArray h = normalizeTokens(Precision.cast(hidden.get(i), DataType.FLOAT32));
            if (!h.getShape().equals(reference.get(i).getShape())) {
                throw new IllegalArgumentException("hidden states " + h.getShape() + " do not match the template's "
                        + reference.get(i).getShape() + ": the learner's class list changed; call setClassnames on "
                        + "the loss too");
            }
            NDArray cos = h.mul(reference.get(i)).sum(new int[] {-1}); // [classes, context]
            NDArray term = cos.mean().neg().add(1f);
            total = total == null ? term : total.add(term);
        }
        return Scalar.div(total, layers);
    }

    @Override
    public NDArray loss(PromptOutput out, NDArray labels) {
        return CrossEntropy.of(out.logits(), labels).add(Scalar.mul(knowledgeLoss(out.textHiddenStates()), weight));
    }

    @Override
    public int hiddenLayers() {
        return layers;
    }

    public float weight() {
        return weight;
    }

    // x / ||x|| per token; the official code's CosineSimilarity has eps 1e-7, irrelevant for non-zero states
    static NDArray normalizeTokens(NDArray x) {
        return x.div(x.norm(new int[] {-1}, true));
    }

    @Override
    public void close() {
        manager.close();
    }
}
