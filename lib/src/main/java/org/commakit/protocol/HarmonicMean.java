package org.commakit.protocol;

/** The base-to-new summary number (docs/data-protocol.md#evaluation): HM = 2 B N / (B + N), on seed-averaged accuracies. */
public final class HarmonicMean {

    private HarmonicMean() {}

    /**
     * The harmonic mean of a Base and a New accuracy; NaN when either is NaN, 0 when both are 0. For the reported
     * COMMA averages 82.42 / 75.87 this is 79.0108..., printed 79.01; the README's 79.04 is not reproduced on
     * purpose (docs/official-code-notes.md#the-reported-comma-hm).
     */
    public static double of(double base, double novel) {
        if (Double.isNaN(base) || Double.isNaN(novel)) {
            return Double.NaN;
        }
        double sum = base + novel;
        return sum == 0 ? 0 : 2 * base * novel / sum;
    }
}
