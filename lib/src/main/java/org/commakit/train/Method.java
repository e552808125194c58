package org.commakit.train;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Collectors;
import org.commakit.KitException;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipTokenizer;
import org.commakit.loss.CrossEntropy;
import org.commakit.loss.CtpTftLoss;
import org.commakit.loss.ProDALoss;
import org.commakit.loss.HandCraftedTemplate;
import org.commakit.loss.KgCoOpLoss;
import org.commakit.loss.KnowledgePreservingLoss;
import org.commakit.loss.TrainingObjective;
import org.commakit.prompt.CoCoOp;
import org.commakit.prompt.CoOp;
import org.commakit.prompt.CtpTft;
import org.commakit.prompt.ProDA;
import org.commakit.prompt.Comma;
import org.commakit.prompt.MaPLe;
import org.commakit.prompt.PromptLearner;

/**
 * A method the kit trains or compares: its id, its row name in the published tables, whether it trains, how to build
 * its prompt learner and its training objective, and its reference configurations (docs/paper-to-code.md). Adding a
 * method means a constant here and the method's own classes in {@code prompt/} and {@code loss/}.
 *
 * <p>Random initial values of a learner come from a generator seeded with the config's seed, so a learner built twice
 * is the same.
 */
public enum Method {
    /** CLIP with the dataset's hand-crafted template, no training (CoOp's {@code ZeroshotCLIP}). */
    ZERO_SHOT_CLIP("ZeroShotCLIP", "CLIP", "", TextCost.ONCE) {
        @Override
        public PromptLearner learner(TrainConfig config, Clip clip, ClipTokenizer tokenizer, List<String> classnames) {
            throw new KitException("zero-shot CLIP learns no prompt; use ZeroShotClassifier with the dataset's "
                    + "hand-crafted template");
        }

        @Override
        ReferenceConfig reference(boolean crossDataset, int shots, String dataset) {
            throw new KitException("zero-shot CLIP does not train, so it has no training configuration");
        }
    },
    /**
     * CoOp (Zhou et al., IJCV 2022): shared learnable context vectors, cross-entropy. Its reference configuration is
     * the one of the published base-to-new, cross-dataset and domain-generalization tables: 4 vectors from "a photo of
     * a" ({@link ReferenceConfig#COOP_CTXV1}); CoOp's own few-shot configuration (16 random vectors) is
     * {@link #fewShotReferenceConfig}.
     */
    COOP("CoOp", "CoOp", "CoOp", TextCost.PER_STEP) {
        @Override
        public PromptLearner learner(TrainConfig config, Clip clip, ClipTokenizer tokenizer, List<String> classnames) {
            return new CoOp(clip, tokenizer, classnames, phrase(config), config.nCtx(), rng(config));
        }

        @Override
        ReferenceConfig reference(boolean crossDataset, int shots, String dataset) {
            // CoCoOp's base2new_train.sh and xd_train.sh with TRAINER=CoOp: the ep50 file on ImageNet (the
            // cross-dataset and DG training set), the 200-epoch one elsewhere
            boolean imagenet = dataset != null && dataset.toLowerCase(Locale.ROOT).equals("imagenet");
            return crossDataset || imagenet ? ReferenceConfig.COOP_EP50_CTXV1 : ReferenceConfig.COOP_CTXV1;
        }

        @Override
        ReferenceConfig fewShotReference(int shots, String dataset) {
            return ReferenceConfig.coopFewShot(shots, dataset);
        }
    },
    /** CoCoOp (Zhou et al., CVPR 2022): CoOp's context shifted per image by a meta-net. */
    COCOOP("CoCoOp", "CoCoOp", "CoCoOp", TextCost.PER_IMAGE) {
        @Override
        public PromptLearner learner(TrainConfig config, Clip clip, ClipTokenizer tokenizer, List<String> classnames) {
            return new CoCoOp(clip, tokenizer, classnames, phrase(config), config.nCtx(), rng(config));
        }

        @Override
        ReferenceConfig reference(boolean crossDataset, int shots, String dataset) {
            return ReferenceConfig.COCOOP;
        }
    },
    /** KgCoOp (Yao et al., CVPR 2023): CoOp's learner with a loss that keeps the text features near the template's. */
    KGCOOP("KgCoOp", "KgCoOp", "CoOp", TextCost.PER_STEP) {
        @Override
        public PromptLearner learner(TrainConfig config, Clip clip, ClipTokenizer tokenizer, List<String> classnames) {
            return COOP.learner(config, clip, tokenizer, classnames);
        }

        @Override
        public TrainingObjective objective(TrainConfig config, Clip clip, ClipTokenizer tokenizer,
                List<String> classnames, String template) {
            return new KgCoOpLoss(clip, new HandCraftedTemplate(tokenizer, template), classnames, config.kgWeight());
        }

        @Override
        ReferenceConfig reference(boolean crossDataset, int shots, String dataset) {
            return ReferenceConfig.KGCOOP;
        }
    },
    /** MaPLe (Khattak et al., CVPR 2023): deep text prompts coupled to vision prompts by linear maps. */
    MAPLE("MaPLe", "MaPLe", "MaPLe", TextCost.PER_STEP) {
        @Override
        public PromptLearner learner(TrainConfig config, Clip clip, ClipTokenizer tokenizer, List<String> classnames) {
            return new MaPLe(clip, tokenizer, classnames, config.depth(), rng(config));
        }

        @Override
        ReferenceConfig reference(boolean crossDataset, int shots, String dataset) {
            return crossDataset ? ReferenceConfig.MAPLE_CROSS_DATASETS : ReferenceConfig.MAPLE;
        }
    },
    /**
     * COMMA (Hu et al., AAAI 2024): vision prompts generated from both branches' previous prompts, plus the
     * knowledge-preserving loss.
     */
    COMMA("COMMA", "COMMA", "COMMA", TextCost.PER_STEP_WITH_REFERENCE) {
        @Override
        public PromptLearner learner(TrainConfig config, Clip clip, ClipTokenizer tokenizer, List<String> classnames) {
            return new Comma(clip, tokenizer, classnames, config.depth(), config.commaMode(), rng(config));
        }

        @Override
        public TrainingObjective objective(TrainConfig config, Clip clip, ClipTokenizer tokenizer,
                List<String> classnames, String template) {
            return new KnowledgePreservingLoss(clip, new HandCraftedTemplate(tokenizer, template), classnames,
                    config.kpWeight(), config.kpLayers());
        }

        @Override
        ReferenceConfig reference(boolean crossDataset, int shots, String dataset) {
            return crossDataset ? ReferenceConfig.COMMA_CROSS_DATASETS : ReferenceConfig.COMMA;
        }
    },
    /**
     * ProDA (Lu et al., CVPR 2022): K prompts whose text features form a Gaussian per class, a surrogate loss and an
     * orthogonality term (docs/paper-to-code.md#proda). Compared in the mutual-learning paper; its published
     * base-to-new average is in the beside-published table.
     */
    PRODA("ProDA", "ProDA", "ProDA", TextCost.PER_STEP) {
        @Override
        public PromptLearner learner(TrainConfig config, Clip clip, ClipTokenizer tokenizer, List<String> classnames) {
            return new ProDA(clip, tokenizer, classnames, phrase(config), config.nCtx(), config.proda(), rng(config));
        }

        @Override
        public TrainingObjective objective(TrainConfig config, Clip clip, ClipTokenizer tokenizer,
                List<String> classnames, String template) {
            return new ProDALoss(clip, config.proda().orthoWeight());
        }

        @Override
        ReferenceConfig reference(boolean crossDataset, int shots, String dataset) {
            return ReferenceConfig.PRODA;
        }

        @Override
        public int textPassesPerStep(TrainConfig config) {
            ProDA.Settings s = config.proda();
            return s.perStep() + (s.prompts() > 1 ? 1 : 0); // + the K context-only prompts (about one class's worth)
        }

        @Override
        public int textPassesPerTest(TrainConfig config) {
            return config.proda().prompts();
        }
    },
    /**
     * CTP/TFT (provisional interpretation; paper text unavailable): the mutual-learning paper's own method as the kit
     * reads its abstract, on CoCoOp's pieces (docs/paper-to-code.md#ctptft-provisional-interpretation-paper-text-unavailable). Never shown
     * as a reproduction: it has no published counterpart.
     */
    CTP_TFT("CTP-TFT", "", "CTP-TFT", TextCost.PER_IMAGE) {
        @Override
        public PromptLearner learner(TrainConfig config, Clip clip, ClipTokenizer tokenizer, List<String> classnames) {
            return new CtpTft(clip, tokenizer, classnames, phrase(config), config.nCtx(), config.ctpTft(),
                    rng(config));
        }

        @Override
        public TrainingObjective objective(TrainConfig config, Clip clip, ClipTokenizer tokenizer,
                List<String> classnames, String template) {
            return new CtpTftLoss(clip, config.ctpTft().contrastWeight());
        }

        @Override
        ReferenceConfig reference(boolean crossDataset, int shots, String dataset) {
            return ReferenceConfig.CTP_TFT;
        }

        @Override
        public String label() {
            return CtpTft.LABEL;
        }
    };

    /** How often a method runs the text encoder over the class prompts (what a step or a test costs). */
    public enum TextCost {
        /** Once per class for a whole evaluation (zero-shot). */
        ONCE,
        /** Once per class per step or test batch (the prompts do not depend on the image). */
        PER_STEP,
        /** As {@link #PER_STEP}, plus the frozen template's pass over every class position (COMMA's reference). */
        PER_STEP_WITH_REFERENCE,
        /** Once per image and class (the prompts depend on the image, as CoCoOp's). */
        PER_IMAGE
    }

    private final String id;
    private final String publishedName;
    private final String learnerId;
    private final TextCost textCost;

    Method(String id, String publishedName, String learnerId, TextCost textCost) {
        this.id = id;
        this.publishedName = publishedName;
        this.learnerId = learnerId;
        this.textCost = textCost;
    }

    /** The kit's name: job lists, result files, table columns, {@code --methods}. */
    public String id() {
        return id;
    }

    /** The {@link #id()}, so that messages and progress lines print the method as the papers spell it. */
    @Override
    public String toString() {
        return id;
    }

    /**
     * How the method is named in prose, tables and plots: its id, except CTP/TFT, always
     * {@value org.commakit.prompt.CtpTft#LABEL}.
     */
    public String label() {
        return id;
    }

    /** Whether the method has published numbers to stand beside (CTP/TFT: none, it is the kit's interpretation). */
    public boolean hasPublishedCounterpart() {
        return !publishedName.isEmpty();
    }

    /** How many times a training step runs the text encoder over the class prompts (ProDA: once per prompt). */
    public int textPassesPerStep(TrainConfig config) {
        return 1;
    }

    /** How many times a test batch runs the text encoder over the class prompts (ProDA: K). */
    public int textPassesPerTest(TrainConfig config) {
        return 1;
    }

    /** The method's row name in the published results (zero-shot CLIP is {@code CLIP} there; "" when none). */
    public String publishedName() {
        return publishedName;
    }

    /** Whether the method learns prompts; a method that does not has evaluation jobs only. */
    public boolean trains() {
        return !learnerId.isEmpty();
    }

    /** The {@link PromptLearner#method()} of its learner (KgCoOp trains CoOp's learner); "" when it does not train. */
    public String learnerId() {
        return learnerId;
    }

    /**
     * Whether the method's learner reads only the frozen image encoder's features, so that a training without
     * augmentation runs on features computed once (docs/reproduce.md#caches; the dry run's cost model): CoOp, KgCoOp,
     * CoCoOp and ProDA. {@code MethodTest} checks it against each learner.
     */
    public boolean trainsOnImageFeatures() {
        return this == COOP || this == KGCOOP || this == COCOOP || this == PRODA;
    }

    /** How often the method runs the text encoder (the dry run's cost model). */
    public TextCost textCost() {
        return textCost;
    }

    /** A fresh learner for {@code classnames}, its random parts drawn from {@code config.seed()}. */
    public abstract PromptLearner learner(TrainConfig config, Clip clip, ClipTokenizer tokenizer,
            List<String> classnames);

    /**
     * The method's training loss for {@code classnames}; close it when done when it is {@link AutoCloseable}
     * ({@link #close}).
     *
     * @param template the dataset's hand-crafted template for the frozen reference (KgCoOp, COMMA)
     */
    public TrainingObjective objective(TrainConfig config, Clip clip, ClipTokenizer tokenizer, List<String> classnames,
            String template) {
        return new CrossEntropy();
    }

    /** The official configuration file this method trains with on a protocol (docs/official-code-notes.md). */
    abstract ReferenceConfig reference(boolean crossDataset, int shots, String dataset);

    /** The file of the method's few-shot runs: its base-to-new file, except CoOp's own few-shot paper's. */
    ReferenceConfig fewShotReference(int shots, String dataset) {
        return reference(false, shots, dataset);
    }

    /**
     * The reference settings of a run: the official configuration for base-to-new ({@code crossDataset} false) or
     * cross-dataset and domain generalization, {@code shots} images per class on {@code dataset} (may be null; CoOp
     * trains ImageNet, and the cross-dataset source, with its 50-epoch file), seed 1.
     */
    public TrainConfig referenceConfig(boolean crossDataset, int shots, String dataset) {
        return reference(crossDataset, shots, dataset).config(this, shots);
    }

    /** The reference settings with 16 shots (the papers' protocol). */
    public TrainConfig referenceConfig(boolean crossDataset) {
        return referenceConfig(crossDataset, 16, null);
    }

    /** The name of the official yaml file behind {@link #referenceConfig} (for messages and docs). */
    public String referenceFile(boolean crossDataset, int shots, String dataset) {
        return reference(crossDataset, shots, dataset).yaml();
    }

    /**
     * The settings of a few-shot run (all classes, {@code shots} images per class, seed 1): for CoOp the
     * configuration of its own few-shot paper, 16 random context vectors with 50, 100 or 200 epochs by shot count
     * (ImageNet always 50; {@link ReferenceConfig#COOP_FEW_SHOT_EP200}); for the other methods their base-to-new
     * configuration.
     */
    public TrainConfig fewShotReferenceConfig(int shots, String dataset) {
        return fewShotReference(shots, dataset).config(this, shots);
    }

    /** The name of the official yaml file behind {@link #fewShotReferenceConfig}. */
    public String fewShotReferenceFile(int shots, String dataset) {
        return fewShotReference(shots, dataset).yaml();
    }

    /** The five methods of the COMMA paper's tables: zero-shot CLIP, CoOp, CoCoOp, MaPLe, COMMA. */
    public static List<Method> paperMethods() {
        return List.of(ZERO_SHOT_CLIP, COOP, COCOOP, MAPLE, COMMA);
    }

    /** The methods that learn prompts. */
    public static List<Method> trained() {
        return Arrays.stream(values()).filter(Method::trains).toList();
    }

    /** The method whose {@link #id()} is {@code id}, ignoring case; an unknown id names the known ones. */
    public static Method of(String id) {
        String wanted = id == null ? "" : id.trim();
        for (Method m : values()) {
            if (m.id.equalsIgnoreCase(wanted)) {
                return m;
            }
        }
        throw new KitException("unknown method '" + id + "'; the kit knows " + Arrays.stream(values()).map(Method::id)
                .collect(Collectors.joining(", ")));
    }

    /** Closes an objective that holds tensors (the template losses); cross-entropy holds none. */
    public static void close(TrainingObjective objective) {
        if (objective instanceof AutoCloseable c) {
            try {
                c.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the " + objective.getClass().getSimpleName() + " failed", e);
            }
        }
    }

    private static String phrase(TrainConfig config) {
        return config.ctxInit().isBlank() ? null : config.ctxInit();
    }

    private static SplittableRandom rng(TrainConfig config) {
        return new SplittableRandom(config.seed());
    }
}
