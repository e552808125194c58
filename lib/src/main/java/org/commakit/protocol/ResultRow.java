package org.commakit.protocol;

import org.commakit.train.Method;
import java.util.Objects;

/**
 * One finished job, as the result store keeps it.
 *
 * @param accuracy top-1 accuracy in percent over the whole test split (docs/data-protocol.md#evaluation); NaN for a training job that
 *     reports none
 * @param nTest number of test images the accuracy is over; 0 for a training job
 * @param wallSeconds the job's wall time in seconds; NaN when not measured
 * @param epochs training epochs of the checkpoint used (the recipe actually run); -1 when no checkpoint
 * @param shots shots per class of the checkpoint used; -1 when no checkpoint
 */
public record ResultRow(Method method, Protocol protocol, String dataset, int seed, Phase phase, double accuracy,
                        long nTest, double wallSeconds, int epochs, int shots) {

    /** Checks the job fields (as {@link Job}) and the ranges of the numbers. */
    public ResultRow {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(phase, "phase");
        Job.requireDatasetName(dataset, "dataset");
        String what = new ResultKey(method, protocol, dataset, seed, phase).toString();
        if (!Double.isNaN(accuracy) && !(accuracy >= 0 && accuracy <= 100)) {
            throw new IllegalArgumentException("Accuracy " + accuracy + " of " + what + " is not a percentage in "
                    + "[0, 100].");
        }
        if (!phase.isTraining() && (Double.isNaN(accuracy) || nTest < 1)) {
            throw new IllegalArgumentException("The test result " + what + " needs an accuracy and n_test >= 1; got "
                    + accuracy + " over " + nTest + " images.");
        }
        if (nTest < 0 || !(Double.isNaN(wallSeconds) || wallSeconds >= 0) || epochs < -1 || shots < -1) {
            throw new IllegalArgumentException("Result " + what + " has a negative count or time: n_test=" + nTest
                    + ", wall_s=" + wallSeconds + ", epochs=" + epochs + ", shots=" + shots + ".");
        }
    }

    /**
     * The result of a test job from its counts: accuracy = 100 * correct / total (micro top-1, docs/data-protocol.md#evaluation).
     */
    public static ResultRow tested(Job job, long correct, long total, double wallSeconds, int epochs, int shots) {
        if (total < 1 || correct < 0 || correct > total) {
            throw new IllegalArgumentException("Job " + job.id() + ": " + correct + " correct out of " + total
                    + " is not a valid count.");
        }
        return of(job, 100.0 * correct / total, total, wallSeconds, epochs, shots);
    }

    /** The record of a finished training job (no accuracy). */
    public static ResultRow trained(Job job, double wallSeconds, int epochs, int shots) {
        return of(job, Double.NaN, 0, wallSeconds, epochs, shots);
    }

    /** A row with the given numbers for {@code job}. */
    public static ResultRow of(Job job, double accuracy, long nTest, double wallSeconds, int epochs, int shots) {
        return new ResultRow(job.method(), job.protocol(), job.dataset(), job.seed(), job.phase(), accuracy, nTest,
                wallSeconds, epochs, shots);
    }

    /** The key shared with the job that produced this row. */
    public ResultKey key() {
        return new ResultKey(method, protocol, dataset, seed, phase);
    }
}
