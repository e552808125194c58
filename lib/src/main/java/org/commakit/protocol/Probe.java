package org.commakit.protocol;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipTokenizer;
import org.commakit.clip.ZeroShotClassifier;
import org.commakit.data.ClassSubsample;
import org.commakit.data.DatasetSplits;
import org.commakit.data.FewShotSampler;
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
public final class Probe {
    private Probe() {}

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
                DatasetSplits full = preset.catalog().reader(dataset).read(root);
                DatasetSplits train = ClassSubsample.apply(FewShotSampler.fewShot(full, shots, seed, null, null),
                        ClassSubsample.Subset.BASE);
                DatasetSplits test = ClassSubsample.apply(full, ClassSubsample.Subset.BASE);
                List<String> names = train.classnames();
                progress.printf("probe: %s, %d base classes, %d train and %d test images%n", dataset, names.size(),
                        train.train().size(), test.test().size());
                try (ZeroShotClassifier zs = ZeroShotClassifier.build(clip, tokenizer, names,
                        List.of(preset.catalog().template(dataset)))) {
                    FewShotLinearProbe.Outcome o = probe.run(clip, zs, train.train(), test.test(), names.size(),
                            steps);
                    name.append(dataset);
                    classes.append(names.size());
                    trainImages.append(o.trainImages());
                    zeroShot.append(round(o.zeroShotTest()));
                    probeTrain.append(round(o.probeTrain()));
                    probeTest.append(round(o.probeTest()));
                    gain.append(round(round(o.probeTest()) - round(o.zeroShotTest())));
                }
            }
        }
        Table t = Table.create(String.format("Linear probe from zero-shot, %d shots, seed %d, %d steps (test %%)",
                shots, seed, steps), name, classes, trainImages, zeroShot, probeTrain, probeTest, gain);
        return t;
    }

    private static double round(double x) {
        return Math.round(x * 100) / 100.0;
    }
}
