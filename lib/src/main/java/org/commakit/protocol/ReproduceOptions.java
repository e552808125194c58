package org.commakit.protocol;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.commakit.KitException;
import org.commakit.miniworld.MiniSchedule;
import org.commakit.train.Method;
import org.commakit.train.TrainConfig;

/**
 * What the main job ({@link Reproduce}) runs. Start from {@link #builder(Preset)} (everything: all protocols, the
 * paper's five methods, seeds 1-3, the whole matrix, results in {@code results/<preset>}) and narrow it:
 *
 * <pre>
 *   ReproduceOptions o = ReproduceOptions.builder(Preset.MINI).protocols(Set.of(Protocol.BASE_TO_NEW))
 *           .methods(List.of(Method.ZERO_SHOT_CLIP, Method.COMMA)).seeds(List.of(1)).build();
 * </pre>
 *
 * @param protocols base-to-new, cross-dataset, domain generalization (dg also runs the xd training and source test,
 *     whose result is the dg table's Source column)
 * @param methods in table order; methods that do not train run once, whatever the seeds
 * @param datasets restricts the preset's base-to-new datasets and transfer targets to these names (empty: all); the
 *     cross-dataset source is always kept
 * @param overrides training settings changed for every method, {@code key=value} ({@link TrainConfig#with})
 * @param trainingLog where the trainer's progress lines go (null: only each run's metrics.csv)
 * @param dataRoot a data root or mini world used as it is (null: the preset's, prepared first)
 * @param clipCheckpoint another CLIP checkpoint (null: the preset's)
 * @param vocabulary another BPE vocabulary (null: the preset's)
 * @param schedule the mini world's training schedule (papers' protocol or the short one; ignored by the full
 *     preset, which always runs the reference configurations)
 */
public record ReproduceOptions(Preset preset, Set<Protocol> protocols, List<Method> methods, List<Integer> seeds,
                               Shard shard, Path out, List<String> datasets, List<String> overrides,
                               PrintStream trainingLog, Path dataRoot, Path clipCheckpoint, Path vocabulary,
                               MiniSchedule.Schedule schedule) {

    /** The results file under the output folder. */
    public static final String RESULTS = "results.csv";

    public ReproduceOptions {
        if (preset == null) {
            throw new KitException("no preset given; use Preset.MINI or Preset.FULL");
        }
        protocols = protocols.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(protocols));
        methods = List.copyOf(methods);
        seeds = List.copyOf(seeds);
        datasets = List.copyOf(datasets);
        overrides = List.copyOf(overrides);
        for (String o : overrides) {
            if (o.contains("=") && o.substring(0, o.indexOf('=')).strip().equals("seed")) {
                throw new KitException("--set " + o + ": the seed is not a training setting here; seeds are --seeds "
                        + "(each seed is its own job, row and run folder), e.g. --seeds "
                        + o.substring(o.indexOf('=') + 1).strip());
            }
        }
        out = out.toAbsolutePath().normalize();
        if (schedule == null) {
            schedule = MiniSchedule.Schedule.current();
        }
    }

    /** Everything of {@code preset}, to be narrowed. */
    public static Builder builder(Preset preset) {
        return new Builder(preset);
    }

    /** A builder holding these options, to change some of them. */
    public Builder toBuilder() {
        Builder b = new Builder(preset);
        b.protocols = protocols;
        b.methods = methods;
        b.seeds = seeds;
        b.shard = shard;
        b.out = out;
        b.datasets = datasets;
        b.overrides = overrides;
        b.trainingLog = trainingLog;
        b.dataRoot = dataRoot;
        b.clipCheckpoint = clipCheckpoint;
        b.vocabulary = vocabulary;
        b.schedule = schedule;
        return b;
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
        ProtocolDatasets kept = new ProtocolDatasets(keep(all.baseToNew()), all.source(),
                keep(all.crossDatasetTargets()), keep(all.domainShiftTargets()));
        // a protocol left without datasets would run nothing and print an empty table, as if it had been run
        for (Protocol p : protocols) {
            List<String> left = switch (p) {
                case BASE_TO_NEW -> kept.baseToNew();
                case CROSS_DATASET -> kept.crossDatasetTargets();
                case DOMAIN_GENERALIZATION -> kept.domainShiftTargets();
            };
            if (left.isEmpty()) {
                List<String> choices = switch (p) {
                    case BASE_TO_NEW -> all.baseToNew();
                    case CROSS_DATASET -> all.crossDatasetTargets();
                    case DOMAIN_GENERALIZATION -> all.domainShiftTargets();
                };
                throw new KitException("--datasets " + String.join(",", datasets) + " leaves no dataset for the "
                        + p.id() + " protocol; add one of " + String.join(",", choices) + " to --datasets, or drop "
                        + p.id() + " from --protocol");
            }
        }
        return kept;
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
        return preset.trainConfig(method, crossDataset, dataset, seed, schedule)
                .with(overrides.toArray(new String[0]));
    }

    /** {@code <out>/results.csv}. */
    public Path resultsFile() {
        return out.resolve(RESULTS);
    }

    /** Collects options; {@link #build()} checks and freezes them. */
    public static final class Builder {
        private final Preset preset;
        private Set<Protocol> protocols = EnumSet.allOf(Protocol.class);
        private List<Method> methods = Method.paperMethods();
        private List<Integer> seeds = List.of(1, 2, 3);
        private Shard shard = Shard.ALL;
        private Path out;
        private List<String> datasets = List.of();
        private List<String> overrides = List.of();
        private PrintStream trainingLog;
        private Path dataRoot;
        private Path clipCheckpoint;
        private Path vocabulary;
        private MiniSchedule.Schedule schedule = MiniSchedule.Schedule.current();

        private Builder(Preset preset) {
            this.preset = preset;
        }

        public Builder protocols(Set<Protocol> p) {
            protocols = p;
            return this;
        }

        public Builder methods(List<Method> m) {
            methods = m;
            return this;
        }

        public Builder seeds(List<Integer> s) {
            seeds = s;
            return this;
        }

        public Builder shard(Shard s) {
            shard = s;
            return this;
        }

        public Builder out(Path folder) {
            out = folder;
            return this;
        }

        public Builder datasets(List<String> names) {
            datasets = names;
            return this;
        }

        public Builder overrides(List<String> keyValues) {
            overrides = keyValues;
            return this;
        }

        /** The mini world's schedule (default {@link MiniSchedule.Schedule#current()}); the full preset ignores it. */
        public Builder schedule(MiniSchedule.Schedule s) {
            schedule = s;
            return this;
        }

        public Builder trainingLog(PrintStream log) {
            trainingLog = log;
            return this;
        }

        /** Another data root, CLIP checkpoint and vocabulary than the preset's (null keeps the preset's). */
        public Builder world(Path data, Path clip, Path vocab) {
            dataRoot = data;
            clipCheckpoint = clip;
            vocabulary = vocab;
            return this;
        }

        public ReproduceOptions build() {
            Path folder = out != null ? out : defaultOut(preset, schedule);
            return new ReproduceOptions(preset, protocols, methods, seeds, shard, folder, datasets, overrides,
                    trainingLog, dataRoot, clipCheckpoint, vocabulary, schedule);
        }

        /**
         * {@code results/<preset>}; on the mini preset {@code results/mini} for the short schedule and
         * {@code results/mini-papers} for the papers' protocol, so that the two never share a results folder.
         */
        static Path defaultOut(Preset preset, MiniSchedule.Schedule schedule) {
            if (preset == null) {
                return Path.of("results", "none");
            }
            boolean papers = preset == Preset.MINI && schedule == MiniSchedule.Schedule.PAPERS;
            return Path.of("results", preset.id() + (papers ? "-papers" : ""));
        }
    }
}
