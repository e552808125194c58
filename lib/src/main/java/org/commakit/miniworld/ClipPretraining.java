package org.commakit.miniworld;

import org.commakit.data.Batch;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;
import org.commakit.clip.Clip;
import org.commakit.clip.Scalar;

/**
 * Contrastive pretraining of a small CLIP from scratch (how the kit makes the mini world's CLIP):
 * L = ½ [CE(s · I Tᵀ, diag) + CE(s · T Iᵀ, diag)] over a batch of (image, caption) pairs, with I, T the normalised
 * features and s = exp(logit_scale) learned (clamped at 100, as CLIP). AdamW with linear warm-up then cosine decay.
 */
public final class ClipPretraining {
    private ClipPretraining() {}

    /** Where (image, caption) batches come from; must be deterministic in {@code step}. */
    public interface CaptionBatches {
        /**
         * @return images [batch, 3, res, res] and their caption token ids [batch, context], owned by {@code manager}
         */
        Batch batch(long step, int batchSize, NDManager manager);
    }

    public record Batch(NDArray images, NDArray tokens) {}

    public record Config(int steps, int batchSize, float lr, float weightDecay, int warmupSteps, int logEvery) {}

    /** Runs the steps; returns the loss of each step. Progress lines go to {@code progress}. */
    public static float[] run(Clip clip, CaptionBatches data, Config cfg, PrintStream progress) {
        Map<String, NDArray> params = clip.weights().makeTrainable();
        Map<String, Boolean> decay = new LinkedHashMap<>();
        params.forEach((k, v) -> decay.put(k, v.getShape().dimension() >= 2 && !k.contains("embedding")));
        float[] losses = new float[cfg.steps()];
        NDArray logitScale = params.get("logit_scale");
        long t0 = System.nanoTime();
        try (AdamW opt = new AdamW(params, decay, 0.9f, 0.98f, 1e-6f, cfg.weightDecay());
                NDManager steps = NDManager.newBaseManager(clip.device())) {
            for (int step = 0; step < cfg.steps(); step++) {
                float correct;
                try (NDScope scope = new NDScope();
                        GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    Batch b = data.batch(step, cfg.batchSize(), steps);
                    NDArray logits = logits(clip, b, logitScale);
                    NDArray loss = contrastiveLoss(logits);
                    gc.backward(loss);
                    losses[step] = loss.getFloat();
                    long[] pred = logits.argMax(1).toLongArray();
                    int c = 0;
                    for (int i = 0; i < pred.length; i++) {
                        c += pred[i] == i ? 1 : 0;
                    }
                    correct = 100f * c / pred.length;
                    b.images().close();
                    b.tokens().close();
                }
                opt.step(learningRate(cfg, step));
                clampLogitScale(logitScale);
                if (progress != null && ((step + 1) % cfg.logEvery() == 0 || step + 1 == cfg.steps())) {
                    double ms = (System.nanoTime() - t0) / 1e6 / (step + 1);
                    progress.printf("[pretrain] step %d/%d  loss %.4f  in-batch acc %.1f%%  lr %.2e  scale %.2f  "
                                    + "%.0f ms/step%n", step + 1, cfg.steps(), losses[step], correct,
                            learningRate(cfg, step), Math.exp(logitScale.getFloat()), ms);
                }
            }
        }
        for (NDArray p : params.values()) {
            p.setRequiresGradient(false);
        }
        return losses;
    }

    /** Linear warm-up to {@code lr}, then cosine decay to 0 at the last step. */
    public static float learningRate(Config cfg, int step) {
        if (step < cfg.warmupSteps()) {
            return cfg.lr() * (step + 1) / cfg.warmupSteps();
        }
        double progress = (double) (step - cfg.warmupSteps()) / Math.max(1, cfg.steps() - cfg.warmupSteps());
        return (float) (cfg.lr() * 0.5 * (1 + Math.cos(Math.PI * progress)));
    }

    /** s · norm(I) norm(T)ᵀ with the learned scale s = exp(logit_scale), [batch, batch]. */
    public static NDArray logits(Clip clip, Batch b, NDArray logitScale) {
        NDArray img = Clip.normalize(clip.encodeImage(b.images()));
        NDArray txt = Clip.normalize(clip.encodeText(b.tokens()));
        return img.matMul(txt.transpose()).mul(logitScale.exp());
    }

    /** ½ [CE(logits, diag) + CE(logitsᵀ, diag)]. */
    public static NDArray contrastiveLoss(NDArray logits) {
        return Scalar.div(crossEntropyOnDiagonal(logits).add(crossEntropyOnDiagonal(logits.transpose())), 2f);
    }

    // mean over rows of -log softmax(logits)[i, i]
    private static NDArray crossEntropyOnDiagonal(NDArray logits) {
        long n = logits.getShape().get(0);
        NDArray eye = logits.getManager().eye((int) n).toType(DataType.FLOAT32, false);
        return Scalar.div(logits.logSoftmax(1).mul(eye).sum().neg(), n);
    }

    private static void clampLogitScale(NDArray logitScale) {
        float max = (float) Math.log(100);
        if (logitScale.getFloat() > max) {
            try (NDScope s = new NDScope()) {
                logitScale.subi(logitScale.sub(max));
            }
        }
    }
}
