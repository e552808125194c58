package org.commakit.train;

/**
 * The per-epoch learning rate of every reference config (Dassl's constant warm-up + cosine, COMMA.md §6.2): the
 * first {@code warmupEpochs} epochs run at {@code warmupLr}; then lr_e = base · (1 + cos(π (e - warmup) / maxEpoch))
 * / 2, the cosine started after the warm-up with T_max = maxEpoch, so it never reaches 0. Stepped once per epoch.
 */
public record LrSchedule(float baseLr, int maxEpoch, int warmupEpochs, float warmupLr) {

    /** The learning rate of epoch {@code epoch} (0-based). */
    public float at(int epoch) {
        if (epoch < warmupEpochs) {
            return warmupLr;
        }
        return (float) (baseLr * (1 + Math.cos(Math.PI * (epoch - warmupEpochs) / maxEpoch)) / 2);
    }
}
