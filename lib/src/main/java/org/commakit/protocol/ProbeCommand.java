package org.commakit.protocol;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.commakit.KitException;
import org.commakit.Preset;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipTokenizer;
import org.commakit.clip.ImagePreprocess;
import org.commakit.clip.ZeroShotClassifier;
import org.commakit.data.Benchmarks;
import org.commakit.data.ClassSubsample;
import org.commakit.data.DatasetSplits;
import org.commakit.data.Datum;
import org.commakit.data.FewShotSampler;
import org.commakit.data.Templates;
import org.commakit.train.Batch;
import org.commakit.train.DatasetBatches;
import org.commakit.train.FewShotLinearProbe;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * {@code ./kit probe}: how much class information a K-shot base train set holds beyond zero-shot CLIP, per dataset.
 *
 * <p>For each dataset: zero-shot accuracy on the base test classes, then a {@link FewShotLinearProbe} started from the
 * zero-shot weights and fitted on the K-shot base train images (the same few-shot sample as {@code reproduce}),
 * tested on the same base test images. Where the probe does not beat zero-shot, the frozen image features leave a
 * prompt learner nothing to gain on base classes.
 */
public final class ProbeCommand {
    static final String USAGE = """
            usage: ./kit probe [--preset mini|full] [--datasets A,B] [--shots K] [--seed S] [--steps N] [--lr X]
              --datasets   base-to-new datasets to probe (default: all of the preset)
              --shots      images per class in the train set (default 16)
              --seed       few-shot sampling seed (default 1)
              --steps      full-batch gradient steps (default 500)
              --lr         step size (default 0.5)
            """;
    private static final int BATCH = 128;

    private ProbeCommand() {}

    public static void main(String[] args) {
        try {
            Table t = run(args, System.out);
            System.out.println(t.printAll());
        } catch (KitException | IllegalArgumentException e) {
            System.err.println("probe: " + e.getMessage());
            System.err.print(USAGE);
            System.exit(2);
        }
    }

    /** Parses {@code args}, probes every dataset (progress on {@code progress}) and returns the table. */
    public static Table run(String[] args, PrintStream progress) {
        Preset preset = Preset.current();
        List<String> datasets = null;
        int shots = 16;
        int seed = 1;
        int steps = 500;
        float lr = 0.5f;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            if (a.equals("--help") || a.equals("-h")) {
                progress.print(USAGE);
                return Table.create("probe");
            }
            if (i + 1 >= args.length) {
                throw new KitException("option " + a + " needs a value");
            }
            String v = args[++i];
            switch (a) {
                case "--preset" -> preset = Preset.of(v);
                case "--datasets" -> datasets = List.of(v.split(","));
                case "--shots" -> shots = positive(a, v);
                case "--seed" -> seed = positive(a, v);
                case "--steps" -> steps = Integer.parseInt(v);
                case "--lr" -> lr = Float.parseFloat(v);
                default -> throw new KitException("unknown option " + a);
            }
        }
        List<String> all = preset.datasets().baseToNew();
        if (datasets == null) {
            datasets = all;
        }
        for (String d : datasets) {
            if (!all.contains(d)) {
                throw new KitException("--datasets: '" + d + "' is not a base-to-new dataset of the " + preset.id()
                        + " preset; choose from " + String.join(",", all));
            }
        }
        return probe(preset, datasets, shots, seed, steps, lr, progress);
    }

    /** The probe table: one row per dataset. */
    public static Table probe(Preset preset, List<String> datasets, int shots, int seed, int steps, float lr,
            PrintStream progress) {
        return probe(preset, preset.prepare(), datasets, shots, seed, steps, lr, progress);
    }

    /** As above, on the data under {@code root} (the mini world or the real datasets). */
    public static Table probe(Preset preset, Path root, List<String> datasets, int shots, int seed, int steps,
            float lr, PrintStream progress) {
        StringColumn name = StringColumn.create("Dataset");
        IntColumn classes = IntColumn.create("Base classes");
        IntColumn trainImages = IntColumn.create("Train images");
        DoubleColumn zeroShot = DoubleColumn.create("Zero-shot base");
        DoubleColumn probeTrain = DoubleColumn.create("Probe train");
        DoubleColumn probeTest = DoubleColumn.create("Probe base");
        DoubleColumn gain = DoubleColumn.create("Gain");
        try (Clip clip = preset.loadClip()) {
            ClipTokenizer tokenizer = preset.tokenizer();
            FewShotLinearProbe probe = new FewShotLinearProbe(clip.logitScale(), lr);
            for (String dataset : datasets) {
                DatasetSplits full = Benchmarks.get(dataset).read(root);
                DatasetSplits train = ClassSubsample.apply(FewShotSampler.fewShot(full, shots, seed, null, null),
                        ClassSubsample.Subset.BASE);
                DatasetSplits test = ClassSubsample.apply(full, ClassSubsample.Subset.BASE);
                List<String> names = train.classnames();
                progress.printf("probe: %s, %d base classes, %d train and %d test images%n", dataset, names.size(),
                        train.train().size(), test.test().size());
                try (NDManager m = clip.weights().manager().newSubManager();
                        ZeroShotClassifier zs = ZeroShotClassifier.build(clip, tokenizer, names,
                                List.of(Templates.coop(dataset)))) {
                    int[][] labels = new int[2][];
                    NDArray xTrain = features(clip, train.train(), names.size(), m, labels, 0);
                    NDArray xTest = features(clip, test.test(), names.size(), m, labels, 1);
                    NDArray w = probe.fit(zs.weights().duplicate(), xTrain, labels[0], steps);
                    w.attach(m);
                    name.append(dataset);
                    classes.append(names.size());
                    trainImages.append(labels[0].length);
                    zeroShot.append(round(FewShotLinearProbe.accuracy(zs.weights(), xTest, labels[1])));
                    probeTrain.append(round(FewShotLinearProbe.accuracy(w, xTrain, labels[0])));
                    probeTest.append(round(FewShotLinearProbe.accuracy(w, xTest, labels[1])));
                    gain.append(round(probeTest.getDouble(probeTest.size() - 1)
                            - zeroShot.getDouble(zeroShot.size() - 1)));
                }
            }
        }
        Table t = Table.create(String.format("Linear probe from zero-shot, %d shots, seed %d, %d steps (test %%)",
                shots, seed, steps), name, classes, trainImages, zeroShot, probeTrain, probeTest, gain);
        return t;
    }

    /** Unit image features [n, embed] of {@code items} (test transform); their labels go to {@code labels[slot]}. */
    private static NDArray features(Clip clip, List<Datum> items, int classes, NDManager into, int[][] labels,
            int slot) {
        ImagePreprocess preprocess = new ImagePreprocess(clip.config().imageResolution()).withoutAugmentation();
        List<NDArray> parts = new ArrayList<>();
        List<Integer> ys = new ArrayList<>();
        try (DatasetBatches batches = new DatasetBatches(items, preprocess, BATCH, false, 0, classes, 1, false)) {
            for (Batch b : batches.epoch(0, into)) {
                NDArray f = Clip.normalize(clip.encodeImage(b.images()));
                f.attach(into);
                parts.add(f);
                for (int y : b.labels()) {
                    ys.add(y);
                }
            }
        }
        labels[slot] = ys.stream().mapToInt(Integer::intValue).toArray();
        return NDArrays.concat(new NDList(parts), 0);
    }

    private static int positive(String option, String v) {
        int n = Integer.parseInt(v);
        if (n < 1) {
            throw new KitException(option + " must be at least 1, got " + v);
        }
        return n;
    }

    private static double round(double x) {
        return Math.round(x * 100) / 100.0;
    }
}
