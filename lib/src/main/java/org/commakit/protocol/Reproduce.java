package org.commakit.protocol;

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
import org.commakit.Preset;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipTokenizer;
import org.commakit.plot.FigureWriter;
import org.commakit.plot.ResultPlots;
import org.commakit.train.Checkpoint;
import org.commakit.train.TrainConfig;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * The kit's main job: the three protocols end to end (COMMA.md §7, PROTOCOL.md §5), from code or from
 * {@code ./kit reproduce} ({@link ReproduceCommand}).
 *
 * <pre>
 *   Reproduce.Report r = Reproduce.run(Reproduce.Options.of(Preset.MINI), System.out);
 *   r.baseToNew();  r.crossDataset();  r.domainGeneralization();  r.figures();
 * </pre>
 *
 * <p>{@link #run} builds the {@link JobMatrix} (methods x datasets x seeds x phases, one {@link Shard} of it), skips
 * every job whose row is already in {@code <out>/results.csv}, runs the others in chain order (a training job, then
 * the tests that load its checkpoint) and appends each row atomically ({@link ResultStore}); training writes a
 * checkpoint per epoch and resumes from it. A killed run, started again with the same options, therefore continues
 * where it stopped and ends with the same tables as an uninterrupted one. At the end it writes the three tables
 * ({@code <out>/tables/*.csv}) and the plots ({@code <out>/plots/*.html}, standalone pages that work offline).
 *
 * <p>The full preset's tables come with the published numbers beside them ({@link BesidePublished}); the mini
 * world's datasets have no published counterparts, so its tables stand alone.
 */
public final class Reproduce {

    /** The results file under the output folder. */
    public static final String RESULTS = "results.csv";

    private Reproduce() {}

    /**
     * What to run.
     *
     * @param protocols base-to-new, cross-dataset, domain generalization (dg also runs the xd training and source test,
     *     whose result is the dg table's Source column)
     * @param methods in table order; methods that do not train run once, whatever the seeds
     * @param datasets restricts the preset's base-to-new datasets and transfer targets to these names (empty: all);
     *     the cross-dataset source is always kept
     * @param overrides training settings changed for every method, {@code key=value} ({@link TrainConfig#with})
     * @param plots whether to write the HTML plots
     * @param trainingLog where the trainer's progress lines go (null: only each run's metrics.csv)
     * @param dataRoot a data root or mini world used as it is (null: the preset's, prepared first)
     * @param clipCheckpoint another CLIP checkpoint (null: the preset's)
     * @param vocabulary another BPE vocabulary (null: the preset's)
     */
    public record Options(Preset preset, Set<Protocol> protocols, List<Method> methods, List<Integer> seeds,
                          Shard shard, Path out, List<String> datasets, List<String> overrides, boolean plots,
                          PrintStream trainingLog, Path dataRoot, Path clipCheckpoint, Path vocabulary) {

        public Options {
            if (preset == null) {
                throw new KitException("no preset given; use Preset.MINI or Preset.FULL");
            }
            protocols = protocols.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(protocols));
            methods = List.copyOf(methods);
            seeds = List.copyOf(seeds);
            datasets = List.copyOf(datasets);
            overrides = List.copyOf(overrides);
            out = out.toAbsolutePath().normalize();
        }

        /**
         * Every protocol, the five methods of the paper's tables, seeds 1-3, the whole matrix, results in
         * {@code results/<preset>}, plots on.
         */
        public static Options of(Preset preset) {
            return new Options(preset, EnumSet.allOf(Protocol.class), Method.paperMethods(), List.of(1, 2, 3),
                    Shard.ALL, Path.of("results", preset.id()), List.of(), List.of(), true, null, null, null, null);
        }

        public Options protocols(Set<Protocol> p) {
            return new Options(preset, p, methods, seeds, shard, out, datasets, overrides, plots, trainingLog,
                    dataRoot, clipCheckpoint, vocabulary);
        }

        public Options methods(List<Method> m) {
            return new Options(preset, protocols, m, seeds, shard, out, datasets, overrides, plots, trainingLog,
                    dataRoot, clipCheckpoint, vocabulary);
        }

        public Options seeds(List<Integer> s) {
            return new Options(preset, protocols, methods, s, shard, out, datasets, overrides, plots, trainingLog,
                    dataRoot, clipCheckpoint, vocabulary);
        }

        public Options shard(Shard s) {
            return new Options(preset, protocols, methods, seeds, s, out, datasets, overrides, plots, trainingLog,
                    dataRoot, clipCheckpoint, vocabulary);
        }

        public Options out(Path folder) {
            return new Options(preset, protocols, methods, seeds, shard, folder, datasets, overrides, plots,
                    trainingLog, dataRoot, clipCheckpoint, vocabulary);
        }

        public Options datasets(List<String> names) {
            return new Options(preset, protocols, methods, seeds, shard, out, names, overrides, plots, trainingLog,
                    dataRoot, clipCheckpoint, vocabulary);
        }

        public Options overrides(List<String> keyValues) {
            return new Options(preset, protocols, methods, seeds, shard, out, datasets, keyValues, plots,
                    trainingLog, dataRoot, clipCheckpoint, vocabulary);
        }

        public Options plots(boolean on) {
            return new Options(preset, protocols, methods, seeds, shard, out, datasets, overrides, on, trainingLog,
                    dataRoot, clipCheckpoint, vocabulary);
        }

        public Options trainingLog(PrintStream log) {
            return new Options(preset, protocols, methods, seeds, shard, out, datasets, overrides, plots, log,
                    dataRoot, clipCheckpoint, vocabulary);
        }

        /** Another data root, CLIP checkpoint and vocabulary than the preset's (null keeps the preset's). */
        public Options world(Path data, Path clip, Path vocab) {
            return new Options(preset, protocols, methods, seeds, shard, out, datasets, overrides, plots, trainingLog,
                    data, clip, vocab);
        }

        /** The preset's dataset lists, restricted to {@link #datasets} when given. */
        public ProtocolDatasets protocolDatasets() {
            ProtocolDatasets all = preset.datasets();
            if (datasets.isEmpty()) {
                return all;
            }
            List<String> known = new ArrayList<>(all.baseToNew());
            all.crossDatasetTargets().stream().filter(d -> !known.contains(d)).forEach(known::add);
            all.domainShiftTargets().stream().filter(d -> !known.contains(d)).forEach(known::add);
            for (String d : datasets) {
                if (!known.contains(d)) {
                    throw new KitException("--datasets names '" + d + "', which is not a dataset of the " + preset.id()
                            + " preset; its datasets are " + known + ".");
                }
            }
            return new ProtocolDatasets(keep(all.baseToNew()), all.source(), keep(all.crossDatasetTargets()),
                    keep(all.domainShiftTargets()));
        }

        private List<String> keep(List<String> names) {
            return names.stream().filter(datasets::contains).toList();
        }

        /** The jobs of this shard, in run order. */
        public JobMatrix matrix() {
            return JobMatrix.build(methods, seeds, protocolDatasets(), protocols).shard(shard);
        }

        /** The training settings of a method: the preset's, with {@link #overrides} applied. */
        public TrainConfig trainConfig(Method method, boolean crossDataset, String dataset, int seed) {
            return preset.trainConfig(method.id(), crossDataset, dataset, seed)
                    .with(overrides.toArray(new String[0]));
        }

        Path resultsFile() {
            return out.resolve(RESULTS);
        }
    }

    /**
     * The tables and figures of a results folder. A table is null when its protocol was not selected; the tables
     * beside the published numbers are null on the mini preset.
     */
    public record Report(Table baseToNew, Table crossDataset, Table domainGeneralization,
                         Table baseToNewBesidePublished, Table crossDatasetBesidePublished,
                         Table domainGeneralizationBesidePublished, Map<String, Figure> figures) {

        /** Every non-null table, by file name without extension, in print order. */
        public Map<String, Table> tables() {
            Map<String, Table> out = new LinkedHashMap<>();
            put(out, "base2new", baseToNew);
            put(out, "base2new-beside-published", baseToNewBesidePublished);
            put(out, "xd", crossDataset);
            put(out, "xd-beside-published", crossDatasetBesidePublished);
            put(out, "dg", domainGeneralization);
            put(out, "dg-beside-published", domainGeneralizationBesidePublished);
            return out;
        }

        private static void put(Map<String, Table> out, String name, Table table) {
            if (table != null) {
                out.put(name, table);
            }
        }

        /** The tables as text, two decimals, as {@link ResultTables#pretty}. */
        public String text() {
            StringBuilder sb = new StringBuilder();
            tables().values().forEach(t -> sb.append(ResultTables.pretty(t)).append(System.lineSeparator())
                    .append(System.lineSeparator()));
            return sb.toString();
        }

        /**
         * Writes {@code tables/<name>.csv} and, when {@code plots}, {@code plots/<name>.html} under {@code folder}.
         * Each file is written beside its place and renamed over it, so shards finishing together never leave a
         * mixed file.
         */
        public List<Path> write(Path folder, boolean plots) {
            List<Path> files = new ArrayList<>();
            try {
                for (Map.Entry<String, Table> t : tables().entrySet()) {
                    Path file = folder.resolve("tables").resolve(t.getKey() + ".csv");
                    Files.createDirectories(file.getParent());
                    Path tmp = Files.createTempFile(file.getParent(), t.getKey(), ".tmp");
                    ResultTables.writeCsv(t.getValue(), tmp);
                    Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    files.add(file);
                }
                if (plots) {
                    FigureWriter offline = FigureWriter.offline();
                    files.addAll(ResultPlots.writeAll(figures, folder.resolve("plots"), (figure, file) -> {
                        Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
                        offline.write(figure, tmp);
                        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    }));
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot write the tables or plots under " + folder + ": "
                        + e.getMessage(), e);
            }
            return files;
        }
    }

    /** The tables and figures of what {@code options.out()} holds now (nothing is run or written). */
    public static Report report(Options options) {
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
        Map<String, Figure> figures = ResultPlots.standardSet(b2n, b2nBeside, xd, dg, methods);
        return new Report(b2n, xd, dg, b2nBeside, xdBeside, dgBeside, figures);
    }

    /**
     * The job list with what is done and an estimate of the time left, without running anything and without needing
     * the data or the weights: estimates come from the wall times of finished jobs where there are some, else from
     * {@link PromptCostModel} for the preset.
     */
    public static String dryRun(Options options) {
        JobMatrix matrix = options.matrix();
        List<ResultRow> rows = storedRows(options);
        PromptCostModel shapes = PromptCostModel.of(options.preset(), options::trainConfig);
        String report = DryRun.render(matrix, JobCostModel.fromHistory(rows).orElse(shapes),
                job -> rows.stream().anyMatch(r -> r.key().equals(job.key())));
        return header(options) + report + "Estimates: wall times of finished jobs of the same method, dataset and "
                + "phase where there are some, else " + shapes.provenance() + "." + System.lineSeparator();
    }

    /**
     * Runs every job of the shard that has no result yet, then writes the tables and plots of everything the results
     * file holds. Progress lines (job i/n, its result, elapsed time and ETA) go to {@code progress}.
     */
    public static Report run(Options options, PrintStream progress) {
        JobMatrix matrix = options.matrix();
        ResultStore store = open(options);
        List<Job> toRun = matrix.without(store::has).jobs();
        progress.print(header(options));
        progress.printf(Locale.ROOT, "%d jobs in %d chains for this shard; %d done, %d to run. Results: %s%n",
                matrix.size(), matrix.chains().size(), matrix.size() - toRun.size(), toRun.size(), store.file());
        if (!toRun.isEmpty()) {
            runJobs(options, store, toRun, progress);
        }
        Report report = report(options);
        progress.println();
        progress.print(report.text());
        if (options.preset() == Preset.MINI) {
            progress.println("(The mini world's datasets have no published counterparts, so these tables stand alone; "
                    + "the full preset prints the papers' numbers beside the kit's.)");
        }
        List<Path> files = report.write(options.out(), options.plots());
        progress.printf("Wrote %d files under %s (tables/*.csv%s).%n", files.size(), options.out(),
                options.plots() ? ", plots/*.html" : "");
        return report;
    }

    private static void runJobs(Options options, ResultStore store, List<Job> jobs, PrintStream progress) {
        Preset preset = options.preset();
        if (options.dataRoot() == null && preset == Preset.MINI) {
            progress.printf("Mini world in %s (generated on the first run, about half a minute)%n", preset.dataRoot());
        }
        Path dataRoot = options.dataRoot() != null ? options.dataRoot() : preset.prepare();
        Path clipFile = options.clipCheckpoint() != null ? options.clipCheckpoint() : preset.clipCheckpoint();
        Path vocabFile = options.vocabulary() != null ? options.vocabulary() : preset.vocabulary();
        RunManifest.check(options.out(), manifest(options, clipFile, vocabFile));
        JobCostModel history = JobCostModel.fromHistory(store.rows());
        JobCostModel shapes = PromptCostModel.of(preset, options::trainConfig);
        Map<String, double[]> thisRun = new HashMap<>(); // per method and phase: seconds, count
        long t0 = System.nanoTime();
        ClipTokenizer tokenizer = ClipTokenizer.load(vocabFile);
        try (Clip clip = preset.loadClip(clipFile)) {
            progress.printf("CLIP %s on %s; data %s%n", clipFile, clip.device(), dataRoot);
            JobRunner runner = new JobRunner(dataRoot, clip, tokenizer, options::trainConfig, options.out(),
                    options.trainingLog(), Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors())),
                    preset.augmentsTraining());
            for (int i = 0; i < jobs.size(); i++) {
                Job job = jobs.get(i);
                ResultRow row = runner.run(job);
                try {
                    store.append(row);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot append to " + store.file() + ": " + e.getMessage(), e);
                }
                double[] s = thisRun.computeIfAbsent(kind(job), k -> new double[2]);
                s[0] += row.wallSeconds();
                s[1]++;
                double left = 0;
                for (Job next : jobs.subList(i + 1, jobs.size())) {
                    left += estimate(next, history, thisRun, shapes);
                }
                progress.printf(Locale.ROOT, "[%d/%d] %-55s %s %7.1f s  elapsed %s  ETA %s%n", i + 1, jobs.size(),
                        job.id(), job.phase().isTraining() ? String.format(Locale.ROOT, "%-19s", "trained "
                                + row.epochs() + " ep") : String.format(Locale.ROOT, "acc %6.2f%% of %5d",
                                row.accuracy(), row.nTest()), row.wallSeconds(),
                        DryRun.duration((System.nanoTime() - t0) / 1e9), DryRun.duration(left));
            }
        }
    }

    /**
     * The ETA of one job: its history (other seeds), else this run's mean for its method and phase, else the shape
     * model of the preset ({@link PromptCostModel}).
     */
    private static double estimate(Job job, JobCostModel history, Map<String, double[]> thisRun,
                                   JobCostModel shapes) {
        OptionalDouble h = history.seconds(job);
        if (h.isPresent()) {
            return h.getAsDouble();
        }
        double[] s = thisRun.get(kind(job));
        return s != null ? s[0] / s[1] : shapes.seconds(job).orElse(0);
    }

    private static String kind(Job job) {
        return job.method().id() + "/" + job.phase().id();
    }

    /** The values a rerun into the same folder must share: preset, weights, each method's settings. */
    private static Map<String, String> manifest(Options options, Path clipFile, Path vocabFile) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("preset", options.preset().id());
        m.put("clip.sha256", Checkpoint.sha256(clipFile));
        m.put("vocabulary.sha256", Checkpoint.sha256(vocabFile));
        m.put("training.augmentation", options.preset().augmentsTraining() ? "random resized crop, flip" : "none");
        String anyDataset = options.protocolDatasets().source();
        for (Method method : options.methods()) {
            if (!method.trains()) {
                continue;
            }
            for (boolean xd : new boolean[] {false, true}) {
                Map<String, String> c = new LinkedHashMap<>(options.trainConfig(method, xd, anyDataset, 1).asMap());
                c.remove("seed");
                m.put("settings." + method.id() + (xd ? ".xd" : ".base2new"), c.entrySet().stream()
                        .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", ")));
            }
        }
        return m;
    }

    private static String header(Options o) {
        return String.format(Locale.ROOT, "reproduce: preset %s, protocols %s, methods %s, seeds %s, shard %s%s%n",
                o.preset().id(), o.protocols().stream().sorted().map(Protocol::id).collect(Collectors.joining(",")),
                o.methods().stream().map(Method::id).collect(Collectors.joining(",")),
                o.seeds().stream().map(String::valueOf).collect(Collectors.joining(",")), o.shard(),
                o.overrides().isEmpty() ? "" : ", settings " + String.join(" ", o.overrides()));
    }

    /** The rows in the results file; none when there is no file yet (nothing is created). */
    private static List<ResultRow> storedRows(Options options) {
        return Files.exists(options.resultsFile()) ? open(options).rows() : List.of();
    }

    private static ResultStore open(Options options) {
        try {
            return ResultStore.open(options.resultsFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open the results file " + options.resultsFile() + ": "
                    + e.getMessage(), e);
        }
    }
}
