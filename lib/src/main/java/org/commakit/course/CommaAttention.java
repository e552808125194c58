package org.commakit.course;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.Arrays;
import java.util.DoubleSummaryStatistics;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.commakit.KitException;
import org.commakit.clip.ImagePreprocess;
import org.commakit.data.Datum;
import org.commakit.prompt.Comma;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.components.Margin;
import tech.tablesaw.plotly.traces.HeatmapTrace;

/**
 * COMMA's generator attention as chapter 3 shows it: each generator $G_b$ attends from the $n$ vision prompt tokens
 * of block $b-1$ (rows) over the $n$ projected text prompt tokens (columns). The generator reads only prompts, so one
 * forward pass on any image shows the matrices.
 */
public final class CommaAttention {
    private CommaAttention() {
    }

    /** The attention matrices after one forward pass on {@code image}: [generator b-1][vision token][text token]. */
    public static float[][][] of(Course course, Comma comma, Datum image) {
        ImagePreprocess preprocess = course.preprocess();
        try (NDManager m = NDManager.newBaseManager(course.clip().device()); NDScope scope = new NDScope()) {
            NDArray batch = preprocess.toNDArray(m, List.of(preprocess.testTransform(
                    ImagePreprocess.readRgb(image.impath()))));
            comma.forward(batch, 0);
            return comma.lastAttentionValues();
        }
    }

    /** The largest distance of any weight from uniform attention ($1/n$). */
    public static double distanceFromUniform(float[][][] attention) {
        double d = 0;
        for (float[][] matrix : attention) {
            for (float[] row : matrix) {
                for (float w : row) {
                    d = Math.max(d, Math.abs(w - 1.0 / row.length));
                }
            }
        }
        return d;
    }

    /** The matrices as a table: one row per (learner, generator, vision token), one column per text token. */
    public static Table table(String caption, Map<String, float[][][]> byLabel) {
        if (byLabel.isEmpty() || byLabel.values().iterator().next().length == 0) {
            throw new KitException("no attention matrices to tabulate (does the learner have generators? its depth "
                    + "must be 2 or more)");
        }
        int n = byLabel.values().iterator().next()[0].length;
        Table t = Table.create(caption, StringColumn.create("learner"), StringColumn.create("generator"),
                StringColumn.create("vision prompt token"));
        for (int j = 0; j < n; j++) {
            DoubleColumn c = DoubleColumn.create("text token " + (j + 1));
            c.setPrintFormatter(NumberColumnFormatter.fixedWithGrouping(3));
            t.addColumns(c);
        }
        byLabel.forEach((label, a) -> {
            for (int g = 0; g < a.length; g++) {
                for (int i = 0; i < n; i++) {
                    t.stringColumn(0).append(label);
                    t.stringColumn(1).append("G_" + (g + 1));
                    t.stringColumn(2).append(String.valueOf(i + 1));
                    for (int j = 0; j < n; j++) {
                        t.doubleColumn(3 + j).append(a[g][i][j]);
                    }
                }
            }
        });
        return t;
    }

    /** A heatmap of an attention {@link #table}; the title says how narrow the range of the colours is. */
    public static Figure heatmap(String title, Table t) {
        int n = t.columnCount() - 3;
        Object[] columns = IntStream.rangeClosed(1, n).mapToObj(j -> "text token " + j).toArray();
        Object[] rows = IntStream.range(0, t.rowCount()).mapToObj(r -> t.stringColumn(0).get(r) + ", "
                + t.stringColumn(1).get(r) + ", vision token " + t.stringColumn(2).get(r)).toArray();
        double[][] z = new double[t.rowCount()][n];
        for (int r = 0; r < t.rowCount(); r++) {
            for (int j = 0; j < n; j++) {
                z[r][j] = t.doubleColumn(3 + j).getDouble(r);
            }
        }
        DoubleSummaryStatistics range = Arrays.stream(z).flatMapToDouble(Arrays::stream).summaryStatistics();
        String fullTitle = "%s (colours span %.4f to %.4f; uniform is %.4f)".formatted(title, range.getMin(),
                range.getMax(), 1.0 / n);
        return new Figure(Layout.builder().title(fullTitle).width(760).height(160 + 28 * rows.length)
                .margin(Margin.builder().left(300).build())
                .yAxis(Axis.builder().autoRange(Axis.AutoRange.REVERSED).build()).build(),
                HeatmapTrace.builder(columns, rows, z).build());
    }
}
