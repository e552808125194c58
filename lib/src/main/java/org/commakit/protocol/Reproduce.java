package org.commakit.protocol;

import org.commakit.train.Method;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.Set;
import java.util.stream.Collectors;
import org.commakit.KitException;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipTokenizer;
import org.commakit.train.Checkpoint;
import org.commakit.train.FeatureCache;
import org.commakit.train.TrainConfig;
import tech.tablesaw.api.Table;

/**
 * The kit's main job: the three protocols end to end (docs/data-protocol.md#the-three-protocols, docs/data-protocol.md#evaluation), from code or from
 * {@code ./kit reproduce}.
 *
 * <pre>
 *   ReproduceReport r = Reproduce.run(ReproduceOptions.builder(Preset.MINI).build(), System.out);
 *   r.baseToNew();  r.crossDataset();  r.domainGeneralization();   // ResultPlots.of(r) draws them
 * </pre>
 *
 * <p>{@link #run} builds the {@link JobMatrix} (methods x datasets x seeds x phases, one {@link Shard} of it), skips
 * every job whose row is already in {@code <out>/results.csv}, runs the others in chain order (a training job, then
 * the tests that load its checkpoint) and appends each row atomically ({@link ResultStore}); training writes a
 * checkpoint per epoch and resumes from it. A killed run, started again with the same options, therefore continues
 * where it stopped and ends with the same tables as an uninterrupted one. At the end it writes the three tables
 * ({@code <out>/tables/*.csv}); {@code ResultPlots} draws them ({@code ./kit reproduce} writes its pages).
 *
 * <p>The full preset's tables come with the published numbers beside them ({@link BesidePublished}); the mini
 * world's datasets have no published counterparts, so its tables stand alone.
 */
public final class Reproduce {

    /** The results file under the output folder. */
    public static final String RESULTS = ReproduceOptions.RESULTS;

    /**
     * The most image features a process keeps for reuse (docs/reproduce.md#caches): 1 GiB, none with
     * {@code -Dcomma.featureCache=off} (what {@code ./kit bench reproduce} times as "before").
     */
    static final long FEATURE_CACHE_BYTES = "off".equals(System.getProperty("comma.featureCache")) ? 0 : 1L << 30;

    private Reproduce() {}

    /** The tables of what {@code options.out()} holds now (nothing is run or written). */
    public static ReproduceReport report(ReproduceOptions options) {
        List<ResultRow> rows = storedRows(options);
        ProtocolDatasets datasets = options.protocolDatasets();
        List<Method> methods = options.methods();
        Set<Protocol> protocols = options.protocols();
        boolean published = options.preset() == Preset.FULL;
        PublishedResults paper = published ? PublishedResults.load() : null;
        Table b2n = null;
        Table xd = null;
        Table dg = null;
        Table b2nBeside = null;
        Table xdBeside = null;
        Table dgBeside = null;
        if (protocols.contains(Protocol.BASE_TO_NEW)) {
            b2n = ResultTables.baseToNew(rows, datasets.baseToNew(), methods);
            b2nBeside = published ? BesidePublished.baseToNew(b2n, methods, paper) : null;
        }
        if (protocols.contains(Protocol.CROSS_DATASET)) {
            xd = ResultTables.crossDataset(rows, datasets, methods);
            xdBeside = published ? BesidePublished.transfer(xd, Protocol.CROSS_DATASET, paper) : null;
        }
        if (protocols.contains(Protocol.DOMAIN_GENERALIZATION)) {
            dg = ResultTables.domainGeneralization(rows, datasets, methods);
            dgBeside = published ? BesidePublished.transfer(dg, Protocol.DOMAIN_GENERALIZATION, paper) : null;
        }
        return new ReproduceReport(b2n, xd, dg, b2nBeside, xdBeside, dgBeside, methods);
    }

    /**
     * The job list with what is done and an estimate of the time left, without running anything and without needing
     * the data or the weights: estimates come from the wall times of finished jobs where there are some, else from
     * {@link PromptCostModel} for the preset.
     */
    public static String dryRun(ReproduceOptions options) {
        return dryRun(options, 1);
    }

    /** As {@link #dryRun(ReproduceOptions)}, with the wall time of {@code workers} worker processes beside the work. */
    public static String dryRun(ReproduceOptions options, int workers) {
        JobMatrix matrix = options.matrix();
        List<ResultRow> rows = storedRows(options);
        PromptCostModel shapes = PromptCostModel.of(options.preset(), options::trainConfig);
        String report = DryRun.render(matrix, JobCostModel.fromHistory(rows).orElse(shapes),
                job -> rows.stream().anyMatch(r -> r.key().equals(job.key())), workers);
        return header(options) + report + "Estimates: wall times of finished jobs of the same method, dataset and "
                + "phase where there are some, else " + shapes.provenance() + "." + System.lineSeparator();
    }

    /**
     * What the dry run estimates for each job of the options' matrix from the shapes of the work alone (the preset's
     * {@link PromptCostModel}, no history), when the datasets have the given sizes instead of the preset's: per
     * dataset name, {classes, test images}. Jobs on a dataset not in {@code sizes} are left out. For comparing the
     * model with the wall times of a run on a smaller data root (docs/reproduce.md#rehearsal).
     */
    public static Map<Job, Double> shapeEstimates(ReproduceOptions options, Map<String, int[]> sizes) {
        Map<String, PromptCostModel.DatasetSize> s = new HashMap<>();
        sizes.forEach((name, v) -> s.put(name, new PromptCostModel.DatasetSize(v[0], v[1])));
        PromptCostModel model = PromptCostModel.of(options.preset(), options::trainConfig).withSizes(s);
        Map<Job, Double> out = new LinkedHashMap<>();
        for (Job job : options.matrix().jobs()) {
            model.seconds(job).ifPresent(x -> out.put(job, x));
        }
        return out;
    }

    /** Where the shape model's seconds per prompt pass come from (printed beside its estimates). */
    public static String shapeModelProvenance(ReproduceOptions options) {
        return PromptCostModel.of(options.preset(), options::trainConfig).provenance();
    }

    /**
     * Runs every job of the shard that has no result yet, then writes the tables of everything the results file
     * holds. Progress lines (job i/n, its result, elapsed time and ETA) go to {@code progress}.
     */
    public static ReproduceReport run(ReproduceOptions options, PrintStream progress) {
        return run(options, progress, Workers.one());
    }

    /**
     * As {@link #run(ReproduceOptions, PrintStream)}, with the chains spread over {@code workers} processes when
     * there are 2 or more and more than one chain is left (docs/reproduce.md#workers): the same rows and tables.
     */
    public static ReproduceReport run(ReproduceOptions options, PrintStream progress, Workers workers) {
        try (RunFolder claimed = RunFolder.claim(options)) { // one process per shard; stale temporary files swept
            return runClaimed(options, progress, workers);
        }
    }

    private static ReproduceReport runClaimed(ReproduceOptions options, PrintStream progress, Workers workers) {
        JobMatrix matrix = options.matrix();
        ResultStore store = open(options);
        RunManifest.compare(options.out(), RunManifest.settings(options)); // also when nothing is left to run
        JobMatrix left = matrix.without(store::has);
        List<Job> toRun = left.jobs();
        progress.print(header(options));
        progress.printf(Locale.ROOT, "%d jobs in %d chains for this shard; %d done, %d to run. Results: %s%n",
                matrix.size(), matrix.chains().size(), matrix.size() - toRun.size(), toRun.size(), store.file());
        if (!toRun.isEmpty() && workers.count() > 1 && left.chains().size() > 1) {
            World world = world(options, progress);
            JobCostModel estimate = estimate(options, store);
            ReproduceProgress lines = new ReproduceProgress(progress, toRun, JobCostModel.fromHistory(store.rows()),
                    PromptCostModel.of(options.preset(), options::trainConfig))
                    .sharedBy(Math.min(workers.count(), left.chains().size()));
            progress.printf("CLIP %s; data %s%n", world.clipFile(), world.dataRoot());
            workers.run(options, store, left.chains(), lines, estimate, progress);
        } else if (!toRun.isEmpty()) {
            runJobs(options, store, toRun, progress);
        }
        ReproduceReport report = report(options);
        progress.println();
        progress.print(report.text());
        if (options.preset() == Preset.MINI) {
            progress.println("(The mini world's datasets have no published counterparts, so these tables stand alone; "
                    + "the full preset prints the papers' numbers beside the kit's.)");
        }
        List<Path> files = report.write(options.out());
        progress.printf("Wrote %d tables under %s.%n", files.size(), options.out().resolve("tables"));
        return report;
    }

    /** The data root, weights and the manifest values of a run, the world prepared and the manifest compared. */
    private record World(Path dataRoot, Path clipFile, Path vocabFile, Map<String, String> manifest) {}

    private static World world(ReproduceOptions options, PrintStream progress) {
        Preset preset = options.preset();
        if (options.dataRoot() == null && preset == Preset.MINI && progress != null) {
            progress.printf("Mini world in %s (generated on the first run, about half a minute)%n", preset.dataRoot());
        }
        Path dataRoot = options.dataRoot() != null ? options.dataRoot() : preset.prepare();
        Path clipFile = options.clipCheckpoint() != null ? options.clipCheckpoint() : preset.clipCheckpoint();
        Path vocabFile = options.vocabulary() != null ? options.vocabulary() : preset.vocabulary();
        // compared now, recorded with the first stored result: a run that fails before (a bad setting, a damaged
        // checkpoint) leaves no manifest to refuse the corrected rerun
        Map<String, String> manifest = RunManifest.of(options, clipFile, vocabFile, dataRoot);
        RunManifest.compare(options.out(), manifest);
        return new World(dataRoot, clipFile, vocabFile, manifest);
    }

    private static JobCostModel estimate(ReproduceOptions options, ResultStore store) {
        JobCostModel history = JobCostModel.fromHistory(store.rows());
        JobCostModel shapes = PromptCostModel.of(options.preset(), options::trainConfig);
        return job -> {
            OptionalDouble h = history.seconds(job);
            return h.isPresent() ? h : shapes.seconds(job);
        };
    }

    private static void runJobs(ReproduceOptions options, ResultStore store, List<Job> jobs, PrintStream progress) {
        Preset preset = options.preset();
        World world = world(options, progress);
        ReproduceProgress lines = new ReproduceProgress(progress, jobs, JobCostModel.fromHistory(store.rows()),
                PromptCostModel.of(preset, options::trainConfig));
        ClipTokenizer tokenizer = ClipTokenizer.load(world.vocabFile());
        try (Clip clip = preset.loadClip(world.clipFile());
                FeatureCache cache = new FeatureCache(FEATURE_CACHE_BYTES, clip.device())) {
            progress.printf("CLIP %s on %s; data %s%n", world.clipFile(), clip.device(), world.dataRoot());
            checkDepths(options, jobs, clip, world.clipFile());
            JobRunner runner = runner(options, world, clip, tokenizer, 1).features(cache);
            for (int i = 0; i < jobs.size(); i++) {
                ResultRow row = runAndStore(options, store, world, jobs.get(i), runner, i == 0);
                lines.finished(i, row);
            }
        }
    }

    private static JobRunner runner(ReproduceOptions options, World world, Clip clip, ClipTokenizer tokenizer,
            int processes) {
        Preset preset = options.preset();
        int decodeThreads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors() / processes));
        return new JobRunner(world.dataRoot(), preset.catalog(), clip, tokenizer, options::trainConfig,
                options.out(), options.trainingLog(), decodeThreads, preset.augmentsTraining());
    }

    private static ResultRow runAndStore(ReproduceOptions options, ResultStore store, World world, Job job,
            JobRunner runner, boolean first) {
        ResultRow row = JobFailure.run(job, runner::run);
        if (first) {
            RunManifest.record(options.out(), world.manifest());
        }
        try {
            store.append(row);
        } catch (IOException e) {
            throw KitException.io("append to " + store.file(), e, "");
        }
        return row;
    }

    /**
     * A worker process of {@link Workers} (the hidden {@code ./kit reproduce --worker}): runs the chains its parent
     * hands it over {@code in}, appending each row to the shared results file and answering on {@code out}. The
     * parent holds the shard's lock and prints the progress and the tables.
     *
     * @param processes how many workers share the machine (the image decoding threads are divided among them)
     */
    public static void serve(ReproduceOptions options, int processes, java.io.InputStream in, PrintStream out) {
        JobMatrix matrix = options.matrix();
        Map<Integer, JobMatrix.Chain> chains = new HashMap<>();
        matrix.chains().forEach(c -> chains.put(c.index(), c));
        ResultStore store = open(options);
        World world = world(options, null);
        Preset preset = options.preset();
        ClipTokenizer tokenizer = ClipTokenizer.load(world.vocabFile());
        try (Clip clip = preset.loadClip(world.clipFile());
                FeatureCache cache = new FeatureCache(FEATURE_CACHE_BYTES, clip.device())) {
            checkDepths(options, matrix.jobs(), clip, world.clipFile());
            JobRunner runner = runner(options, world, clip, tokenizer, processes).features(cache);
            boolean[] first = {true};
            Workers.serve(in, out, number -> {
                JobMatrix.Chain chain = chains.get(number);
                if (chain == null) {
                    throw new KitException("worker mode: chain " + number + " is not in shard " + options.shard());
                }
                for (Job job : chain.jobs()) {
                    if (!store.has(job)) {
                        runAndStore(options, store, world, job, runner, first[0]);
                        first[0] = false;
                        out.println(Workers.DONE + job.id());
                        out.flush();
                    }
                }
            });
        }
    }

    /** A prompt depth beyond this CLIP's blocks is refused before the first job, not at the first deep training. */
    private static void checkDepths(ReproduceOptions options, List<Job> jobs, Clip clip, Path clipFile) {
        int blocks = Math.min(clip.config().textLayers(), clip.config().visionLayers());
        for (Job job : jobs) {
            if (job.phase().isTraining() && (job.method() == Method.MAPLE || job.method() == Method.COMMA)) {
                int depth = options.trainConfig(job.method(), job.phase() == Phase.TRAIN_ALL, job.dataset(),
                        job.seed()).depth();
                if (depth > blocks) {
                    throw new KitException("training setting depth=" + depth + " of " + job.id() + " is deeper than "
                            + "the " + blocks + " transformer blocks of " + clipFile + "; give --set depth=N with N "
                            + "from 1 to " + blocks);
                }
            }
        }
    }

    private static String header(ReproduceOptions o) {
        String schedule = o.preset() == Preset.MINI ? " (" + o.schedule().id() + " schedule)" : "";
        return String.format(Locale.ROOT, "reproduce: preset %s%s, protocols %s, methods %s, seeds %s, shard %s%s%n",
                o.preset().id(), schedule, o.protocols().stream().sorted().map(Protocol::id)
                        .collect(Collectors.joining(",")),
                o.methods().stream().map(Method::id).collect(Collectors.joining(",")),
                o.seeds().stream().map(String::valueOf).collect(Collectors.joining(",")), o.shard(),
                o.overrides().isEmpty() ? "" : ", settings " + String.join(" ", o.overrides()));
    }

    /** The rows in the results file; none when there is no file yet (nothing is created, no lock is taken). */
    private static List<ResultRow> storedRows(ReproduceOptions options) {
        return ResultStore.read(options.resultsFile());
    }

    private static ResultStore open(ReproduceOptions options) {
        try {
            return ResultStore.open(options.resultsFile());
        } catch (IOException e) {
            throw KitException.io("open the results file " + options.resultsFile(), e, "");
        }
    }
}
