package org.commakit.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.commakit.KitException;
import org.commakit.miniworld.MiniSchedule;
import org.commakit.plot.ResultPlots;
import org.commakit.protocol.Preset;
import org.commakit.protocol.Protocol;
import org.commakit.protocol.Reproduce;
import org.commakit.protocol.ReproduceOptions;
import org.commakit.protocol.ReproduceReport;
import org.commakit.protocol.RunFolder;
import org.commakit.protocol.Shard;
import org.commakit.protocol.Workers;
import org.commakit.train.Method;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ./kit reproduce}: the three protocols end to end ({@link Reproduce}), tables and plots. */
@Command(name = "reproduce", sortOptions = false, usageHelpAutoWidth = true,
        description = "Run the papers' protocols (base-to-new, cross-dataset, domain generalization): train, test, "
                + "write tables/*.csv and plots/*.html. Resumable: the same command again continues where it stopped.")
final class ReproduceCommand implements Callable<Integer> {

    @ParentCommand
    Kit kit;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Option(names = "--preset", paramLabel = "mini|full", description = "the mini world on the CPU, or ViT-B/16 and the "
            + "real datasets (default: -Dcomma.preset / COMMA_PRESET, else mini)")
    String preset;

    @Option(names = "--protocol", paramLabel = "P", defaultValue = "all",
            description = "base2new, xd, dg or all; several with commas (default: ${DEFAULT-VALUE})")
    String protocol;

    @Option(names = "--methods", paramLabel = "M,...", description = "ZeroShotCLIP, CoOp, CoCoOp, KgCoOp, MaPLe, "
            + "COMMA (default: the paper's five: ZeroShotCLIP, CoOp, CoCoOp, MaPLe, COMMA)")
    String methods;

    @Option(names = "--seeds", paramLabel = "1,2,3", defaultValue = "1,2,3",
            description = "seeds of the methods that train (default: ${DEFAULT-VALUE})")
    String seeds;

    @Option(names = "--shard", paramLabel = "i/n", defaultValue = "0/1",
            description = "run only the i-th of n parts of the job matrix, i from 0 (default: ${DEFAULT-VALUE})")
    String shard;

    @Option(names = "--datasets", paramLabel = "A,...", description = "only these base-to-new datasets and targets "
            + "(default: all of the preset)")
    String datasets;

    @Option(names = "--schedule", paramLabel = "short|papers", description = "the mini world's training schedule: "
            + "short (fewer shots and steps) or papers (16 shots, the reference epochs and batches; "
            + "docs/mini-world.md#the-papers-protocol) (default: -Dcomma.schedule / COMMA_SCHEDULE, else papers)")
    String schedule;

    @Option(names = "--set", paramLabel = "key=value", description = "change a training setting for every method "
            + "(repeatable), e.g. --set epochs=1")
    List<String> overrides = new ArrayList<>();

    @Option(names = "--out", paramLabel = "DIR", description = "results, checkpoints, tables and plots "
            + "(default: results/<preset>)")
    Path out;

    @Option(names = "--data", paramLabel = "DIR", description = "use this data root (or mini world) as it is, "
            + "instead of the preset's")
    Path data;

    @Option(names = "--dry-run", description = "list the jobs with a time estimate; run nothing, needs no data or "
            + "weights")
    boolean dryRun;

    @Option(names = "--retrain", paramLabel = "JOB", description = "train this job again from scratch (repeatable): "
            + "drops its result row, the rows of the tests that load its checkpoint and its run folder, then runs; "
            + "the way out of a damaged checkpoint. JOB as --dry-run lists it, e.g. "
            + "COMMA/base2new/MiniShapes/seed1/train-base")
    List<String> retrain = new ArrayList<>();

    @Option(names = "--workers", paramLabel = "N", description = "worker processes, one libtorch thread each, over "
            + "the job chains; 1 runs everything in this process with KIT_THREADS threads (default: -Dcomma.workers / "
            + "COMMA_WORKERS, else one per core; 1 on a GPU)")
    Integer workers;

    @Option(names = "--worker", hidden = true, paramLabel = "N", description = "internal: be one of the N worker "
            + "processes of a ./kit reproduce, reading the chains to run from standard input")
    Integer workerOf;

    @Option(names = "--no-plots", description = "skip the HTML plots")
    boolean noPlots;

    @Option(names = "--verbose", description = "print the trainer's progress lines")
    boolean verbose;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
    boolean help;

    @Override
    public Integer call() throws IOException {
        if (workers != null && workers < 1) { // refused before anything runs, a dry run included
            throw new KitException("--workers " + workers + ": give 1 or more worker processes (default: one per core)");
        }
        ReproduceOptions options = options(kit.out);
        if (dryRun) {
            if (!retrain.isEmpty()) {
                throw new KitException("--retrain changes the results folder and --dry-run writes nothing; drop one "
                        + "of the two");
            }
            // the mini figures are CPU seconds of one worker, so the workers divide them; the full preset's come from
            // one GPU, which its workers share
            kit.out.print(Reproduce.dryRun(options, options.preset() == Preset.MINI ? workerCount(options) : 1));
            return 0;
        }
        if (workerOf != null) {
            Reproduce.serve(options, workerOf, System.in, kit.out);
            return 0;
        }
        if (!retrain.isEmpty()) {
            RunFolder.retrain(options, retrain, kit.out);
        }
        ReproduceReport report = Reproduce.run(options, kit.out, workers(options));
        if (!noPlots) {
            Path plots = options.out().resolve("plots");
            List<Path> pages;
            try {
                pages = ResultPlots.write(report, plots);
            } catch (IOException | UncheckedIOException e) {
                throw KitException.io("write the plots under " + plots + " (results and tables are written; the "
                        + "same command draws the plots again)", e instanceof IOException io ? io
                        : ((UncheckedIOException) e).getCause(), "");
            }
            kit.out.printf("Wrote %d plots under %s.%n", pages.size(), plots);
        }
        return 0;
    }

    /** How many worker processes this run uses (see {@link #workers}). */
    int workerCount(ReproduceOptions options) {
        int n = workers != null ? workers : Workers.defaultCount();
        if (workers == null && n > 1 && options.preset() == Preset.FULL && gpuVisible()) {
            n = 1;
        }
        return n;
    }

    /**
     * The worker processes of this run: {@code --workers}, else the default (one per core, one on a GPU, where the
     * device, not the cores, sets the pace). Each is this command again in worker mode, in a JVM like this one with
     * one libtorch thread (docs/reproduce.md#workers).
     */
    Workers workers(ReproduceOptions options) {
        int n = workerCount(options);
        if (n == 1) {
            return Workers.one();
        }
        List<String> jvm = kitCommand(1, List.of());
        jvm.add("reproduce");
        jvm.addAll(workerArguments());
        jvm.addAll(List.of("--worker", Integer.toString(n)));
        return new Workers(n, i -> new ProcessBuilder(jvm));
    }

    /**
     * {@code ./kit} as this JVM was started (its options, classpath, main class), with {@code threads} libtorch threads
     * and the extra JVM options {@code extra}; the command's arguments are to be added.
     */
    static List<String> kitCommand(int threads, List<String> extra) {
        List<String> jvm = new ArrayList<>();
        jvm.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        for (String a : java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (!a.startsWith("-Dai.djl.pytorch.num_threads=") && !a.startsWith("-Dai.djl.pytorch.num_interop_threads=")
                    && !a.startsWith("-Dcomma.workers=") && !a.startsWith("-Dcomma.featureCache=")) {
                jvm.add(a);
            }
        }
        jvm.addAll(extra);
        jvm.addAll(List.of("-Dai.djl.pytorch.num_threads=" + threads, "-Dai.djl.pytorch.num_interop_threads=1", "-cp",
                System.getProperty("java.class.path"), Kit.class.getName()));
        return jvm;
    }

    /** This command's arguments less those of the parent alone (workers, retraining, plots, dry run). */
    private List<String> workerArguments() {
        List<String> given = spec.commandLine().getParseResult().originalArgs();
        List<String> kept = new ArrayList<>();
        for (int i = given.indexOf("reproduce") + 1; i < given.size(); i++) {
            String a = given.get(i);
            if (a.equals("--workers") || a.equals("--retrain")) {
                i++;
            } else if (!a.startsWith("--workers=") && !a.startsWith("--retrain=") && !a.equals("--no-plots")
                    && !a.equals("--dry-run")) {
                kept.add(a);
            }
        }
        kept.add("--no-plots");
        return kept;
    }

    private static boolean gpuVisible() {
        try {
            return ai.djl.engine.Engine.getInstance().getGpuCount() > 0;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** The options these arguments describe, checked before anything runs. */
    ReproduceOptions options(PrintStream progress) {
        Preset p = preset == null ? Preset.current() : Preset.of(preset);
        ReproduceOptions.Builder b = ReproduceOptions.builder(p)
                .protocols(protocols(protocol))
                .seeds(seeds(seeds))
                .shard(Shard.parse(shard))
                .datasets(datasets == null || datasets.isBlank() ? List.of() : split(datasets))
                .overrides(overrides)
                .trainingLog(verbose ? progress : null);
        // the main job is the papers' protocol; the library's default (the chapters') is the short schedule
        b.schedule(schedule != null ? MiniSchedule.Schedule.of(schedule)
                : MiniSchedule.Schedule.current(MiniSchedule.Schedule.PAPERS));
        if (methods != null) {
            b.methods(methods(methods));
        }
        if (out != null) {
            if (Files.exists(out) && !Files.isDirectory(out)) {
                throw new KitException("--out " + out + " is a file, not a folder; give a folder for the results (it "
                        + "is created when missing)");
            }
            b.out(out);
        }
        if (data != null) {
            if (!Files.isDirectory(data)) {
                throw new KitException("--data " + data + " is not a folder; give the data root (full) or a generated "
                        + "mini world (./kit mini generate --out DIR)");
            }
            b.world(data, null, null);
        }
        ReproduceOptions o = b.build();
        o.protocolDatasets(); // unknown --datasets names fail here, before anything runs
        o.trainConfig(Method.COMMA, false, o.protocolDatasets().source(), 1); // and bad --set values
        return o;
    }

    /** {@code base2new}, {@code xd}, {@code dg}, {@code all}, or several with commas. */
    static Set<Protocol> protocols(String text) {
        Set<Protocol> out = EnumSet.noneOf(Protocol.class);
        for (String p : split(text)) {
            if (p.equalsIgnoreCase("all")) {
                out.addAll(EnumSet.allOf(Protocol.class));
                continue;
            }
            Protocol match = Arrays.stream(Protocol.values()).filter(x -> x.id().equalsIgnoreCase(p)).findFirst()
                    .orElseThrow(() -> new KitException("unknown protocol '" + p + "'; use base2new, xd, dg or all "
                            + "(several with commas, e.g. --protocol xd,dg)"));
            out.add(match);
        }
        return out;
    }

    /** Method ids, any case; zero-shot CLIP also as {@code CLIP}. */
    static List<Method> methods(String text) {
        List<Method> out = new ArrayList<>();
        for (String m : split(text)) {
            Method match = Arrays.stream(Method.values())
                    .filter(x -> x.id().equalsIgnoreCase(m) || x.publishedName().equalsIgnoreCase(m)).findFirst()
                    .orElseThrow(() -> new KitException("unknown method '" + m + "'; use any of "
                            + Arrays.stream(Method.values()).map(Method::id).collect(Collectors.joining(", "))
                            + " (comma-separated)"));
            if (out.contains(match)) {
                throw new KitException("--methods names " + match.id() + " twice: '" + text + "'");
            }
            out.add(match);
        }
        return out;
    }

    /** Seeds as {@code 1,2,3}: whole numbers >= 0, each once. */
    static List<Integer> seeds(String text) {
        List<Integer> out = new ArrayList<>();
        for (String s : split(text)) {
            if (!s.matches("-?[0-9]+")) {
                throw new KitException("seed '" + s + "' in --seeds " + text + " is not a whole number; the papers use "
                        + "--seeds 1,2,3");
            }
            if (!s.startsWith("-") && (s.length() > 10 || Long.parseLong(s) > Integer.MAX_VALUE)) {
                throw new KitException("seed " + s + " in --seeds " + text + " is too large: seeds go from 0 to "
                        + Integer.MAX_VALUE + "; the papers use --seeds 1,2,3");
            }
            int seed = s.startsWith("-") ? -1 : Integer.parseInt(s);
            if (seed < 0 || out.contains(seed)) {
                throw new KitException("seed " + s + " in --seeds " + text + " is negative or repeated; the papers "
                        + "use --seeds 1,2,3");
            }
            out.add(seed);
        }
        return out;
    }

    static List<String> split(String text) {
        List<String> parts = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (parts.isEmpty()) {
            throw new KitException("empty list '" + text + "'; give comma-separated values");
        }
        return parts;
    }
}
