package org.commakit.course;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.commakit.KitException;
import org.commakit.protocol.HarmonicMean;
import org.commakit.protocol.RecordedRun;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.BarTrace;
import ai.djl.ndarray.NDArray;
import org.commakit.prompt.PromptLearner;

/** The chapters' tables and plots: accuracy columns, base/new tables, a learner's tensors. */
public final class CourseTables {
    private CourseTables() {
    }

    /** A column of accuracies (percentage points) shown with one decimal. */
    public static DoubleColumn points(String name, double... values) {
        DoubleColumn column = DoubleColumn.create(name, values);
        column.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(1));
        return column;
    }

    /** A column of numbers shown with a fixed number of decimals. */
    public static DoubleColumn fixed(String name, int decimals, double... values) {
        DoubleColumn column = DoubleColumn.create(name, values);
        column.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(decimals));
        return column;
    }

    /**
     * A base-to-new table: per method its base and new top-1, their harmonic mean, and both against the first row
     * (the reference, usually zero-shot CLIP).
     */
    public static Table baseToNew(String caption, List<String> methods, double[] base, double[] novel) {
        if (methods.isEmpty() || methods.size() != base.length || base.length != novel.length) {
            throw new KitException("a base-to-new table needs one base and one new accuracy per method: "
                    + methods.size() + " methods, " + base.length + " base and " + novel.length + " new values");
        }
        return Table.create(caption, StringColumn.create("method", methods), points("Base", base),
                points("New", novel),
                points("HM", IntStream.range(0, base.length).mapToDouble(i -> HarmonicMean.of(base[i], novel[i]))
                        .toArray()),
                points("Base vs " + methods.get(0), Arrays.stream(base).map(b -> b - base[0]).toArray()),
                points("New vs " + methods.get(0), Arrays.stream(novel).map(n -> n - novel[0]).toArray()));
    }

    /**
     * One row of a recorded run's base-to-new table ({@code dataset}, or "Average") as {@link #baseToNew}: one row per
     * method of {@code methods} (method ids; the first is the reference, zero-shot CLIP is shown as "zero-shot CLIP"),
     * captioned "base-to-new on DATASET, recorded run ID" (or "base-to-new, average of the datasets, ..."). The numbers are the run's, read from its table.
     */
    public static Table recordedBaseToNew(RecordedRun run, String dataset, List<String> methods) {
        Table b2n = run.report().baseToNew();
        if (b2n == null) {
            throw new KitException("the recorded run " + run.id() + " has no base-to-new table");
        }
        List<String> datasets = b2n.stringColumn("Dataset").asList();
        int row = datasets.indexOf(dataset);
        if (row < 0) {
            throw new KitException("the recorded run " + run.id() + " has no base-to-new row '" + dataset
                    + "'; its rows are " + datasets);
        }
        double[] base = new double[methods.size()];
        double[] novel = new double[methods.size()];
        for (int i = 0; i < methods.size(); i++) {
            String m = methods.get(i);
            if (!b2n.columnNames().contains(m + " Base")) {
                throw new KitException("the recorded run " + run.id() + " has no method '" + m + "'; it has "
                        + run.report().methods().stream().map(org.commakit.train.Method::id).toList());
            }
            base[i] = b2n.doubleColumn(m + " Base").getDouble(row);
            novel[i] = b2n.doubleColumn(m + " New").getDouble(row);
        }
        List<String> names = methods.stream()
                .map(m -> m.equals(org.commakit.train.Method.ZERO_SHOT_CLIP.id()) ? "zero-shot CLIP" : m).toList();
        String what = dataset.equals("Average") ? "base-to-new, average of the datasets" : "base-to-new on " + dataset;
        return baseToNew(what + ", recorded run " + run.id(), names, base, novel);
    }

    /** Grouped bars of base and new accuracy per method. */
    public static Figure baseToNewBars(String title, List<String> methods, double[] base, double[] novel) {
        Object[] names = methods.toArray();
        return new Figure(Layout.builder().title(title).barMode(Layout.BarMode.GROUP).width(640).height(420)
                .yAxis(Axis.builder().title("top-1 (%)").build()).build(),
                BarTrace.builder(names, base).name("Base").build(),
                BarTrace.builder(names, novel).name("New").build());
    }

    /** The tensors each learner trains: name, shape and number of values, one row per tensor. */
    public static Table trainables(String caption, Map<String, PromptLearner> learners) {
        StringColumn learner = StringColumn.create("learner");
        StringColumn tensor = StringColumn.create("tensor");
        StringColumn shape = StringColumn.create("shape");
        IntColumn values = IntColumn.create("values");
        learners.forEach((label, l) -> {
            for (Map.Entry<String, NDArray> e : l.trainableParameters().entrySet()) {
                learner.append(label);
                tensor.append(e.getKey());
                shape.append(e.getValue().getShape().toString());
                values.append(Math.toIntExact(e.getValue().size()));
            }
        });
        return Table.create(caption, learner, tensor, shape, values);
    }

    /**
     * Each method's accuracies minus zero-shot CLIP's, column by column, for a cross-dataset or domain-generalization
     * table (first column "Method", one row per method, one accuracy column per dataset), in points with 2 decimals.
     */
    public static Table againstZeroShot(Table transfer, String caption) {
        StringColumn methods = transfer.stringColumn(0);
        int zeroShot = methods.asList().indexOf(org.commakit.train.Method.ZERO_SHOT_CLIP.id());
        if (zeroShot < 0) {
            throw new KitException("the table '" + transfer.name() + "' has no "
                    + org.commakit.train.Method.ZERO_SHOT_CLIP.id() + " row; put Method.ZERO_SHOT_CLIP into the "
                    + "chapter's METHODS (first cell) to compare with it");
        }
        Table out = Table.create(caption, methods.copy());
        for (String column : transfer.columnNames().subList(1, transfer.columnCount())) {
            DoubleColumn values = transfer.doubleColumn(column);
            DoubleColumn change = values.subtract(values.getDouble(zeroShot));
            change.setName(column);
            change.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(2));
            out.addColumns(change);
        }
        return out;
    }

    /** How many values a learner trains. */
    public static long trainableCount(PromptLearner learner) {
        return learner.trainableParameters().values().stream().mapToLong(NDArray::size).sum();
    }
}
