package org.commakit.course;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.commakit.KitException;
import org.commakit.prompt.PromptLearner;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.LongColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;

/**
 * What prompt learners hold, by module, and what moved in training: the tables of chapter 3. A module is a tensor
 * name without its last parts ({@code generator.2.mlp1.weight} is in {@code generator.2}, {@code proj.bias} in
 * {@code proj}). Tensors the optimiser is given are a learner's {@code trainableParameters()}; the others are its
 * {@code frozenState()} (COMMA's generators in faithful mode).
 */
public final class LearnerTensors {
    private LearnerTensors() {
    }

    /** {@code "generator.2.mlp1.weight"} → {@code "generator.2"}; {@code "proj.bias"} → {@code "proj"}. */
    public static String module(String tensor) {
        String[] parts = tensor.split("\\.");
        return parts.length > 2 && parts[1].matches("\\d+") ? parts[0] + "." + parts[1] : parts[0];
    }

    /** Per learner and module: how many tensors and values, and whether the optimiser is given them. */
    public static Table holdings(String caption, Map<String, PromptLearner> learners) {
        Table t = Table.create(caption, StringColumn.create("learner"), StringColumn.create("module"),
                IntColumn.create("tensors"), LongColumn.create("elements"),
                StringColumn.create("given to the optimiser"));
        learners.forEach((label, learner) -> {
            Map<String, long[]> modules = new LinkedHashMap<>(); // module -> {tensors, elements, trainable}
            learner.trainableParameters().forEach((name, a) -> add(modules, name, a, true));
            learner.frozenState().forEach((name, a) -> add(modules, name, a, false));
            modules.forEach((module, m) -> {
                t.stringColumn(0).append(label);
                t.stringColumn(1).append(module);
                t.intColumn(2).append((int) m[0]);
                t.longColumn(3).append(m[1]);
                t.stringColumn(4).append(m[2] == 1 ? "yes" : "no");
            });
        });
        return t;
    }

    private static void add(Map<String, long[]> modules, String name, NDArray a, boolean trainable) {
        long[] m = modules.computeIfAbsent(module(name), k -> new long[3]);
        m[0]++;
        m[1] += a.size();
        m[2] = trainable ? 1 : 0;
    }

    /** A copy of every tensor of a learner (trainable, then frozen), by name, as float32 values. */
    public static Map<String, float[]> snapshot(PromptLearner learner) {
        Map<String, float[]> out = new LinkedHashMap<>();
        learner.trainableParameters().forEach((k, v) -> out.put(k, values(v)));
        learner.frozenState().forEach((k, v) -> out.put(k, values(v)));
        return out;
    }

    /** Snapshots of several learners, by the same labels. */
    public static Map<String, Map<String, float[]>> snapshots(Map<String, PromptLearner> learners) {
        Map<String, Map<String, float[]>> out = new LinkedHashMap<>();
        learners.forEach((label, learner) -> out.put(label, snapshot(learner)));
        return out;
    }

    /**
     * The largest absolute change of any element per learner and module, between {@code before} ({@link #snapshots})
     * and the learners now, with whether the optimiser is given the module (6 decimals; exactly 0 when nothing moved).
     */
    public static Table changes(String caption, Map<String, PromptLearner> learners,
            Map<String, Map<String, float[]>> before) {
        Table t = Table.create(caption, StringColumn.create("learner"), StringColumn.create("module"),
                StringColumn.create("given to the optimiser"), DoubleColumn.create("max |Δ|"));
        t.doubleColumn(3).setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(6));
        learners.forEach((label, learner) -> {
            Map<String, float[]> old = before.get(label);
            if (old == null) {
                throw new KitException("no snapshot of the learner '" + label + "' was taken before training; take "
                        + "LearnerTensors.snapshots(learners) first");
            }
            Map<String, float[]> now = snapshot(learner);
            Set<String> trainable = learner.trainableParameters().keySet();
            Map<String, Double> change = new LinkedHashMap<>();
            old.forEach((name, was) -> {
                float[] is = now.get(name);
                double d = 0;
                for (int i = 0; i < was.length; i++) {
                    d = Math.max(d, Math.abs(is[i] - was[i]));
                }
                change.merge(module(name), d, Math::max);
            });
            change.forEach((module, d) -> {
                t.stringColumn(0).append(label);
                t.stringColumn(1).append(module);
                t.stringColumn(2).append(trainable.stream().anyMatch(n -> module(n).equals(module)) ? "yes" : "no");
                t.doubleColumn(3).append(d);
            });
        });
        return t;
    }

    private static float[] values(NDArray a) {
        try (NDArray f = a.toType(DataType.FLOAT32, true)) {
            return f.toFloatArray();
        }
    }
}
