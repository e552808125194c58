package org.commakit.plot;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.commakit.protocol.BesidePublished;
import org.commakit.train.Method;
import org.commakit.protocol.Protocol;
import org.commakit.protocol.ReproduceReport;
import org.commakit.protocol.ResultTables;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Axis;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.BarTrace;
import tech.tablesaw.plotly.traces.Trace;

/**
 * Plotly bar charts of the result tables ({@link ResultTables}, {@link BesidePublished}). Each method returns a
 * Tablesaw {@link Figure}; {@link #writeAll} writes figures through a {@link FigureWriter}. A missing value becomes a
 * gap (NaN), never a zero bar.
 */
public final class ResultPlots {

    private static final String ACCURACY = "Accuracy (%)";

    private ResultPlots() {}

    /** One metric (Base, New or HM) of the base-to-new table: a group per dataset ("Average" last), a bar per method. */
    public static Figure baseToNewMetric(Table baseToNew, List<Method> methods, String metric) {
        Object[] datasets = categories(baseToNew, ResultTables.DATASET);
        List<Trace> traces = new ArrayList<>();
        for (Method m : methods) {
            traces.add(bar(m.label(), datasets, values(baseToNew, ResultTables.column(m, metric))));
        }
        return figure("Base-to-new: " + metric + " per dataset", ACCURACY, datasets.length * methods.size(), traces);
    }

    /** One method's Base, New and HM per dataset: a group per dataset, three bars. */
    public static Figure baseToNewOfMethod(Table baseToNew, Method method) {
        Object[] datasets = categories(baseToNew, ResultTables.DATASET);
        List<Trace> traces = new ArrayList<>();
        for (String metric : ResultTables.METRICS) {
            traces.add(bar(metric, datasets, values(baseToNew, ResultTables.column(method, metric))));
        }
        return figure("Base-to-new: " + method.label() + " Base, New and HM", ACCURACY, datasets.length * 3, traces);
    }

    /** HM of each trained method minus zero-shot CLIP's HM, per dataset; the table must hold zero-shot CLIP. */
    public static Figure hmGainOverZeroShot(Table baseToNew, List<Method> methods) {
        String zeroShotColumn = ResultTables.column(Method.ZERO_SHOT_CLIP, "HM");
        if (!baseToNew.columnNames().contains(zeroShotColumn)) {
            throw new IllegalArgumentException("The base-to-new table has no '" + zeroShotColumn + "' column; build it "
                    + "with Method.ZERO_SHOT_CLIP among the methods to plot gains over zero-shot CLIP.");
        }
        Object[] datasets = categories(baseToNew, ResultTables.DATASET);
        double[] zeroShot = values(baseToNew, zeroShotColumn);
        List<Trace> traces = new ArrayList<>();
        for (Method m : methods) {
            if (m == Method.ZERO_SHOT_CLIP) {
                continue;
            }
            double[] hm = values(baseToNew, ResultTables.column(m, "HM"));
            double[] gain = new double[hm.length];
            for (int i = 0; i < hm.length; i++) {
                gain[i] = hm[i] - zeroShot[i];
            }
            traces.add(bar(m.label(), datasets, gain));
        }
        return figure("Base-to-new: HM gain over zero-shot CLIP", "HM difference (points)",
                datasets.length * traces.size(), traces);
    }

    /**
     * A cross-dataset or domain-generalization table: a group per column (source, targets, Average), a bar per method.
     */
    public static Figure transfer(Table transfer) {
        List<String> columns = transfer.columnNames().subList(1, transfer.columnCount());
        Object[] datasets = columns.toArray();
        StringColumn methods = transfer.stringColumn(ResultTables.METHOD);
        List<Trace> traces = new ArrayList<>();
        for (int row = 0; row < transfer.rowCount(); row++) {
            double[] accuracies = new double[columns.size()];
            for (int c = 0; c < columns.size(); c++) {
                accuracies[c] = transfer.doubleColumn(columns.get(c)).getDouble(row);
            }
            traces.add(bar(methods.get(row), datasets, accuracies));
        }
        return figure(transfer.name(), ACCURACY, datasets.length * traces.size(), traces);
    }

    /**
     * The Average row beside the published one: a group per method, a "Kit" and a "Paper" bar for {@code metric};
     * a method with no published number has no Paper bar.
     *
     * @param beside a table made by {@link BesidePublished#baseToNew}
     */
    public static Figure publishedVsKit(Table beside, String metric) {
        // CTP/TFT (provisional interpretation; paper text unavailable) has no published counterpart: not in this plot
        Table average = beside.where(beside.stringColumn(ResultTables.DATASET).isEqualTo(ResultTables.AVERAGE)
                .and(beside.stringColumn(ResultTables.METHOD).eval(m -> Method.of(m).hasPublishedCounterpart())));
        Object[] methods = categories(average, ResultTables.METHOD);
        List<Trace> traces = List.of(
                bar("Kit", methods, values(average, metric)),
                bar("Paper", methods, values(average, metric + " " + BesidePublished.PAPER)));
        return figure("Base-to-new average " + metric + ": kit and published", ACCURACY, methods.length * 2, traces);
    }

    /** The standard set of a main-job report (Reproduce.report), keyed by file name without extension. */
    public static Map<String, Figure> of(ReproduceReport report) {
        return standardSet(report.baseToNew(), report.baseToNewBesidePublished(), report.crossDataset(),
                report.domainGeneralization(), report.methods());
    }

    /**
     * Writes the standard set of {@code report} as offline pages {@code folder/<name>.html} that share one plotly.js
     * beside them ({@link FigureWriter#besideLibrary()}); returns the pages.
     */
    public static List<Path> write(ReproduceReport report, Path folder) throws IOException {
        FigureWriter offline = FigureWriter.besideLibrary();
        return writeAll(of(report), folder, (figure, file) -> {
            Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
            try {
                offline.write(figure, tmp);
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } finally {
                Files.deleteIfExists(tmp);
            }
        });
    }

    /**
     * The standard set for a base-to-new table, a cross-dataset and a domain-generalization table (either may be
     * null), keyed by file name without extension.
     */
    public static Map<String, Figure> standardSet(Table baseToNew, Table besidePublished, Table crossDataset,
                                                  Table domainGeneralization, List<Method> methods) {
        Map<String, Figure> figures = new LinkedHashMap<>();
        if (baseToNew != null) {
            for (String metric : ResultTables.METRICS) {
                figures.put("base2new-" + metric.toLowerCase(Locale.ROOT),
                        baseToNewMetric(baseToNew, methods, metric));
            }
            if (methods.contains(Method.ZERO_SHOT_CLIP)) {
                figures.put("base2new-hm-gain", hmGainOverZeroShot(baseToNew, methods));
            }
        }
        if (besidePublished != null) {
            figures.put("base2new-average-vs-published", publishedVsKit(besidePublished, "HM"));
        }
        if (crossDataset != null) {
            figures.put(Protocol.CROSS_DATASET.id(), transfer(crossDataset));
        }
        if (domainGeneralization != null) {
            figures.put(Protocol.DOMAIN_GENERALIZATION.id(), transfer(domainGeneralization));
        }
        return figures;
    }

    /** Writes each figure to {@code folder/<name>.html} and returns the files, in map order. */
    public static List<Path> writeAll(Map<String, Figure> figures, Path folder, FigureWriter writer)
            throws IOException {
        Files.createDirectories(folder);
        List<Path> written = new ArrayList<>();
        for (Map.Entry<String, Figure> e : figures.entrySet()) {
            Path file = folder.resolve(e.getKey() + ".html");
            writer.write(e.getValue(), file);
            written.add(file);
        }
        return written;
    }

    private static BarTrace bar(String name, Object[] categories, double[] values) {
        return BarTrace.builder(categories, values).name(name).build();
    }

    private static Figure figure(String title, String yTitle, int bars, List<Trace> traces) {
        Layout layout = Layout.builder()
                .title(title)
                .barMode(Layout.BarMode.GROUP)
                .width(Math.max(700, Math.min(1800, 200 + 14 * bars)))
                .height(500)
                .yAxis(Axis.builder().title(yTitle).build())
                .build();
        return new Figure(layout, traces.toArray(new Trace[0]));
    }

    private static Object[] categories(Table table, String column) {
        if (!table.columnNames().contains(column)) {
            throw new IllegalArgumentException("Table '" + table.name() + "' has no '" + column + "' column; columns are "
                    + table.columnNames() + ".");
        }
        return table.stringColumn(column).asList().toArray();
    }

    private static double[] values(Table table, String column) {
        if (!table.columnNames().contains(column)) {
            throw new IllegalArgumentException("Table '" + table.name() + "' has no '" + column + "' column; columns are "
                    + table.columnNames() + ". Was it built with this method?");
        }
        DoubleColumn c = table.doubleColumn(column);
        return c.asDoubleArray();
    }
}
