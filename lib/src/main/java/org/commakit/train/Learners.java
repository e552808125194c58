package org.commakit.train;

import java.util.List;
import java.util.SplittableRandom;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipTokenizer;
import org.commakit.loss.CrossEntropy;
import org.commakit.loss.HandCraftedTemplate;
import org.commakit.loss.KgCoOpLoss;
import org.commakit.loss.KnowledgePreservingLoss;
import org.commakit.loss.TrainingObjective;
import org.commakit.prompt.CoCoOp;
import org.commakit.prompt.CoOp;
import org.commakit.prompt.Comma;
import org.commakit.prompt.MaPLe;
import org.commakit.prompt.PromptLearner;

/**
 * The prompt learner and the loss a {@link TrainConfig} describes, on the shared frozen CLIP: what a training run and
 * an evaluation of its checkpoint both build.
 *
 * <ul>
 *   <li>CoOp, CoCoOp: {@code nCtx} vectors from {@code ctxInit} ("" = random), cross-entropy.</li>
 *   <li>KgCoOp: CoOp's learner with KgCoOp's loss (weight {@code kgWeight}) on the dataset's hand-crafted
 *       template.</li>
 *   <li>MaPLe: depth {@code depth}, cross-entropy.</li>
 *   <li>COMMA: depth {@code depth}, {@code commaMode}, cross-entropy plus the knowledge-preserving loss
 *       ({@code kpWeight}, {@code kpLayers}) on the dataset's hand-crafted template.</li>
 * </ul>
 * Random initial values come from a generator seeded with the config's seed, so a learner built twice is the same.
 */
public final class Learners {
    private Learners() {}

    /** A fresh learner for {@code classnames} (its random parts drawn from {@code config.seed()}). */
    public static PromptLearner learner(TrainConfig config, Clip clip, ClipTokenizer tokenizer,
            List<String> classnames) {
        SplittableRandom rng = new SplittableRandom(config.seed());
        String phrase = config.ctxInit().isBlank() ? null : config.ctxInit();
        return switch (config.method()) {
            case "CoOp", "KgCoOp" -> new CoOp(clip, tokenizer, classnames, phrase, config.nCtx(), rng);
            case "CoCoOp" -> new CoCoOp(clip, tokenizer, classnames, phrase, config.nCtx(), rng);
            case "MaPLe" -> new MaPLe(clip, tokenizer, classnames, config.depth(), rng);
            default -> new Comma(clip, tokenizer, classnames, config.depth(),
                    config.commaMode().equals("as-described") ? Comma.Mode.AS_DESCRIBED : Comma.Mode.FAITHFUL, rng);
        };
    }

    /**
     * The method's training loss for {@code classnames}.
     *
     * @param template the dataset's hand-crafted template ({@link org.commakit.data.Templates#knowledge}); used by
     *     KgCoOp and COMMA only
     */
    public static TrainingObjective objective(TrainConfig config, Clip clip, ClipTokenizer tokenizer,
            List<String> classnames, String template) {
        return switch (config.method()) {
            case "KgCoOp" -> new KgCoOpLoss(clip, new HandCraftedTemplate(tokenizer, template), classnames,
                    config.kgWeight());
            case "COMMA" -> new KnowledgePreservingLoss(clip, new HandCraftedTemplate(tokenizer, template), classnames,
                    config.kpWeight(), config.kpLayers());
            default -> new CrossEntropy();
        };
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
}
