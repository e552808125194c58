package org.commakit.protocol;

import java.io.PrintStream;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The main job's progress lines: {@code [i/n] job, its result, seconds, elapsed, ETA}. The ETA of a job left comes from
 * finished jobs of other seeds (the results file), else the preset's shape model ({@link PromptCostModel}) scaled by
 * what this run's ended jobs took against what the model gave them (so a faster or slower machine, or a smaller data
 * root such as the rehearsal's, corrects it as the run goes), else this run's mean for its method and phase.
 */
final class ReproduceProgress {
    private final PrintStream out;
    private final List<Job> jobs;
    private final JobCostModel history;
    private final JobCostModel shapes;
    private final Map<String, double[]> thisRun = new HashMap<>(); // per method and phase: seconds, count
    private double endedSeconds; // wall seconds of the ended jobs that the shape model prices
    private double endedModel; // what the shape model gave those jobs
    private final long t0 = System.nanoTime();
    private final java.util.Set<Job> ended = new java.util.HashSet<>();
    private int processes = 1;

    ReproduceProgress(PrintStream out, List<Job> jobs, JobCostModel history, JobCostModel shapes) {
        this.out = out;
        this.jobs = jobs;
        this.history = history;
        this.shapes = shapes;
    }

    /** Jobs run side by side (worker processes): the time left is divided among them. */
    ReproduceProgress sharedBy(int processes) {
        this.processes = Math.max(1, processes);
        return this;
    }

    /** Prints the line of the {@code i}-th job (0-based) of the list, which ended with {@code row}. */
    void finished(int i, ResultRow row) {
        finished(jobs.get(i), row);
    }

    /** Prints the line of {@code job}, which ended with {@code row}; jobs may end in any order. */
    synchronized void finished(Job job, ResultRow row) {
        ended.add(job);
        double[] s = thisRun.computeIfAbsent(kind(job), k -> new double[2]);
        s[0] += row.wallSeconds();
        s[1]++;
        OptionalDouble model = shapes.seconds(job);
        if (model.isPresent() && model.getAsDouble() > 0) {
            endedSeconds += row.wallSeconds();
            endedModel += model.getAsDouble();
        }
        double left = 0;
        for (Job next : jobs) {
            if (!ended.contains(next)) {
                left += estimate(next);
            }
        }
        left /= processes;
        out.printf(Locale.ROOT, "[%d/%d] %-55s %s %7.1f s  elapsed %s  ETA %s%n", ended.size(), jobs.size(), job.id(),
                job.phase().isTraining() ? String.format(Locale.ROOT, "%-19s", "trained " + row.epochs() + " ep")
                        : String.format(Locale.ROOT, "acc %6.2f%% of %5d", row.accuracy(), row.nTest()),
                row.wallSeconds(), DryRun.duration((System.nanoTime() - t0) / 1e9), DryRun.duration(left));
    }

    double estimate(Job job) {
        OptionalDouble h = history.seconds(job);
        if (h.isPresent()) {
            return h.getAsDouble();
        }
        OptionalDouble model = shapes.seconds(job);
        if (model.isPresent()) {
            return endedModel > 0 ? model.getAsDouble() * endedSeconds / endedModel : model.getAsDouble();
        }
        double[] s = thisRun.get(kind(job));
        return s != null ? s[0] / s[1] : 0;
    }

    private static String kind(Job job) {
        return job.method().id() + "/" + job.phase().id();
    }
}
