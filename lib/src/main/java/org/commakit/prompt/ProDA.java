package org.commakit.prompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;
import org.commakit.KitException;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipTokenizer;
import org.commakit.clip.LayerHook;
import org.commakit.clip.Scalar;

/**
 * ProDA, prompt distribution learning (Lu et al., CVPR 2022; docs/paper-to-code.md#proda): K prompts of n learnable
 * context vectors each, the class name at the front, in the middle or at the end of each. The K normalised text
 * features w_{c,k} of a class are samples of a Gaussian over that class's classifier weight; the objective
 * ({@link org.commakit.loss.ProDALoss}) is an upper bound of the expected cross-entropy under it, plus a term that keeps
 * the K prompts semantically orthogonal. Inference classifies with the mean of the K features.
 *
 * <p>A training step (autograd recording) encodes the prompts of a subset of {@link Settings#perStep()} prompts and,
 * for the orthogonality term, every prompt without a class name; an evaluation encodes all K. The subsets cycle
 * through a random permutation of the K prompts, drawn from the seed and the number of steps taken, which is kept as
 * the frozen tensor {@value #STEP} so a resumed run draws the same subsets. With K = 1 the learner is CoOp.
 */
public final class ProDA extends PromptLearnerBase implements FrozenImageFeatures {
    /** The frozen counter of training steps, present only when a step samples fewer prompts than K. */
    public static final String STEP = "prompt_step";

    /** Where a prompt puts the class name. */
    public enum Position { FRONT, MIDDLE, END }

    /**
     * ProDA's own settings (each default's origin in docs/paper-to-code.md#proda).
     *
     * @param prompts K, the number of prompts
     * @param promptBatch prompts per training step (0 = all K); K must be a multiple of it
     * @param orthoWeight weight of the semantic-orthogonality term
     * @param positions {@code mixed} (¼ front, ¼ middle, ½ end), {@code end}, {@code front} or {@code middle}
     * @param renormalise whether the mean classifier weight is normalised again at inference
     */
    public record Settings(int prompts, int promptBatch, float orthoWeight, String positions, boolean renormalise) {
        public static final List<String> POSITIONS = List.of("mixed", "end", "front", "middle");
        public static final Settings DEFAULT = new Settings(4, 0, 1f, "mixed", true);

        public Settings {
            positions = positions == null ? "mixed" : positions.trim().toLowerCase(Locale.ROOT);
            if (prompts < 1 || prompts > 256) {
                throw new KitException("training setting prodaPrompts=" + prompts + " is invalid: expected from 1 "
                        + "to 256 prompts");
            }
            if (promptBatch < 0 || promptBatch > prompts || (promptBatch > 0 && prompts % promptBatch != 0)) {
                throw new KitException("training setting prodaPromptBatch=" + promptBatch + " is invalid: expected "
                        + "0 (all " + prompts + " prompts) or a divisor of prodaPrompts=" + prompts);
            }
            if (!Float.isFinite(orthoWeight) || orthoWeight < 0 || orthoWeight > 1000) {
                throw new KitException("training setting prodaOrthoWeight=" + orthoWeight + " is invalid: expected "
                        + "a number in [0, 1000]");
            }
            if (!POSITIONS.contains(positions)) {
                throw new KitException("training setting prodaPositions=" + positions + " is invalid: expected one "
                        + "of " + POSITIONS);
            }
        }

        /** Prompts encoded per training step. */
        public int perStep() {
            return promptBatch == 0 ? prompts : promptBatch;
        }

        /** The class-name position of each prompt: with {@code mixed}, the first K/4 front, the next K/4 middle. */
        public List<Position> layout() {
            List<Position> out = new ArrayList<>();
            for (int k = 0; k < prompts; k++) {
                out.add(switch (positions) {
                    case "front" -> Position.FRONT;
                    case "middle" -> Position.MIDDLE;
                    case "end" -> Position.END;
                    default -> k < prompts / 4 ? Position.FRONT : k < 2 * (prompts / 4) ? Position.MIDDLE
                            : Position.END;
                });
            }
            return out;
        }
    }

    private final Settings settings;
    private final List<Position> layout;
    private final long samplerSeed;
    private int[] nameLengths;
    private TextPrompts noClass; // the context alone: "X X .. X." (semantic orthogonality)
    private NDArray frontIndex; // [classes x positions]: the END layout's rows in FRONT order (null: no such prompt)
    private NDArray middleIndex;

    /**
     * @param initPhrase context phrase for K = 1 (CoOp's init), or null / blank for N(0, 0.02) init of all K prompts
     */
    public ProDA(Clip clip, ClipTokenizer tokenizer, List<String> classnames, String initPhrase, int nCtx,
            Settings settings, RandomGenerator rng) {
        super(clip, tokenizer, CoOp.contextPhrase(initPhrase, nCtx),
                TextPrompts.build(clip, tokenizer, classnames, CoOp.contextPhrase(initPhrase, nCtx), nCtx));
        this.settings = settings;
        this.layout = settings.layout();
        boolean random = initPhrase == null || initPhrase.isBlank();
        if (!random && settings.prompts() > 1) {
            prompts.close();
            throw new KitException("ProDA with prodaPrompts=" + settings.prompts() + " and ctxInit=\"" + initPhrase
                    + "\": K prompts from one phrase start identical; use ctxInit= (random init) or prodaPrompts=1");
        }
        this.nameLengths = nameLengths(tokenizer, classnames);
        this.noClass = TextPrompts.build(clip, tokenizer, List.of(""), contextPhrase, nCtx);
        NDArray init = random
                ? PromptLearners.normal(params.manager(), rng, 0.02f, settings.prompts(), nCtx, clip.text().width())
                : prompts.phraseContext().expandDims(0);
        params.add("ctx", init, true);
        this.samplerSeed = rng.nextLong();
        addCounter();
        buildIndices();
    }

    /** From pre-tokenized prompts (golden tests): class prompts, the context-only prompt, class-name token counts. */
    ProDA(Clip clip, TextPrompts prompts, TextPrompts noClass, int[] nameLengths, Settings settings, NDArray ctx,
            long samplerSeed) {
        super(clip, null, null, prompts);
        this.settings = settings;
        this.layout = settings.layout();
        this.nameLengths = nameLengths.clone();
        this.noClass = noClass;
        params.add("ctx", ctx, true);
        this.samplerSeed = samplerSeed;
        addCounter();
        buildIndices();
    }

    private void addCounter() {
        if (settings.perStep() < settings.prompts()) {
            params.addFp32(STEP, params.manager().zeros(new Shape(1)), false);
        }
    }

    private static int[] nameLengths(ClipTokenizer tokenizer, List<String> classnames) {
        return classnames.stream().mapToInt(c -> tokenizer.encode(c.replace('_', ' ')).size()).toArray();
    }

    @Override
    public String method() {
        return "ProDA";
    }

    public Settings settings() {
        return settings;
    }

    /** The class-name position of every prompt. */
    public List<Position> layout() {
        return layout;
    }

    @Override
    public void setClassnames(List<String> classnames) {
        super.setClassnames(classnames);
        nameLengths = nameLengths(tokenizer, classnames);
        buildIndices();
    }

    /**
     * Row indices into the END layout [classes x length] that give the FRONT and MIDDLE layouts: the same tokens,
     * the class name moved before the context, or between its two halves (the first n/2 vectors, then the name).
     */
    private void buildIndices() {
        closeIndices();
        int classes = prompts.classes();
        int length = prompts.eot()[0];
        for (int e : prompts.eot()) {
            length = Math.max(length, e);
        }
        length += 1; // embeddings(ctx, false) stop after the last EOT
        int n = nCtx;
        long[] front = new long[classes * length];
        long[] middle = new long[classes * length];
        for (int c = 0; c < classes; c++) {
            int m = nameLengths[c];
            if (1 + n + m >= prompts.eot()[c] + 1) {
                throw new KitException("class name " + c + " (" + prompts.classnames().get(c) + ") has " + m
                        + " tokens but its prompt holds fewer after the context; was it tokenized differently?");
            }
            for (int j = 0; j < length; j++) {
                front[c * length + j] = c * length + j;
                middle[c * length + j] = c * length + j;
            }
            int h = n / 2;
            for (int i = 0; i < m; i++) {
                front[c * length + 1 + i] = c * length + 1 + n + i;
                middle[c * length + 1 + h + i] = c * length + 1 + n + i;
            }
            for (int i = 0; i < n; i++) {
                front[c * length + 1 + m + i] = c * length + 1 + i;
            }
            for (int i = h; i < n; i++) {
                middle[c * length + 1 + m + i] = c * length + 1 + i;
            }
        }
        frontIndex = layout.contains(Position.FRONT) ? params.manager().create(front) : null;
        middleIndex = layout.contains(Position.MIDDLE) ? params.manager().create(middle) : null;
    }

    private void closeIndices() {
        if (frontIndex != null) {
            frontIndex.close();
        }
        if (middleIndex != null) {
            middleIndex.close();
        }
        frontIndex = null;
        middleIndex = null;
    }

    /** The class prompts of prompt {@code k}: [classes, max(eot) + 1, width]. */
    NDArray promptEmbeddings(int k) {
        NDArray end = prompts.embeddings(params.get("ctx").get(k), false);
        Position p = layout.get(k);
        if (p == Position.END) {
            return end;
        }
        Shape s = end.getShape();
        NDArray rows = end.reshape(s.get(0) * s.get(1), s.get(2));
        return rows.get(p == Position.FRONT ? frontIndex : middleIndex).reshape(s);
    }

    /**
     * The prompts a training step encodes: all K, or the next {@link Settings#perStep()} of a permutation of the K
     * drawn from the seed and the round (steps / (K / perStep)); advances the step counter.
     */
    int[] sampleForStep() {
        int k = settings.prompts();
        int per = settings.perStep();
        if (per == k) {
            return java.util.stream.IntStream.range(0, k).toArray();
        }
        NDArray counter = params.get(STEP);
        long step = (long) counter.getFloat(0);
        counter.set(new float[] {step + 1f});
        int rounds = k / per;
        int[] perm = java.util.stream.IntStream.range(0, k).toArray();
        SplittableRandom r = new SplittableRandom(samplerSeed ^ (0x9E3779B97F4A7C15L * (step / rounds + 1)));
        for (int i = k - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = perm[i];
            perm[i] = perm[j];
            perm[j] = t;
        }
        int from = (int) (step % rounds) * per;
        int[] out = Arrays.copyOfRange(perm, from, from + per);
        Arrays.sort(out);
        return out;
    }

    /** Normalised text features of the given prompts: [prompts, classes, embed]. */
    NDArray promptFeatures(int[] which) {
        NDList parts = new NDList();
        for (int k : which) {
            parts.add(promptEmbeddings(k));
        }
        NDArray emb = parts.size() == 1 ? parts.head() : NDArrays.concat(parts, 0);
        NDArray text = clip.text().forward(emb, prompts.eot(which.length), LayerHook.NONE);
        return Clip.normalize(text).reshape(which.length, prompts.classes(), -1);
    }

    /** Normalised text features of every prompt and class, [K, classes, embed]: the samples of each class's Gaussian. */
    public NDArray promptFeatures() {
        return promptFeatures(java.util.stream.IntStream.range(0, settings.prompts()).toArray());
    }

    /** Normalised features of the K prompts without a class name, [K, embed]: the g_k of the orthogonality term. */
    public NDArray contextFeatures() {
        NDArray ctx = params.get("ctx");
        return Clip.normalize(clip.text().forward(noClass.embeddingsPerContext(ctx), noClass.eot(settings.prompts()),
                LayerHook.NONE));
    }

    @Override
    public PromptOutput forward(NDArray images, int hiddenLayers) {
        return forwardFeatures(imageFeatures(images), hiddenLayers);
    }

    /** The frozen image encoder's output, untouched by the prompts (test splits' features are cached across jobs). */
    @Override
    public NDArray imageFeatures(NDArray images) {
        return clip.visual().forward(images);
    }

    @Override
    public PromptOutput forwardFeatures(NDArray imageFeatures, int hiddenLayers) {
        boolean training = JniUtils.isGradMode();
        NDArray image = Clip.normalize(imageFeatures); // [batch, embed]
        int[] which = training ? sampleForStep() : java.util.stream.IntStream.range(0, settings.prompts()).toArray();
        NDArray w = promptFeatures(which); // [p, classes, embed]
        NDArray mean = w.mean(new int[] {0}); // μ_c
        Map<String, NDArray> extras = new LinkedHashMap<>();
        if (training) {
            extras.put("image", image);
            extras.put("prompt_text", w);
            if (settings.prompts() > 1) {
                extras.put("orthogonal", contextFeatures()); // [K, embed]
            }
        } else if (settings.renormalise() && settings.prompts() > 1) { // K = 1: CoOp
            mean = Clip.normalize(mean);
        }
        NDArray logits = Scalar.mul(image.matMul(mean.transpose()), clip.logitScale());
        return new PromptOutput(logits, mean, List.of(), extras);
    }

    @Override
    public void close() {
        closeIndices();
        noClass.close();
        super.close();
    }
}
