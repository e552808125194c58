package org.commakit.protocol;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.IntFunction;
import org.commakit.KitException;

/**
 * How {@code ./kit reproduce} spreads a shard over the machine's cores: {@code count} worker processes, each a JVM
 * with one libtorch thread, sharing the results folder as {@code --shard} processes do (docs/reproduce.md#workers).
 *
 * <p>The parent ({@link #run}) holds the shard's lock, hands out whole chains (a training and the tests that load
 * its checkpoint), longest first, to whichever worker is idle, and prints the progress lines; a worker
 * ({@link Reproduce#serve}) runs the jobs of each chain it is handed that have no row yet and appends their rows
 * itself ({@link ResultStore} serialises the appends). Every job depends only on its own seeds, so the rows are those
 * of a one-process run whatever the assignment. A worker whose parent dies (its input ends without {@code quit})
 * stops at once, as if killed: the same command then resumes from the results folder, as after a crash of one
 * process. A worker that fails stops the others; its one-line error is the run's.
 *
 * <p>The protocol, one line each: parent to worker {@code chain N} (N the chain's number in the full matrix) or
 * {@code quit}; worker to parent {@code @@done JOB-ID} after each stored row and {@code @@idle} after each chain.
 * Any other line a worker prints (its {@code --verbose} training log) is passed on with the worker's tag.
 *
 * @param count worker processes (2 or more; 1 runs in the calling process)
 * @param launcher the process of worker {@code i} (0-based), ready to start: the same command in worker mode
 */
public record Workers(int count, IntFunction<ProcessBuilder> launcher) {

    /** The line a worker prints after each stored row, followed by the job id. */
    static final String DONE = "@@done ";
    /** The line a worker prints when it has finished the chain it was handed. */
    static final String IDLE = "@@idle";

    public Workers {
        if (count < 1) {
            throw new KitException("--workers " + count + ": give 1 or more worker processes (default: one per core)");
        }
    }

    /** One process: jobs run in the caller. */
    public static Workers one() {
        return new Workers(1, i -> {
            throw new IllegalStateException("one worker runs in the calling process");
        });
    }

    /** The default count: {@code -Dcomma.workers} / {@code COMMA_WORKERS} when set, else one per core. */
    public static int defaultCount() {
        String s = System.getProperty("comma.workers", System.getenv("COMMA_WORKERS"));
        if (s != null && !s.isBlank()) {
            try {
                int n = Integer.parseInt(s.strip());
                if (n >= 1) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // refused below
            }
            throw new KitException("comma.workers / COMMA_WORKERS is '" + s + "'; give a whole number of worker "
                    + "processes, 1 or more, or unset it for one per core");
        }
        return Runtime.getRuntime().availableProcessors();
    }

    private record Event(int worker, String line, boolean end) {}

    /** Runs {@code chains} (the shard's chains with jobs left) on the workers; returns when all are stored. */
    void run(ReproduceOptions options, ResultStore store, List<JobMatrix.Chain> chains, ReproduceProgress lines,
            JobCostModel estimate, PrintStream progress) {
        Map<Integer, JobMatrix.Chain> byNumber = new HashMap<>();
        chains.forEach(c -> byNumber.put(c.index(), c));
        Map<String, Job> jobsById = new HashMap<>();
        chains.forEach(c -> c.jobs().forEach(j -> jobsById.put(j.id(), j)));
        // longest first: the last chains to end are short ones, so the workers finish close together
        Deque<JobMatrix.Chain> queue = new ArrayDeque<>(chains.stream().sorted(Comparator.comparingDouble(
                (JobMatrix.Chain c) -> -c.jobs().stream().mapToDouble(j -> estimate.seconds(j).orElse(0)).sum())
                .thenComparingInt(JobMatrix.Chain::index)).toList());
        int n = Math.min(count, chains.size());
        progress.printf("%d worker processes, one libtorch thread each (--workers %d; --workers 1 runs in one "
                + "process)%n", n, count);
        BlockingQueue<Event> events = new LinkedBlockingQueue<>();
        List<Process> processes = new ArrayList<>();
        List<Writer> inputs = new ArrayList<>();
        List<List<String>> errors = new ArrayList<>();
        List<Thread> errorPumps = new ArrayList<>();
        boolean done = false;
        try {
            for (int w = 0; w < n; w++) {
                Process p;
                try {
                    p = launcher.apply(w).redirectInput(ProcessBuilder.Redirect.PIPE)
                            .redirectOutput(ProcessBuilder.Redirect.PIPE)
                            .redirectError(ProcessBuilder.Redirect.PIPE).start();
                } catch (IOException e) {
                    throw KitException.io("start worker process " + (w + 1), e, "run with --workers 1");
                }
                processes.add(p);
                inputs.add(new java.io.OutputStreamWriter(p.getOutputStream(), StandardCharsets.UTF_8));
                List<String> err = java.util.Collections.synchronizedList(new ArrayList<>());
                errors.add(err);
                final int worker = w;
                pump(p.getInputStream(), line -> events.add(new Event(worker, line, false)),
                        () -> events.add(new Event(worker, null, true)));
                errorPumps.add(pump(p.getErrorStream(), line -> {
                    if (line.startsWith("kit reproduce: ")) {
                        err.add(line.substring("kit reproduce: ".length()));
                    } else {
                        err.add(line);
                        System.err.println("[w" + (worker + 1) + "] " + line);
                    }
                }, () -> {}));
                send(inputs.get(w), queue.isEmpty() ? "quit" : "chain " + queue.poll().index());
            }
            int running = n;
            while (running > 0) {
                Event e;
                try {
                    e = events.take();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new KitException("interrupted while the workers ran; the same command resumes", ie);
                }
                if (e.end) {
                    Process p = processes.get(e.worker);
                    int status = waitFor(p);
                    try {
                        errorPumps.get(e.worker).join(10_000); // its last line, the error, read to the end
                    } catch (InterruptedException ie) {
                        Thread.currentThread().interrupt();
                    }
                    if (status != 0) {
                        List<String> err = errors.get(e.worker);
                        String last = err.isEmpty() ? "exit status " + status : err.get(err.size() - 1);
                        throw new KitException(last.startsWith("job ") || status == 2 ? last : "worker process "
                                + (e.worker + 1) + " failed: " + last);
                    }
                    running--;
                } else if (e.line.startsWith(DONE)) {
                    Job job = jobsById.get(e.line.substring(DONE.length()));
                    ResultRow row = job == null ? null : store.find(job).orElse(null);
                    if (row != null) {
                        lines.finished(job, row);
                    }
                } else if (e.line.equals(IDLE)) {
                    send(inputs.get(e.worker), queue.isEmpty() ? "quit" : "chain " + queue.poll().index());
                } else {
                    progress.println("[w" + (e.worker + 1) + "] " + e.line);
                }
            }
            done = true;
        } finally {
            if (!done) {
                processes.forEach(Process::destroy); // mid-job: what a kill leaves, which a rerun resumes from
                processes.forEach(Workers::waitFor);
            }
        }
    }

    private static void send(Writer in, String line) {
        try {
            in.write(line + "\n");
            in.flush();
        } catch (IOException e) {
            // the worker ended; its exit is reported by its output's end
        }
    }

    private static int waitFor(Process p) {
        try {
            if (!p.waitFor(1, TimeUnit.MINUTES)) {
                p.destroyForcibly();
                return p.waitFor();
            }
            return p.exitValue();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            return -1;
        }
    }

    private static Thread pump(InputStream from, java.util.function.Consumer<String> line, Runnable end) {
        Thread t = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(from, StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    line.accept(l);
                }
            } catch (IOException e) {
                // the process ended
            } finally {
                end.run();
            }
        }, "kit-worker-output");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /**
     * The worker side of the protocol: reads {@code chain N} lines from {@code in} and runs each chain's jobs with
     * {@code runChain}, answering {@code @@idle}; returns at {@code quit}. When {@code in} ends without {@code quit}
     * (the parent died), the process halts at once, whatever job it is in, as a kill would stop it.
     */
    static void serve(InputStream in, PrintStream out, java.util.function.IntConsumer runChain) {
        BlockingQueue<String> commands = new LinkedBlockingQueue<>();
        Thread reader = new Thread(() -> {
            try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
                for (String l = r.readLine(); l != null; l = r.readLine()) {
                    commands.add(l.strip());
                    if (l.strip().equals("quit")) {
                        return;
                    }
                }
            } catch (IOException e) {
                // as the end of the input
            }
            out.flush();
            Runtime.getRuntime().halt(3); // the parent is gone: stop as a kill would
        }, "kit-worker-input");
        reader.setDaemon(true);
        reader.start();
        while (true) {
            String command;
            try {
                command = commands.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (command.equals("quit")) {
                return;
            }
            if (!command.startsWith("chain ")) {
                throw new KitException("worker mode: unknown command '" + command + "' (expected 'chain N' or "
                        + "'quit'); --worker is for the processes ./kit reproduce starts itself");
            }
            runChain.accept(Integer.parseInt(command.substring("chain ".length()).strip()));
            out.println(IDLE);
            out.flush();
        }
    }
}
