package org.commakit.protocol;

import org.commakit.train.Method;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Estimated seconds per job, for the dry run ({@link DryRun}). The kit invents no cost: the figures come from the
 * caller, in one of two ways.
 * <ul>
 *   <li>{@link #perStep}: seconds per step times steps. Seconds per training step and per test batch are measured
 *       on the machine that will run the jobs, with the step benchmark under {@code org.commakit.bench}, for the
 *       method and the class count (the text encoder runs on every class prompt each step, docs/official-code-notes.md#cost-of-a-step). Training
 *       steps come from the method's recipe and the few-shot train set ({@link #trainingSteps}); test steps are
 *       the test split size (from the dataset reader) divided by the test batch size.</li>
 *   <li>{@link #fromHistory}: what the same job took for another seed, read from the result store's {@code wall_s}
 *       column; this is how a resumed run estimates what is left.</li>
 * </ul>
 */
@FunctionalInterface
public interface JobCostModel {

    /** Estimated seconds for {@code job}, or empty when no figure is known for it. */
    OptionalDouble seconds(Job job);

    /** No figure for any job. */
    static JobCostModel unknown() {
        return job -> OptionalDouble.empty();
    }

    /**
     * {@code secondsPerStep(job) * steps(job)}. A function returns a negative number or NaN when it has no figure for
     * the job; the estimate is then empty.
     */
    static JobCostModel perStep(ToDoubleFunction<Job> secondsPerStep, ToLongFunction<Job> steps) {
        return job -> {
            double perStep = secondsPerStep.applyAsDouble(job);
            long n = steps.applyAsLong(job);
            return perStep >= 0 && n >= 0 ? OptionalDouble.of(perStep * n) : OptionalDouble.empty();
        };
    }

    /**
     * The mean {@code wall_s} of stored rows with the same method, protocol, dataset and phase (any seed); rows with
     * no wall time (NaN) are skipped.
     */
    static JobCostModel fromHistory(List<ResultRow> rows) {
        Map<String, double[]> sums = new HashMap<>();
        for (ResultRow r : rows) {
            if (!Double.isNaN(r.wallSeconds())) {
                double[] s = sums.computeIfAbsent(historyKey(r.method(), r.protocol(), r.dataset(), r.phase()),
                        k -> new double[2]);
                s[0] += r.wallSeconds();
                s[1] += 1;
            }
        }
        return job -> {
            double[] s = sums.get(historyKey(job.method(), job.protocol(), job.dataset(), job.phase()));
            return s == null ? OptionalDouble.empty() : OptionalDouble.of(s[0] / s[1]);
        };
    }

    /** This model's figure when it has one, else {@code fallback}'s. */
    default JobCostModel orElse(JobCostModel fallback) {
        return job -> {
            OptionalDouble mine = seconds(job);
            return mine.isPresent() ? mine : fallback.seconds(job);
        };
    }

    /**
     * Optimizer steps of one training job: {@code epochs * floor(trainImages / batchSize)}, one step per epoch when the
     * few-shot set is smaller than a batch (Dassl drops the last partial batch only when a full one exists). For 16
     * shots of N classes and batch 4 this is the docs/official-code-notes.md#cost-of-a-step figure {@code floor(16 N / 4)} per epoch.
     */
    static long trainingSteps(int epochs, int trainImages, int batchSize) {
        if (epochs < 0 || trainImages < 1 || batchSize < 1) {
            throw new IllegalArgumentException("trainingSteps needs epochs >= 0, trainImages >= 1, batchSize >= 1; got "
                    + epochs + ", " + trainImages + ", " + batchSize + ".");
        }
        return (long) epochs * Math.max(1, trainImages / batchSize);
    }

    private static String historyKey(Method m, Protocol p, String dataset, Phase phase) {
        return m.id() + "/" + p.id() + "/" + dataset + "/" + phase.id();
    }
}
