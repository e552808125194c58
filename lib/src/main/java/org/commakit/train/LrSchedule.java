package org.commakit.train;

/**
 * The per-epoch learning rate of every reference config: Dassl's {@code ConstantWarmupScheduler} wrapping
 * {@code CosineAnnealingLR} with {@code WARMUP_RECOUNT} (docs/official-code-notes.md#optimiser-and-schedule). The first {@code warmupEpochs} epochs run at
 * the constant {@code warmupLr}; then the cosine starts at epoch 0 of its own count,
 *
 * <pre>
 *   lr_e = baseLr · (1 + cos(π · (e − warmupEpochs) / maxEpoch)) / 2,
 * </pre>
 *
 * with T_max = maxEpoch (not maxEpoch − warmupEpochs), so it never reaches 0: base-to-new (0.0035, 5 epochs) gives
 * 1e-5, 0.0035, 0.0031658, 0.0022908, 0.0012092. The schedule steps once per epoch, never per batch.
 */
public record LrSchedule(float baseLr, int maxEpoch, int warmupEpochs, float warmupLr) {

    public LrSchedule {
        if (!(baseLr > 0) || maxEpoch < 1 || warmupEpochs < 0 || !(warmupLr >= 0)) {
            throw new IllegalArgumentException("learning-rate schedule needs lr > 0, epochs >= 1, warm-up epochs >= 0"
                    + " and warm-up lr >= 0; got lr=" + baseLr + ", epochs=" + maxEpoch + ", warmupEpochs="
                    + warmupEpochs + ", warmupLr=" + warmupLr);
        }
    }

    /** The learning rate of epoch {@code epoch} (0-based). */
    public float at(int epoch) {
        if (epoch < 0) {
            throw new IllegalArgumentException("epoch " + epoch + " < 0");
        }
        if (epoch < warmupEpochs) {
            return warmupLr;
        }
        return (float) (baseLr * (1 + Math.cos(Math.PI * (epoch - warmupEpochs) / maxEpoch)) / 2);
    }

    /** The learning rates of all {@code maxEpoch} epochs, in order (what the progress lines will show). */
    public float[] table() {
        float[] lrs = new float[maxEpoch];
        for (int e = 0; e < maxEpoch; e++) {
            lrs[e] = at(e);
        }
        return lrs;
    }
}
