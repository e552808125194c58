package org.commakit.bench;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.function.IntFunction;
import java.util.stream.Stream;
import org.commakit.KitException;

/**
 * The main job ({@code ./kit reproduce}) timed twice in one session on the same machine (docs/reproduce.md#workers):
 * <b>before</b>, one process with one libtorch thread per core and no reuse of image features (the kit's former
 * default); <b>after</b>, the default: worker processes with one thread each and the feature cache. Each run is a
 * fresh {@code ./kit reproduce} into its own temporary folder on the same world. Prints the wall time, the CPU time
 * of the run's processes (Linux: the children's times the kernel adds up when they are waited for), the load average
 * before and after, and whether the two runs' tables are the same.
 */
public final class MainJobBenchmark {
    private MainJobBenchmark() {}

    /** What one configuration measured. */
    record Timing(String name, double wallSeconds, double cpuSeconds, String tables) {}

    /**
     * @param command the {@code ./kit} command of a run: {@code before} (0) or {@code after} (1), arguments to add
     * @param reproduceArgs the {@code reproduce} arguments both runs share (without {@code --out})
     */
    public static void run(IntFunction<List<String>> command, List<String> reproduceArgs, boolean keep,
            PrintStream out) throws IOException {
        Path dir = Files.createTempDirectory("kit-bench-reproduce");
        List<Timing> timings = new ArrayList<>();
        String[] names = {"before (1 process, " + Runtime.getRuntime().availableProcessors()
                + " libtorch threads, no feature reuse)", "after (default: worker processes, 1 thread each, "
                + "feature reuse)"};
        try {
            for (int i = 0; i < 2; i++) {
                Path runOut = dir.resolve(i == 0 ? "before" : "after");
                List<String> cmd = new ArrayList<>(command.apply(i));
                cmd.add("reproduce");
                cmd.addAll(reproduceArgs);
                cmd.addAll(List.of("--out", runOut.toString(), "--no-plots"));
                out.printf(Locale.ROOT, "%s: load average %s%n", names[i], loadAverage());
                out.flush();
                Path log = dir.resolve((i == 0 ? "before" : "after") + ".log");
                double cpu0 = childrenCpuSeconds();
                long t0 = System.nanoTime();
                Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
                int status;
                try {
                    status = p.waitFor();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    p.destroyForcibly();
                    throw new KitException("interrupted", e);
                }
                double wall = (System.nanoTime() - t0) / 1e9;
                double cpu = childrenCpuSeconds() - cpu0;
                if (status != 0) {
                    throw new KitException("the " + (i == 0 ? "before" : "after") + " run failed (exit " + status
                            + "); its output: " + log + (keep ? "" : " (kept)"));
                }
                timings.add(new Timing(names[i], wall, cpu, tables(runOut)));
                out.printf(Locale.ROOT, "  wall %.1f s (%.2f min), CPU %s, load average after %s%n", wall, wall / 60,
                        Double.isNaN(cpu) ? "n/a" : String.format(Locale.ROOT, "%.1f s (%.0f %% of the wall time)",
                                cpu, 100 * cpu / wall), loadAverage());
                out.flush();
            }
            Timing before = timings.get(0);
            Timing after = timings.get(1);
            out.printf(Locale.ROOT, "after / before: wall %.2fx (speed-up %.2fx); the same tables: %s%n",
                    after.wallSeconds() / before.wallSeconds(), before.wallSeconds() / after.wallSeconds(),
                    before.tables().equals(after.tables()) ? "yes" : "NO (see " + dir + ")");
            if (keep || !before.tables().equals(after.tables())) {
                out.println("runs kept in " + dir);
            }
        } finally {
            if (!keep && timings.size() == 2 && timings.get(0).tables().equals(timings.get(1).tables())) {
                deleteTree(dir);
            }
        }
    }

    private static String tables(Path out) throws IOException {
        StringBuilder s = new StringBuilder();
        for (String t : List.of("base2new", "xd", "dg")) {
            Path f = out.resolve("tables").resolve(t + ".csv");
            s.append(Files.isRegularFile(f) ? Files.readString(f) : "").append('\n');
        }
        return s.toString();
    }

    /** The CPU seconds of this process's waited-for children ({@code /proc/self/stat} cutime + cstime); NaN elsewhere. */
    static double childrenCpuSeconds() {
        try {
            String stat = Files.readString(Path.of("/proc/self/stat"), StandardCharsets.US_ASCII);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            // fields after the name: state(3) ... utime(14) stime(15) cutime(16) cstime(17), here 0-based from 3
            long ticks = Long.parseLong(f[16 - 3]) + Long.parseLong(f[17 - 3]);
            return ticks / 100.0; // USER_HZ is 100 on Linux
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    private static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            return f[0] + " " + f[1] + " " + f[2] + " (1, 5, 15 min) on " + Runtime.getRuntime().availableProcessors()
                    + " cores";
        } catch (IOException | RuntimeException e) {
            return "n/a";
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(q);
            }
        }
    }
}
