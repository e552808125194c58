package org.commakit.protocol;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntConsumer;
import org.commakit.KitException;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipTokenizer;
import org.commakit.clip.ImagePreprocess;
import org.commakit.clip.ZeroShotClassifier;
import org.commakit.data.ClassSubsample;
import org.commakit.data.DatasetBatches;
import org.commakit.data.DatasetSplits;
import org.commakit.prompt.PromptLearner;
import org.commakit.train.Checkpoint;
import org.commakit.train.Method;
import org.commakit.train.TrainConfig;
import org.commakit.train.SideEvaluator;
import org.commakit.train.Trainer;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * Which side of a learner's prompts its change against zero-shot CLIP comes from
 * (docs/mini-world.md#why-stories-fail). The prompts a {@code ./kit reproduce} run trained (cross-dataset:
 * on the source, tested on the source, the targets and the variants; base-to-new: on each dataset's base classes,
 * tested on its base and its new classes) are tested four ways: zero-shot CLIP (CLIP's own
 * image features against the hand-crafted template's class features), the learner as trained (its image features
 * against its class features: the accuracy the reproduce tables report), its image side only (its image features
 * against the template's class features) and its text side only (CLIP's own image features against its class
 * features). CoOp and CoCoOp do not prompt the image encoder, so for them the text side is the learner. Beside them,
 * the image drift {@code 1 - mean cos(learner's, CLIP's own image feature)}. Read from the checkpoints of a {@code
 * ./kit reproduce} results folder.
 */
public final class PromptSides {
    private static final int TEST_BATCH = 100;

    private PromptSides() {
    }

    /**
     * One row per dataset, role and method (cross-dataset: the source, the targets, the variants; base-to-new: each
     * dataset's base and new classes), then each role's average ("Average"): the image drift and the four top-1
     * accuracies (%), each averaged over {@code seeds}.
     *
     * @param progress called with the number of datasets done
     */
    public static Table measure(Preset preset, Path results, Protocol protocol, List<Method> methods,
            List<Integer> seeds, IntConsumer progress) {
        for (Method m : methods) {
            if (m != Method.COOP && m != Method.MAPLE && m != Method.COMMA) {
                throw new KitException("prompt sides: " + m.id() + " is not measured here (its text prompts depend on "
                        + "the image or it has no prompts); choose from CoOp, MaPLe, COMMA");
            }
        }
        if (seeds.isEmpty() || methods.isEmpty()) {
            throw new KitException("prompt sides: give at least one method and one seed");
        }
        ProtocolDatasets sets = preset.datasets();
        boolean baseToNew = protocol == Protocol.BASE_TO_NEW;
        // dataset -> the roles it is tested in (base-to-new: the base and the new classes)
        Map<String, List<String>> roles = new LinkedHashMap<>();
        if (baseToNew) {
            sets.baseToNew().forEach(d -> roles.put(d, List.of("base", "new")));
        } else {
            roles.put(sets.source(), List.of("source"));
            sets.targets(Protocol.CROSS_DATASET).forEach(d -> roles.put(d, List.of("target")));
            sets.targets(Protocol.DOMAIN_GENERALIZATION).forEach(d -> roles.put(d, List.of("variant")));
        }
        for (Method m : methods) {
            for (int seed : seeds) {
                for (String d : baseToNew ? sets.baseToNew() : List.of(sets.source())) {
                    Path dir = runDir(results, m, protocol, d, seed);
                    if (Checkpoint.latest(dir).isEmpty()) {
                        throw new KitException("no " + protocol.id() + " checkpoint of " + m.id() + " seed " + seed
                                + " in " + dir + ": run ./kit reproduce --protocol " + protocol.id() + " --methods "
                                + m.id() + " --seeds " + seed + " --out " + results + " first");
                    }
                }
            }
        }
        StringColumn dataset = StringColumn.create("dataset");
        StringColumn role = StringColumn.create("role");
        StringColumn method = StringColumn.create("method");
        DoubleColumn drift = DoubleColumn.create("image drift");
        DoubleColumn zeroShot = DoubleColumn.create("zero-shot");
        DoubleColumn learned = DoubleColumn.create("learner");
        DoubleColumn imageOnly = DoubleColumn.create("image side only");
        DoubleColumn textOnly = DoubleColumn.create("text side only");
        int done = 0;
        Map<String, List<double[]>> byRole = new LinkedHashMap<>(); // "role method" -> rows, for the averages
        Path root = preset.prepare();
        try (Clip clip = preset.loadClip()) {
            Frozen frozen = new Frozen(clip, preset.tokenizer(), new ImagePreprocess(clip.config().imageResolution()));
            for (Map.Entry<String, List<String>> d : roles.entrySet()) {
                DatasetSplits full = preset.catalog().reader(d.getKey()).read(root);
                String template = preset.catalog().template(d.getKey());
                for (String r : d.getValue()) {
                    DatasetSplits split = switch (r) {
                        case "base" -> ClassSubsample.apply(full, ClassSubsample.Subset.BASE);
                        case "new" -> ClassSubsample.apply(full, ClassSubsample.Subset.NEW);
                        default -> full;
                    };
                    // the template's class features once per split, for every method and seed
                    try (ZeroShotClassifier handCrafted = ZeroShotClassifier.build(clip, frozen.tokenizer(),
                            split.classnames(), List.of(template))) {
                        for (Method m : methods) {
                            double[] sum = new double[5];
                            for (int seed : seeds) {
                                Path dir = runDir(results, m, protocol, baseToNew ? d.getKey() : sets.source(), seed);
                                double[] one = sides(frozen, split, handCrafted, m, dir);
                                for (int i = 0; i < sum.length; i++) {
                                    sum[i] += one[i] / seeds.size();
                                }
                            }
                            byRole.computeIfAbsent(r + " " + m.id(), k -> new ArrayList<>()).add(sum);
                            append(dataset, role, method, new DoubleColumn[] {drift, zeroShot, learned, imageOnly,
                                    textOnly}, d.getKey(), r, m.id(), sum);
                        }
                    }
                }
                progress.accept(++done);
            }
        }
        // the average of each role's rows per method (targets, variants, base, new), as the protocol's tables
        byRole.forEach((key, rows) -> {
            String[] rm = key.split(" ", 2);
            if (rows.size() > 1) {
                double[] mean = new double[5];
                rows.forEach(row -> {
                    for (int i = 0; i < mean.length; i++) {
                        mean[i] += row[i] / rows.size();
                    }
                });
                append(dataset, role, method, new DoubleColumn[] {drift, zeroShot, learned, imageOnly, textOnly},
                        "Average", rm[0], rm[1], mean);
            }
        });
        drift.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(4));
        for (DoubleColumn c : List.of(zeroShot, learned, imageOnly, textOnly)) {
            c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
        }
        return Table.create(protocol.id() + " prompts by side, top-1 (%), seeds " + String.join(",",
                seeds.stream().map(String::valueOf).toList()), dataset, role, method, drift, zeroShot, learned,
                imageOnly, textOnly);
    }

    static Path runDir(Path results, Method m, Protocol protocol, String trainedOn, int seed) {
        Job training = protocol == Protocol.BASE_TO_NEW ? Job.baseToNew(m, trainedOn, seed, Phase.TRAIN_BASE)
                : Job.trainAll(m, trainedOn, seed);
        return results.resolve("runs").resolve(training.id());
    }

    private static void append(StringColumn dataset, StringColumn role, StringColumn method, DoubleColumn[] values,
            String d, String r, String m, double[] row) {
        dataset.append(d);
        role.append(r);
        method.append(m);
        for (int i = 0; i < values.length; i++) {
            values[i].append(row[i]);
        }
    }

    /** The frozen CLIP, its tokenizer and its test-time preprocessing. */
    public record Frozen(Clip clip, ClipTokenizer tokenizer, ImagePreprocess preprocess) {
    }

    /**
     * {drift, zero-shot, learner, image side only, text side only} of the prompts trained in {@code runDir} on the
     * test images of {@code data}, among its classes ({@link SideEvaluator}).
     */
    static double[] sides(Frozen frozen, DatasetSplits data, String template, Method method, Path runDir) {
        try (ZeroShotClassifier handCrafted = ZeroShotClassifier.build(frozen.clip(), frozen.tokenizer(),
                data.classnames(), List.of(template))) {
            return sides(frozen, data, handCrafted, method, runDir);
        }
    }

    private static double[] sides(Frozen frozen, DatasetSplits data, ZeroShotClassifier handCrafted, Method method,
            Path runDir) {
        Checkpoint checkpoint = Checkpoint.latest(runDir).orElseThrow();
        TrainConfig config = method.referenceConfig(true, 16, null).with(checkpoint.config(),
                "checkpoint " + checkpoint.dir());
        try (PromptLearner learner = method.learner(config, frozen.clip(), frozen.tokenizer(), data.classnames());
             DatasetBatches batches = DatasetBatches.test(data.test(), frozen.preprocess(), TEST_BATCH)
                     .classes(data.numClasses()).threads(2)) {
            Trainer.loadCheckpoint(learner, runDir);
            return SideEvaluator.evaluate(learner, handCrafted, frozen.clip(), batches).values();
        }
    }
}
