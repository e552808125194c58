package org.commakit.prompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.commakit.KitException;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipTokenizer;
import org.commakit.clip.LayerHook;
import org.commakit.clip.Scalar;

/**
 * CTP/TFT (provisional interpretation; paper text unavailable): class-aware text prompts and text-guided feature
 * tuning, the method of the mutual-learning paper (Long et al., ICCV 2023), of which only the abstract could be read.
 * This class is the kit's own reading of it (docs/paper-to-code.md#ctptft-provisional-interpretation-paper-text-unavailable), built on
 * CoCoOp's pieces; it reproduces nothing published.
 *
 * <p><b>CTP</b>: CoCoOp shifts the context of every class by the same π(x) = meta-net(image feature); here each
 * class gets its own shift π_{b,c} = meta-net(v_{b,c}) from a class-aware vector v_{b,c}: by default ({@code attn})
 * the image's patch tokens pooled with attention weights from the frozen text feature w_c of "a photo of a {class}."
 * (softmax over patches of w_c·P_{b,j}/τ); {@code hadamard} l2norm(f̂ ⊙ w_c), {@code add} l2norm(f̂ + w_c); and
 * {@code image} v = f̂ for every class, which is CoCoOp bit for bit. <b>TFT</b> ({@code pool}, default): the image
 * feature is tuned per class by the patch tokens the class's prompt text feature t_{b,c} attends to,
 * u_{b,c} = l2norm(f̂_b + λ Σ_j softmax_j(t_{b,c}·P_{b,j}/τ′) P_{b,j}), logits s·u_{b,c}·t_{b,c}; {@code off} keeps
 * f̂. The patch tokens are the last block's output read through a {@link LayerHook} during the image forward pass,
 * through {@code ln_post} and {@code proj}, normalised: no second pass.
 *
 * <p>Trainable: CoCoOp's context and meta-net, and λ ({@code tft.lambda}) when learnable. The text encoder runs once
 * per image and class, as CoCoOp's.
 */
public final class CtpTft extends CoOp {
    /** The name everywhere the method is shown. */
    public static final String LABEL = "CTP/TFT (provisional interpretation; paper text unavailable)";

    /** The phrase of the frozen class queries w_c. */
    public static final String QUERY_PHRASE = "a photo of a";

    /**
     * CTP/TFT's own settings (each default's origin in docs/paper-to-code.md#ctptft-provisional-interpretation-paper-text-unavailable).
     *
     * @param ctp the class-aware vector: {@code attn}, {@code hadamard}, {@code add} or {@code image} (CoCoOp)
     * @param tft the image-side tuning: {@code pool} or {@code off}
     * @param ctpTau τ of CTP's attention over patches
     * @param tftTau τ′ of TFT's attention over patches
     * @param tftLambda λ (its initial value when learnable)
     * @param tftLambdaLearnable whether λ trains
     * @param contrastWeight weight of the symmetric in-batch image-text term ({@link org.commakit.loss.CtpTftLoss})
     */
    public record Settings(String ctp, String tft, float ctpTau, float tftTau, float tftLambda,
            boolean tftLambdaLearnable, float contrastWeight) {
        public static final List<String> CTP = List.of("attn", "hadamard", "add", "image");
        public static final List<String> TFT = List.of("pool", "off");
        public static final Settings DEFAULT = new Settings("attn", "pool", 0.07f, 0.07f, 0.1f, true, 0f);

        public Settings {
            ctp = ctp == null ? "attn" : ctp.trim().toLowerCase(Locale.ROOT);
            tft = tft == null ? "pool" : tft.trim().toLowerCase(Locale.ROOT);
            if (!CTP.contains(ctp)) {
                throw new KitException("training setting ctp=" + ctp + " is invalid: expected one of " + CTP);
            }
            if (!TFT.contains(tft)) {
                throw new KitException("training setting tft=" + tft + " is invalid: expected one of " + TFT);
            }
            positive("ctpTau", ctpTau);
            positive("tftTau", tftTau);
            if (!Float.isFinite(tftLambda) || Math.abs(tftLambda) > 100) {
                throw new KitException("training setting tftLambda=" + tftLambda + " is invalid: expected a number "
                        + "in [-100, 100]");
            }
            if (!Float.isFinite(contrastWeight) || contrastWeight < 0 || contrastWeight > 1000) {
                throw new KitException("training setting ctpContrastWeight=" + contrastWeight + " is invalid: "
                        + "expected a number in [0, 1000]");
            }
        }

        private static void positive(String key, float v) {
            if (!Float.isFinite(v) || v <= 0 || v > 100) {
                throw new KitException("training setting " + key + "=" + v + " is invalid: expected a number in "
                        + "(0, 100]");
            }
        }
    }

    private final Settings settings;
    private NDManager queryManager;
    private NDArray queries; // [classes, embed], normalised, frozen: "a photo of a {class}."

    public CtpTft(Clip clip, ClipTokenizer tokenizer, List<String> classnames, String initPhrase, int nCtx,
            Settings settings, RandomGenerator rng) {
        super(clip, tokenizer, classnames, initPhrase, nCtx, rng);
        this.settings = settings;
        CoCoOp.addMetaNet(params, clip, rng);
        addLambda();
        setQueries(TextPrompts.build(clip, tokenizer, classnames, QUERY_PHRASE, 4));
    }

    /** From pre-tokenized prompts (golden tests); {@code queryPrompts} are "a photo of a {class}." with n = 4. */
    CtpTft(Clip clip, TextPrompts prompts, TextPrompts queryPrompts, Settings settings, RandomGenerator rng) {
        super(clip, prompts);
        this.settings = settings;
        CoCoOp.addMetaNet(params, clip, rng);
        addLambda();
        setQueries(queryPrompts);
    }

    private void addLambda() {
        if (settings.tft().equals("pool")) {
            params.add("tft.lambda", params.manager().create(new float[] {settings.tftLambda()}),
                    settings.tftLambdaLearnable());
        }
    }

    /** w_c: the frozen CLIP's normalised text features of the query prompts (closes them). */
    private void setQueries(TextPrompts query) {
        try (query) {
            NDManager m = clip.weights().manager().newSubManager();
            NDArray t = Clip.normalize(clip.text().forward(query.embeddings(query.phraseContext(), false),
                    query.eot(), LayerHook.NONE));
            t.attach(m);
            if (queryManager != null) {
                queryManager.close();
            }
            queryManager = m;
            queries = t.stopGradient();
            queries.attach(m);
        }
    }

    @Override
    public String method() {
        return "CTP-TFT";
    }

    public Settings settings() {
        return settings;
    }

    /** The frozen class queries w_c [classes, embed]. */
    public NDArray queries() {
        return queries;
    }

    @Override
    public void setClassnames(List<String> classnames) {
        super.setClassnames(classnames);
        setQueries(TextPrompts.build(clip, tokenizer, classnames, QUERY_PHRASE, 4));
    }

    /** Keeps the last block's output of the image forward pass. */
    private static final class LastBlock implements LayerHook {
        private final int last;
        NDArray x;

        LastBlock(int layers) {
            this.last = layers - 1;
        }

        @Override
        public void afterBlock(int block, NDArray x) {
            if (block == last) {
                this.x = x;
            }
        }
    }

    /** Attention pooling: softmax over patches of q·P/τ, then the weighted patches. q [b, c, e], P [b, t, e]. */
    static NDArray pool(NDArray q, NDArray patches, float tau) {
        NDArray w = q.matMul(patches.transpose(0, 2, 1)).div(tau).softmax(2); // [b, c, t]
        return w.matMul(patches); // [b, c, e]
    }

    /** CTP/TFT reads the patch tokens of the image forward pass too: its image features are never cached. */
    @Override
    public boolean readsOnlyImageFeatures() {
        return false;
    }

    @Override
    public PromptOutput forward(NDArray images, int hiddenLayers) {
        boolean needPatches = settings.ctp().equals("attn") || settings.tft().equals("pool");
        LastBlock hook = new LastBlock(clip.visual().layers());
        NDArray image = Clip.normalize(clip.visual().forward(images, null, needPatches ? hook : LayerHook.NONE));
        NDArray patches = needPatches
                ? Clip.normalize(clip.visual().project(hook.x.get(":, 1:, :"))) : null; // [batch, grid², embed]
        long batch = images.getShape().get(0);
        int classes = prompts.classes();
        long embed = image.getShape().get(1);
        NDArray classAware = switch (settings.ctp()) { // v: [batch, embed] (image) or [batch, classes, embed]
            case "image" -> image;
            case "hadamard" -> Clip.normalize(image.expandDims(1).mul(queries.expandDims(0)));
            case "add" -> Clip.normalize(image.expandDims(1).add(queries.expandDims(0)));
            default -> pool(queries.expandDims(0).broadcast(new Shape(batch, classes, embed)), patches,
                    settings.ctpTau());
        };
        NDArray shift = CoCoOp.metaNet(params, classAware); // [batch, (classes,) text width]
        NDArray ctx = params.get("ctx"); // [n, text width]
        int chunk = Math.max(1, CoCoOp.PROMPTS_PER_CALL / classes);
        NDList rows = new NDList();
        NDList texts = new NDList();
        NDList tuned = new NDList();
        NDList textNorm = new NDList();
        for (long start = 0; start < batch; start += chunk) {
            long end = Math.min(batch, start + chunk);
            String range = start + ":" + end;
            NDArray pi = shift.get(range);
            NDArray text;
            if (pi.getShape().dimension() == 2) { // the same shift for every class: CoCoOp's shared beginnings
                NDArray shifted = ctx.expandDims(0).add(pi.expandDims(1)); // [k, n, w]
                text = clip.text().forwardSharedBeginning(prompts.beginnings(shifted), prompts.endings(),
                        prompts.eot()).reshape(end - start, classes, -1);
            } else {
                NDArray shifted = ctx.expandDims(0).expandDims(0).add(pi.expandDims(2)); // [k, classes, n, w]
                text = clip.text().forward(prompts.embeddingsPerContextAndClass(shifted),
                        prompts.eot((int) (end - start)), LayerHook.NONE).reshape(end - start, classes, -1);
            }
            texts.add(text);
            NDArray t = Clip.normalize(text); // [k, classes, embed]
            NDArray f = image.get(range);
            if (settings.tft().equals("off")) {
                rows.add(f.expandDims(1).matMul(t.transpose(0, 2, 1)).squeeze(1)); // as CoCoOp
                tuned.add(f.expandDims(1).broadcast(t.getShape()));
            } else {
                NDArray u = Clip.normalize(f.expandDims(1).add(
                        pool(t, patches.get(range), settings.tftTau()).mul(params.get("tft.lambda"))));
                rows.add(u.mul(t).sum(new int[] {2}));
                tuned.add(u);
            }
            textNorm.add(t);
        }
        NDArray logits = Scalar.mul(CoCoOp.joined(rows), clip.logitScale());
        Map<String, NDArray> extras = new LinkedHashMap<>();
        extras.put("image_tuned", CoCoOp.joined(tuned));
        extras.put("text", CoCoOp.joined(textNorm));
        return new PromptOutput(logits, CoCoOp.joined(texts), List.of(), extras);
    }

    @Override
    public void close() {
        if (queryManager != null) {
            queryManager.close();
        }
        super.close();
    }
}
