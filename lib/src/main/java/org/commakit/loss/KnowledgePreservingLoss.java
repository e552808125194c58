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
 * COMMA's knowledge-preserving loss (COMMA.md §5): the learned prompts' hidden states in the last text blocks stay
 * close to those of the frozen CLIP fed the dataset's hand-crafted template,
 *
 * <pre>
 *   L_KP = mean over the last Y blocks of ( 1 - mean_{class, position} cos(h_learned, h_template) )
 *   L    = L_CE + λ L_KP          (λ = 1, Y = 1 in the official configuration)
 * </pre>
 *
 * over all classes and all 77 positions, on the states before {@code ln_final}. Y > 1 uses the intended meaning
 * (the last Y blocks); the official code's Y > 1 path repeats one block (COMMA.md §5.4) and is not reproduced.
 * The reference states are computed once per class list; build a new loss when the classes change.
 */
public final class KnowledgePreservingLoss implements TrainingObjective, AutoCloseable {
    private final NDManager manager;
    private final List<NDArray> reference = new ArrayList<>(); // per layer [classes, context, width], unit rows
    private final float weight;
    private final int layers;

    /**
     * @param templateTokens the hand-crafted template filled with each class name, tokenized [classes][context]
     * @param weight λ
     * @param layers Y, how many of the last text blocks are compared
     */
    public KnowledgePreservingLoss(Clip clip, int[][] templateTokens, float weight, int layers) {
        if (layers < 1 || layers > clip.text().layers()) {
            throw new KitException("knowledge-preserving loss over the last " + layers + " blocks: must be between 1 "
                    + "and the text transformer's " + clip.text().layers() + " blocks (the official setting is 1).");
        }
        this.weight = weight;
        this.layers = layers;
        this.manager = clip.weights().manager().newSubManager();
        int first = clip.text().layers() - layers;
        try (NDScope scope = new NDScope()) {
            NDArray tokens = clip.tokens(manager, templateTokens);
            LayerHook record = new LayerHook() {
                @Override
                public void afterBlock(int block, NDArray x) {
                    if (block >= first) {
                        NDArray unit = normalizeTokens(Precision.cast(x, DataType.FLOAT32));
                        NDScope.unregister(unit);
                        unit.attach(manager);
                        reference.add(unit);
                    }
                }
            };
            clip.text().forward(clip.text().tokenEmbedding(tokens), TextTransformer.eotIndices(tokens), record);
        }
    }

    /** L_KP alone (without λ), from the learner's recorded hidden states. */
    public NDArray knowledgeLoss(List<NDArray> hidden) {
        if (hidden.size() != layers) {
            throw new IllegalArgumentException("expected hidden states of the last " + layers + " blocks, got "
                    + hidden.size());
        }
        NDArray total = null;
        for (int i = 0; i < layers; i++) {
            NDArray h = normalizeTokens(Precision.cast(hidden.get(i), DataType.FLOAT32));
            if (!h.getShape().equals(reference.get(i).getShape())) {
                throw new IllegalArgumentException("hidden states " + h.getShape() + " do not match the template's "
                        + reference.get(i).getShape() + ": were the prompts built for another class list?");
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

    static NDArray normalizeTokens(NDArray x) {
        return x.div(x.norm(new int[] {-1}, true));
    }

    @Override
    public void close() {
        manager.close();
    }
}
