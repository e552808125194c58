package org.commakit.prompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;
import org.commakit.KitException;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipTokenizer;
import org.commakit.clip.TextTransformer;

/**
 * The frozen parts of the class prompts: for each class the token embeddings of {@code [SOT]} (prefix) and of
 * everything after the n learnable context tokens (suffix: the rest of the phrase, the class name, ".", EOT, pads).
 *
 * <p>Prompt text per class = {@code prefix + " " + name + "."} (underscores in names become spaces), as CoOp, MaPLe
 * and COMMA. With MaPLe/COMMA's prefix "a photo of a" and n = 2 only "a photo" is learnable; "of a" stays in the fixed
 * suffix (docs/official-code-notes.md#only-a-photo-is-learnable).
 */
public final class TextPrompts implements AutoCloseable {
    private final NDManager manager;
    private final NDArray prefix; // [classes, 1, width]
    private final NDArray suffix; // [classes, context - 1 - n, width]
    private final NDArray suffixToEot; // [classes, max(eot) - n, width]: the suffix up to the last EOT token
    private final NDArray phraseContext; // [n, width], embeddings of the n tokens after SOT in the first prompt
    private final int[] eot;
    private final int nCtx;
    private final List<String> classnames;

    private TextPrompts(Clip clip, int[][] tokens, int nCtx, List<String> classnames) {
        if (tokens.length == 0) {
            throw new KitException("no classes to build prompts for: the class list is empty");
        }
        this.nCtx = nCtx;
        this.classnames = List.copyOf(classnames);
        this.manager = clip.weights().manager().newSubManager();
        NDArray ids = clip.tokens(manager, tokens);
        NDArray emb = clip.text().tokenEmbedding(ids); // [classes, context, width]
        emb.attach(manager);
        this.prefix = emb.get(":, :1, :");
        this.suffix = emb.get(":, {}:, :", 1 + nCtx);
        this.phraseContext = emb.get("0, 1:{}, :", 1 + nCtx);
        this.eot = TextTransformer.eotIndices(ids);
        int lastEot = 0;
        for (int i = 0; i < eot.length; i++) {
            if (eot[i] <= nCtx) {
                throw new KitException("prompt of class " + i + " has its end token at position " + eot[i]
                        + ", inside the " + nCtx + " learnable context tokens");
            }
            lastEot = Math.max(lastEot, eot[i]);
        }
        this.suffixToEot = suffix.get(":, :{}, :", lastEot - nCtx);
    }

    /** Tokenizes {@code contextPhrase + " " + name + "."} for every class; the first n tokens become learnable. */
    public static TextPrompts build(
            Clip clip, ClipTokenizer tokenizer, List<String> classnames, String contextPhrase, int nCtx) {
        if (classnames.isEmpty()) {
            throw new KitException("no classes to build prompts for: the class list is empty. The dataset's train "
                    + "split defines the classes; check its split file.");
        }
        int words = contextPhrase.isBlank() ? 0 : contextPhrase.trim().split("\\s+").length;
        if (nCtx < 1 || nCtx > tokenizer.encode(contextPhrase).size()) {
            throw new KitException("n_ctx = " + nCtx + " does not fit the context phrase \"" + contextPhrase + "\" ("
                    + words + " words, " + tokenizer.encode(contextPhrase).size() + " tokens): use n_ctx between 1 "
                    + "and the phrase's token count, or a longer phrase.");
        }
        List<String> texts = new ArrayList<>();
        for (String c : classnames) {
            texts.add(contextPhrase + " " + c.replace('_', ' ') + ".");
        }
        return new TextPrompts(clip, tokenizer.tokenize(texts), nCtx, classnames);
    }

    /** From already tokenized prompts (tests, or callers with their own tokenizer). */
    public static TextPrompts fromTokens(Clip clip, int[][] tokens, int nCtx, List<String> classnames) {
        return new TextPrompts(clip, tokens, nCtx, classnames);
    }

    /** [SOT] + ctx + suffix for every class: [classes, context, width]; differentiable in {@code ctx}. */
    public NDArray embeddings(NDArray ctx) {
        return embeddings(ctx, true);
    }

    /**
     * As {@link #embeddings(NDArray)}; with {@code allPositions} false only the first max(EOT) + 1 positions
     * [classes, max(eot) + 1, width]. Under the causal mask no position sees a later one, so the features pooled at
     * the EOT tokens are the same (as {@link TextTransformer#forward(NDArray)} does for token ids), at a fraction of
     * the cost for short prompts. Hidden states of all 77 positions (COMMA's knowledge-preserving loss) need them all.
     */
    public NDArray embeddings(NDArray ctx, boolean allPositions) {
        long classes = prefix.getShape().get(0);
        NDArray c = ctx.getShape().dimension() == 2
                ? ctx.expandDims(0).broadcast(new Shape(classes, ctx.getShape().get(0), ctx.getShape().get(1)))
                : ctx; // [classes, n, width] already
        return NDArrays.concat(new NDList(prefix, c, allPositions ? suffix : suffixToEot), 1);
    }

    /**
     * The prompts of every class for several contexts at once (CoCoOp: one context per image), up to the last EOT
     * token: [contexts x classes, max(eot) + 1, width], context-major; differentiable in {@code contexts}
     * [contexts, n, width]. Their EOT positions are {@link #eot(int) eot(contexts)}.
     */
    public NDArray embeddingsPerContext(NDArray contexts) {
        long k = contexts.getShape().get(0);
        long classes = prefix.getShape().get(0);
        long n = contexts.getShape().get(1);
        long width = contexts.getShape().get(2);
        long rest = suffixToEot.getShape().get(1);
        NDArray p = prefix.expandDims(0).broadcast(new Shape(k, classes, 1, width));
        NDArray c = contexts.expandDims(1).broadcast(new Shape(k, classes, n, width));
        NDArray x = suffixToEot.expandDims(0).broadcast(new Shape(k, classes, rest, width));
        return NDArrays.concat(new NDList(p, c, x), 2).reshape(k * classes, 1 + n + rest, width);
    }

    /**
     * The beginnings of {@link #embeddingsPerContext}'s prompts, {@code [SOT][context]} for each context: [contexts,
     * 1 + n, width]; with {@link #endings()} the input of {@code TextTransformer.forwardSharedBeginning}. Every prompt
     * starts with the same SOT token, so the beginning of context i is the same for every class.
     */
    public NDArray beginnings(NDArray contexts) {
        long k = contexts.getShape().get(0);
        NDArray sot = prefix.get(":1").broadcast(new Shape(k, 1, prefix.getShape().get(2)));
        return NDArrays.concat(new NDList(sot, contexts), 1);
    }

    /** The class-dependent rest of every prompt up to its last EOT token: [classes, max(eot) - n, width]. */
    public NDArray endings() {
        return suffixToEot;
    }

    /**
     * As {@link #embeddingsPerContext}, with a context of its own for every class as well (CTP/TFT: one per image and
     * class): {@code contexts} [k, classes, n, width] give [k x classes, max(eot) + 1, width], context-major.
     */
    public NDArray embeddingsPerContextAndClass(NDArray contexts) {
        long k = contexts.getShape().get(0);
        long classes = prefix.getShape().get(0);
        long n = contexts.getShape().get(2);
        long width = contexts.getShape().get(3);
        long rest = suffixToEot.getShape().get(1);
        NDArray p = prefix.expandDims(0).broadcast(new Shape(k, classes, 1, width));
        NDArray x = suffixToEot.expandDims(0).broadcast(new Shape(k, classes, rest, width));
        return NDArrays.concat(new NDList(p, contexts, x), 2).reshape(k * classes, 1 + n + rest, width);
    }

    /** The EOT positions of {@link #embeddingsPerContext} with {@code contexts} contexts. */
    public int[] eot(int contexts) {
        int[] out = new int[contexts * eot.length];
        for (int i = 0; i < contexts; i++) {
            System.arraycopy(eot, 0, out, i * eot.length, eot.length);
        }
        return out;
    }

    /** Token embeddings of the context phrase's first n tokens: the "a photo of a" initialisation. */
    public NDArray phraseContext() {
        return phraseContext;
    }

    public int[] eot() {
        return eot;
    }

    public int nCtx() {
        return nCtx;
    }

    public int classes() {
        return eot.length;
    }

    public List<String> classnames() {
        return classnames;
    }

    @Override
    public void close() {
        manager.close();
    }
}
