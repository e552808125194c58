package org.commakit.bench;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.commakit.KitException;
import org.commakit.data.Benchmarks;
import org.commakit.data.DatasetReader;
import org.commakit.data.DatasetSplits;
import org.commakit.plot.ResultPlots;
import org.commakit.protocol.Job;
import org.commakit.protocol.JobCostModel;
import org.commakit.protocol.Phase;
import org.commakit.protocol.Preset;
import org.commakit.protocol.Protocol;
import org.commakit.protocol.Reproduce;
import org.commakit.protocol.ReproduceOptions;
import org.commakit.protocol.ReproduceReport;
import org.commakit.protocol.ResultRow;
import org.commakit.protocol.ResultStore;
import org.commakit.train.Method;
import org.commakit.train.TrainConfig;

/**
 * {@code ./kit rehearse}: the full preset end to end on stand-ins of the real size (docs/reproduce.md#rehearsal).
 * Writes a random-weight ViT-B/16 and a data root of the 15 datasets in their real layouts ({@link RehearsalWorld}),
 * then runs {@link Reproduce} with {@link Preset#FULL} exactly as {@code ./kit reproduce --preset full} does, every
 * method, the three protocols, seed 1, the scale's shots and epochs, in one run (one CLIP, one feature cache) to the
 * tables beside the published numbers, and writes the plots. Each job's progress line gives what the process used
 * during the job (CPU time, wall time, peak RSS) to the job's method; the trainer's lines give the seconds per
 * training step. Last, the dry run's shape model is set against the wall times the results file recorded.
 */
public final class Rehearsal {
    private Rehearsal() {}

    /** The file of per-method figures under the output folder. */
    public static final String FIGURES = "rehearsal.csv";
    /** The checkpoint under the output folder. */
    public static final String CHECKPOINT = "ViT-B-16.safetensors";
    /** The seed of the random weights. */
    static final long WEIGHTS_SEED = 16;
    /** The version of {@link RehearsalWorld}'s data root (2: test images for every other class, scale permitting). */
    static final int WORLD_VERSION = 2;

    /** What one method's part of the rehearsal measured. */
    public record Figures(Method method, int jobs, int trainings, int steps, double secondsPerStep,
                          double minSecondsPerStep, double maxSecondsPerStep, double cpuSecondsPerStep,
                          long startRssMb, long peakRssMb,
                          boolean peakIsOwn, double cpuSeconds, double wallSeconds, double trainWall,
                          double trainEstimate, double testWall, double testEstimate) {}

    /** Runs the rehearsal into {@code out}; returns the figures per method (also in {@code out/rehearsal.csv}). */
    public static List<Figures> run(Path out, RehearsalWorld.Scale scale, boolean verbose, PrintStream print)
            throws IOException {
        out = out.toAbsolutePath().normalize();
        Path data = out.resolve("data");
        Path checkpoint = out.resolve(CHECKPOINT);
        Path results = out.resolve("results");
        prepare(out, data, checkpoint, scale, print);

        List<Method> methods = List.of(Method.values());
        TrainerLines trainerLines = new TrainerLines(verbose ? print : null);
        ReproduceOptions all = ReproduceOptions.builder(Preset.FULL).protocols(EnumSet.allOf(Protocol.class))
                .methods(methods).seeds(List.of(1)).overrides(scale.overrides()).out(results)
                .world(data, checkpoint, null).trainingLog(new PrintStream(trainerLines, true, StandardCharsets.UTF_8))
                .build();
        print.printf("The same run from the command line: COMMA_CLIP=%s ./kit reproduce --preset full --protocol all "
                + "--methods %s --seeds 1 %s --data %s --out %s%n", checkpoint, methods.stream().map(Method::id)
                .collect(Collectors.joining(",")), scale.overrides().stream().map(o -> "--set " + o)
                .collect(Collectors.joining(" ")), data, results);

        // One run of every method, as the command above: one CLIP, one feature cache, the jobs in the matrix's
        // order. Each progress line of a finished job gives that job's CPU time, wall time and peak RSS to its method.
        System.gc(); // the checkpoint's write buffers out of the heap before the first peak is taken
        JobLines jobLines = new JobLines(print);
        long wall0 = System.nanoTime();
        ReproduceReport report = Reproduce.run(all, new PrintStream(jobLines, true, StandardCharsets.UTF_8));
        double runSeconds = (System.nanoTime() - wall0) / 1e9;
        List<Path> plots = ResultPlots.write(report, results.resolve("plots"));
        print.printf("Wrote %d plots under %s.%n", plots.size(), results.resolve("plots"));

        List<Figures> figures = figures(all, data, methods, jobLines.perMethod(), trainerLines.perMethod());
        if (figures.stream().allMatch(f -> f.jobs() == 0)) {
            print.printf("Nothing ran: %s holds every job's result. Delete it (or give another --out) to measure "
                    + "again.%n", results);
        }
        print.print(render(figures, scale, all, runSeconds));
        write(out.resolve(FIGURES), figures);
        return figures;
    }

    /** Writes the checkpoint and the data root unless {@code out} already holds those of this scale. */
    private static void prepare(Path out, Path data, Path checkpoint, RehearsalWorld.Scale scale, PrintStream print)
            throws IOException {
        Path marker = out.resolve("rehearsal.properties");
        String expected = "scale=" + scale.name() + "\nweights_seed=" + WEIGHTS_SEED + "\nworld=" + WORLD_VERSION
                + "\n";
        if (Files.isRegularFile(marker)) {
            String found = Files.readString(marker);
            if (!found.equals(expected)) {
                throw new KitException("--out " + out + " holds a rehearsal of another scale or an older world ("
                        + marker + ": " + found.strip().replace('\n', ' ') + "); give another --out, or delete that "
                        + "folder");
            }
            print.printf("Rehearsal world of scale %s already in %s%n", scale.name(), out);
            return;
        }
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new KitException("--out " + out + " is a file, not a folder; give a folder for the rehearsal");
        }
        Files.createDirectories(out);
        long t0 = System.nanoTime();
        RehearsalWorld.writeCheckpoint(checkpoint, WEIGHTS_SEED);
        double ckptSeconds = (System.nanoTime() - t0) / 1e9;
        t0 = System.nanoTime();
        int images = RehearsalWorld.writeData(data, scale);
        print.printf(Locale.ROOT, "Wrote a random-weight ViT-B/16 (%d MB, %.1f s) and a data root of 15 datasets, "
                + "%d classes each, %d images (%.1f s), under %s%n", Files.size(checkpoint) >> 20, ckptSeconds,
                scale.classes(), images, (System.nanoTime() - t0) / 1e9, out);
        Files.writeString(marker, expected);
    }

    /** Resets the process's peak RSS to its current RSS (Linux 4.0+); false where that is not possible. */
    static boolean resetPeakRss() {
        try {
            Files.writeString(Path.of("/proc/self/clear_refs"), "5");
            return true;
        } catch (IOException | SecurityException e) {
            return false;
        }
    }

    private static long cpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return -1;
    }

    private static List<Figures> figures(ReproduceOptions all, Path data, List<Method> methods,
            Map<String, JobLines.Usage> usage, Map<String, List<double[]>> steps) {
        Map<String, int[]> sizes = new LinkedHashMap<>();
        for (String name : Benchmarks.names()) {
            DatasetReader reader = Benchmarks.get(name);
            DatasetSplits s = reader.read(data);
            sizes.put(name, new int[] {s.numClasses(), s.test().size()});
        }
        Map<Job, Double> estimates = Reproduce.shapeEstimates(all, sizes);
        List<ResultRow> rows = ResultStore.read(all.resultsFile());
        List<Figures> out = new ArrayList<>();
        for (Method m : methods) {
            double trainWall = 0;
            double testWall = 0;
            for (ResultRow r : rows) {
                if (r.method() == m) {
                    if (r.phase().isTraining()) {
                        trainWall += r.wallSeconds();
                    } else {
                        testWall += r.wallSeconds();
                    }
                }
            }
            double trainEstimate = 0;
            double testEstimate = 0;
            int modelSteps = 0;
            for (Map.Entry<Job, Double> e : estimates.entrySet()) {
                Job job = e.getKey();
                if (job.method() != m) {
                    continue;
                }
                if (job.phase().isTraining()) {
                    trainEstimate += e.getValue();
                    boolean crossDataset = job.phase() == Phase.TRAIN_ALL;
                    TrainConfig c = all.trainConfig(m, crossDataset, job.dataset(), job.seed());
                    int[] size = sizes.get(job.dataset());
                    int classes = crossDataset ? size[0] : (size[0] + 1) / 2;
                    modelSteps += (int) JobCostModel.trainingSteps(c.epochs(), c.shots() * classes, c.batchSize());
                } else {
                    testEstimate += e.getValue();
                }
            }
            List<double[]> mine = steps.getOrDefault(m.id(), List.of()); // {steps, ms per step} per training
            int trainings = mine.size();
            int stepCount = 0;
            double ms = 0;
            double min = Double.NaN;
            double max = Double.NaN;
            for (double[] t : mine) {
                stepCount += (int) t[0];
                ms += t[0] * t[1];
                min = Double.isNaN(min) ? t[1] : Math.min(min, t[1]);
                max = Double.isNaN(max) ? t[1] : Math.max(max, t[1]);
            }
            JobLines.Usage u = usage.getOrDefault(m.id(), new JobLines.Usage());
            boolean oneThread = "1".equals(System.getProperty("ai.djl.pytorch.num_threads"));
            double cpuPerStep = stepCount == 0 || !oneThread || u.trainingThreadCpu == 0 ? Double.NaN
                    : u.trainingThreadCpu / 1e9 / stepCount;
            out.add(new Figures(m, u.jobs, trainings, stepCount, stepCount == 0 ? Double.NaN : ms / stepCount / 1e3,
                    min / 1e3, max / 1e3, cpuPerStep, u.startRssKb >> 10, u.peakRssKb >> 10, u.peakIsOwn,
                    u.cpu / 1e9, u.wall / 1e9,
                    trainWall, trainEstimate, testWall, testEstimate));
            if (stepCount > 0 && modelSteps != stepCount) {
                throw new IllegalStateException(m.id() + ": the trainer ran " + stepCount + " steps, the dry run's "
                        + "model counts " + modelSteps);
            }
        }
        return out;
    }

    /** The per-method table and the dry run's model beside the measurements. */
    static String render(List<Figures> figures, RehearsalWorld.Scale scale, ReproduceOptions all,
            double runSeconds) {
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "%nRehearsal (%s): ViT-B/16 shapes (224 px, 77 tokens, widths 768/512, "
                + "depth 9 base-to-new and 3 cross-dataset), %d shot(s), %d epoch(s), seed 1; libtorch threads %s, "
                + "%d cores%n", scale.name(), scale.shots(), scale.epochs(), System.getProperty(
                "ai.djl.pytorch.num_threads", "default"), Runtime.getRuntime().availableProcessors()));
        b.append(String.format(Locale.ROOT, "%-12s %4s %5s %6s %8s %15s %10s %17s %8s %8s %22s %22s%n", "method",
                "jobs", "train", "steps", "s/step", "(min-max)", "CPU s/step", "RSS before → peak", "CPU s", "wall s",
                "train s: run / model", "test s: run / model"));
        for (Figures f : figures) {
            b.append(String.format(Locale.ROOT, "%-12s %4d %5d %6d %8s %15s %10s %7d → %5d MB%s %8.1f %8.1f %10.1f / "
                    + "%9.3f %10.1f / %9.3f%n", f.method().id(), f.jobs(), f.trainings(), f.steps(),
                    fixed(f.secondsPerStep()),
                    Double.isNaN(f.minSecondsPerStep()) ? "" : String.format(Locale.ROOT, "(%.2f-%.2f)",
                    f.minSecondsPerStep(), f.maxSecondsPerStep()), fixed(f.cpuSecondsPerStep()), f.startRssMb(),
                    f.peakRssMb(), f.peakIsOwn() ? " " : "*", f.cpuSeconds(), f.wallSeconds(), f.trainWall(),
                    f.trainEstimate(), f.testWall(), f.testEstimate()));
        }
        if (figures.stream().anyMatch(f -> !f.peakIsOwn())) {
            b.append("* peak RSS of the process so far (this system does not let it reset the peak)\n");
        }
        double run = figures.stream().mapToDouble(f -> f.trainWall() + f.testWall()).sum();
        double model = figures.stream().mapToDouble(f -> f.trainEstimate() + f.testEstimate()).sum();
        b.append(String.format(Locale.ROOT, "s/step: the trainer's wall-clock mean over each training's epoch "
                + "(first step included), weighted by steps. CPU s/step: CPU time of the thread that runs the "
                + "training jobs (with one libtorch thread, all of the tensor work; image decoding is on other "
                + "threads), whole job included (learner, frozen reference features, checkpoint), per step. RSS: "
                + "before the method's first job and the process's peak during its jobs (reset after every job). "
                + "CPU s (all threads) and wall s: the method's jobs, tests included; zero-shot CLIP's tests compute "
                + "the test images' features that CoOp, CoCoOp, KgCoOp and ProDA then take from the feature cache. "
                + "Model: the dry run's shape model for this data root (%s).%n", Reproduce.shapeModelProvenance(all)));
        b.append(String.format(Locale.ROOT, "All jobs: %.1f s measured on this CPU, %.1f s estimated by the dry run's "
                + "model (a GPU figure): measured / model = %.0f. The whole run (CLIP loaded once, tables): %.1f s.%n",
                run, model, model > 0 ? run / model : Double.NaN, runSeconds));
        for (Figures f : figures) {
            if (f.trainEstimate() > 0) {
                b.append(String.format(Locale.ROOT, "  %-12s training measured / model %6.0f, testing %6.0f%n",
                        f.method().id(), f.trainWall() / f.trainEstimate(), f.testWall() / f.testEstimate()));
            } else {
                b.append(String.format(Locale.ROOT, "  %-12s testing measured / model %6.0f%n", f.method().id(),
                        f.testWall() / f.testEstimate()));
            }
        }
        return b.toString();
    }

    private static void write(Path file, List<Figures> figures) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("method,jobs,trainings,steps,s_per_step,s_per_step_min,s_per_step_max,cpu_s_per_step,start_rss_mb,"
                + "peak_rss_mb,peak_is_own,cpu_s,wall_s,train_wall_s,train_model_s,test_wall_s,test_model_s");
        for (Figures f : figures) {
            lines.add(String.format(Locale.ROOT, "%s,%d,%d,%d,%s,%s,%s,%s,%d,%d,%b,%.2f,%.2f,%.2f,%.4f,%.2f,%.4f",
                    f.method().id(), f.jobs(), f.trainings(), f.steps(), num(f.secondsPerStep()),
                    num(f.minSecondsPerStep()), num(f.maxSecondsPerStep()), num(f.cpuSecondsPerStep()), f.startRssMb(),
                    f.peakRssMb(),
                    f.peakIsOwn(), f.cpuSeconds(), f.wallSeconds(), f.trainWall(), f.trainEstimate(), f.testWall(),
                    f.testEstimate()));
        }
        Files.write(file, lines, StandardCharsets.UTF_8);
    }

    private static String fixed(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "" : String.format(Locale.ROOT, "%.4f", v);
    }

    /**
     * The run's progress, passed on to {@code print}, and a meter between its lines. The lines are written by the
     * thread that runs the jobs, right after each job ({@code [i/n] CoOp/base2new/ImageNet/seed1/train-base ...}): what
     * the process used since the previous line (CPU time of all its threads, wall time, its peak RSS, reset at every
     * line through {@code /proc/self/clear_refs}) is that job's and goes to its method, and so does, for a training
     * job, the CPU time of the job thread. The line before the first job is the one that follows the CLIP's loading.
     */
    static final class JobLines extends OutputStream {
        private static final Pattern JOB = Pattern.compile("^\\[\\d+/\\d+\\] ([^/\\s]+)/\\S+/([a-z]+)-[a-z]+\\s");
        private final PrintStream print;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final Map<String, Usage> perMethod = new LinkedHashMap<>();
        private boolean started;
        private boolean ownPeak;
        private long lastRssKb;
        private long lastCpu;
        private long lastThreadCpu;
        private long lastWall;

        /** What one method's jobs used. */
        static final class Usage {
            int jobs;
            long cpu; // ns, all threads
            long wall; // ns
            long trainingThreadCpu; // ns, the job thread during training jobs
            long startRssKb = -1; // RSS before the method's first job
            long peakRssKb = -1;
            boolean peakIsOwn = true;
        }

        JobLines(PrintStream print) {
            this.print = print;
        }

        @Override
        public synchronized void write(int b) {
            if (b != '\n') {
                line.write(b);
                return;
            }
            String text = line.toString(StandardCharsets.UTF_8);
            line.reset();
            long threadCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            long cpu = cpuNanos();
            long wall = System.nanoTime();
            Matcher m = JOB.matcher(text);
            if (started && m.find()) {
                Usage u = perMethod.computeIfAbsent(m.group(1), k -> new Usage());
                u.jobs++;
                u.cpu += cpu - lastCpu;
                u.wall += wall - lastWall;
                if (m.group(2).equals("train")) {
                    u.trainingThreadCpu += threadCpu - lastThreadCpu;
                }
                if (u.startRssKb < 0) {
                    u.startRssKb = lastRssKb;
                }
                u.peakRssKb = Math.max(u.peakRssKb, TrainStepBenchmark.rss("VmHWM"));
                u.peakIsOwn &= ownPeak;
            }
            print.println(text);
            started = true;
            ownPeak = resetPeakRss();
            lastRssKb = TrainStepBenchmark.rss("VmRSS");
            lastCpu = cpuNanos();
            lastThreadCpu = ManagementFactory.getThreadMXBean().getCurrentThreadCpuTime();
            lastWall = System.nanoTime();
        }

        synchronized Map<String, Usage> perMethod() {
            return perMethod;
        }
    }

    /**
     * The trainer's progress lines ({@code [CoOp] epoch 1/1  step 2/2 ... 540 ms/step ...}), kept per method: the
     * end-of-epoch line gives the epoch's steps and its mean ms per step. Echoed to {@code echo} when given.
     */
    static final class TrainerLines extends OutputStream {
        private static final Pattern LINE = Pattern.compile("^\\[(\\S+)\\] epoch \\d+/\\d+\\s+step (\\d+)/(\\d+)\\s.*?"
                + "\\s([0-9.]+) ms/step");
        private final PrintStream echo;
        private final ByteArrayOutputStream line = new ByteArrayOutputStream();
        private final Map<String, List<double[]>> perMethod = new LinkedHashMap<>();

        TrainerLines(PrintStream echo) {
            this.echo = echo;
        }

        @Override
        public synchronized void write(int b) {
            if (b == '\n') {
                String text = line.toString(StandardCharsets.UTF_8);
                line.reset();
                if (echo != null) {
                    echo.println(text);
                }
                Matcher m = LINE.matcher(text);
                if (m.find() && m.group(2).equals(m.group(3))) {
                    perMethod.computeIfAbsent(m.group(1), k -> new ArrayList<>())
                            .add(new double[] {Integer.parseInt(m.group(3)), Double.parseDouble(m.group(4))});
                }
            } else {
                line.write(b);
            }
        }

        synchronized Map<String, List<double[]>> perMethod() {
            return perMethod;
        }
    }
}
