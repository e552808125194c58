package org.commakit.protocol;

import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.function.Predicate;

/**
 * What a run would do, without doing it: the job list with each job's status and estimated time, the counts per
 * protocol and phase, and the total time still to spend. Estimates come from a {@link JobCostModel}; jobs without a
 * figure are counted and reported, never guessed.
 */
public final class DryRun {

    private DryRun() {}

    /**
     * The dry-run report.
     *
     * @param matrix the jobs to report (usually one shard of the full matrix)
     * @param costs where the time figures come from
     * @param done which jobs already have a result (e.g. {@code store::has}); they are listed but not counted in the
     *     time to run
     */
    public static String render(JobMatrix matrix, JobCostModel costs, Predicate<Job> done) {
        return render(matrix, costs, done, 1);
    }

    /**
     * As {@link #render(JobMatrix, JobCostModel, Predicate)}, with the wall time the run's {@code workers} worker
     * processes would take besides the work itself (the work divided among them; a run's last chains can leave a
     * worker idle, so it is a lower bound).
     */
    public static String render(JobMatrix matrix, JobCostModel costs, Predicate<Job> done, int workers) {
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "%5s %5s  %-4s %10s  %s%n", "#", "chain", "done", "estimate", "job"));
        int index = 0;
        int doneCount = 0;
        int withoutFigure = 0;
        double toRunSeconds = 0;
        for (JobMatrix.Chain chain : matrix.chains()) {
            for (Job job : chain.jobs()) {
                boolean isDone = done.test(job);
                OptionalDouble estimate = costs.seconds(job);
                out.append(String.format(Locale.ROOT, "%5d %5d  %-4s %10s  %s%n", index++, chain.index(),
                        isDone ? "yes" : "", estimate.isPresent() ? duration(estimate.getAsDouble()) : "?", job));
                if (isDone) {
                    doneCount++;
                } else if (estimate.isPresent()) {
                    toRunSeconds += estimate.getAsDouble();
                } else {
                    withoutFigure++;
                }
            }
        }
        out.append(System.lineSeparator()).append("Jobs per protocol and phase:").append(System.lineSeparator());
        for (Map.Entry<Protocol, Map<Phase, Integer>> p : matrix.counts().entrySet()) {
            for (Map.Entry<Phase, Integer> ph : p.getValue().entrySet()) {
                out.append(String.format(Locale.ROOT, "  %-9s %-12s %5d%n", p.getKey().id(), ph.getKey().id(),
                        ph.getValue()));
            }
        }
        int total = matrix.size();
        int toRun = total - doneCount;
        out.append(String.format(Locale.ROOT, "Total: %d jobs in %d chains; %d done, %d to run.%n", total,
                matrix.chains().size(), doneCount, toRun));
        out.append(String.format(Locale.ROOT, "Estimated time to run: %s for %d jobs with a cost figure",
                duration(toRunSeconds), toRun - withoutFigure));
        if (workers > 1) {
            out.append(String.format(Locale.ROOT, " (of work; with %d worker processes about %s of wall time)",
                    workers, duration(toRunSeconds / workers)));
        }
        out.append(withoutFigure == 0 ? "." : "; " + withoutFigure + " jobs have no figure and are not counted.");
        out.append(System.lineSeparator());
        return out.toString();
    }

    /** {@code 42.0 s}, {@code 12.5 min}, {@code 3 h 07 min}. */
    static String duration(double seconds) {
        if (seconds < 60) {
            return String.format(Locale.ROOT, "%.1f s", seconds);
        }
        if (seconds < 3600) {
            return String.format(Locale.ROOT, "%.1f min", seconds / 60);
        }
        long minutes = Math.round(seconds / 60);
        return String.format(Locale.ROOT, "%d h %02d min", minutes / 60, minutes % 60);
    }
}
