package org.commakit.protocol;

import org.commakit.train.Method;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.text.DecimalFormat;
import java.text.DecimalFormatSymbols;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;
import tech.tablesaw.columns.numbers.NumberColumnFormatter;
import tech.tablesaw.io.csv.CsvWriteOptions;

/**
 * The papers' result tables, computed from stored results (docs/data-protocol.md#the-three-protocols, docs/data-protocol.md#evaluation). Every number is the mean
 * over the seeds stored for it; a cell with no stored result is missing (printed empty), and so is any average that
 * would need it.
 *
 * <ul>
 *   <li>{@link #baseToNew}: a row per dataset plus "Average"; columns Base, New, HM per method. HM is taken on the
 *       seed means; the Average row is the mean Base and the mean New over the datasets, then the HM of those two
 *       (not the mean of the per-dataset HMs).</li>
 *   <li>{@link #crossDataset}: a row per method; the source's accuracy, each target's, and the mean over the
 *       targets (the source excluded).</li>
 *   <li>{@link #domainGeneralization}: the same for the ImageNet variants; the Source column is the xd
 *       {@code test-source} result, since both protocols share the checkpoints.</li>
 * </ul>
 * Values keep full precision; {@link #pretty} and {@link #writeCsv} show two decimals, as the papers do. The papers'
 * HMs were worked out by hand from two-decimal means, so they can differ from the kit's in the last digit.
 */
public final class ResultTables {

    /** The label of the average row (base-to-new) and column (xd, dg); also the dataset name in published rows. */
    public static final String AVERAGE = "Average";
    /** The first column of the base-to-new table. */
    public static final String DATASET = "Dataset";
    /** The first column of the xd and dg tables. */
    public static final String METHOD = "Method";
    /** The three metrics of a base-to-new method, in column order. */
    public static final List<String> METRICS = List.of("Base", "New", "HM");

    private ResultTables() {}

    /** The base-to-new column of a method and metric, e.g. {@code "COMMA HM"}. */
    public static String column(Method method, String metric) {
        if (!METRICS.contains(metric)) {
            throw new IllegalArgumentException("Metric '" + metric + "' is not one of " + METRICS + ".");
        }
        return method.id() + " " + metric;
    }

    /** The mean accuracy over the seeds stored for one method, protocol, dataset and phase. */
    public static OptionalDouble seedMean(List<ResultRow> rows, Method method, Protocol protocol, String dataset,
                                          Phase phase) {
        return rows.stream()
                .filter(r -> r.method() == method && r.protocol() == protocol && r.dataset().equals(dataset)
                        && r.phase() == phase && !Double.isNaN(r.accuracy()))
                .mapToDouble(ResultRow::accuracy)
                .average();
    }

    /** The base-to-new table (docs/data-protocol.md#base-to-new): datasets in the given order, then "Average". */
    public static Table baseToNew(List<ResultRow> rows, List<String> datasets, List<Method> methods) {
        StringColumn names = StringColumn.create(DATASET);
        datasets.forEach(names::append);
        names.append(AVERAGE);
        Table table = Table.create("Base-to-new generalization", names);
        for (Method m : methods) {
            DoubleColumn base = DoubleColumn.create(column(m, "Base"));
            DoubleColumn novel = DoubleColumn.create(column(m, "New"));
            DoubleColumn hm = DoubleColumn.create(column(m, "HM"));
            for (String dataset : datasets) {
                double b = orNaN(seedMean(rows, m, Protocol.BASE_TO_NEW, dataset, Phase.TEST_BASE));
                double n = orNaN(seedMean(rows, m, Protocol.BASE_TO_NEW, dataset, Phase.TEST_NEW));
                base.append(b);
                novel.append(n);
                hm.append(HarmonicMean.of(b, n));
            }
            double meanBase = meanOfAll(base);
            double meanNew = meanOfAll(novel);
            base.append(meanBase);
            novel.append(meanNew);
            hm.append(HarmonicMean.of(meanBase, meanNew));
            table.addColumns(base, novel, hm);
        }
        return formatted(table);
    }

    /** The cross-dataset table (docs/data-protocol.md#cross-dataset): a row per method; source, targets, mean over targets. */
    public static Table crossDataset(List<ResultRow> rows, ProtocolDatasets datasets, List<Method> methods) {
        return transfer(rows, datasets, methods, Protocol.CROSS_DATASET, "Cross-dataset transfer");
    }

    /** The domain-generalization table (docs/data-protocol.md#domain-generalization): a row per method; source, variants, mean over variants. */
    public static Table domainGeneralization(List<ResultRow> rows, ProtocolDatasets datasets, List<Method> methods) {
        return transfer(rows, datasets, methods, Protocol.DOMAIN_GENERALIZATION, "Domain generalization");
    }

    private static Table transfer(List<ResultRow> rows, ProtocolDatasets datasets, List<Method> methods,
                                  Protocol protocol, String title) {
        StringColumn names = StringColumn.create(METHOD);
        methods.forEach(m -> names.append(m.id()));
        Table table = Table.create(title, names);
        DoubleColumn source = DoubleColumn.create(datasets.source());
        methods.forEach(m -> source.append(orNaN(
                seedMean(rows, m, Protocol.CROSS_DATASET, datasets.source(), Phase.TEST_SOURCE))));
        table.addColumns(source);
        List<String> targets = datasets.targets(protocol);
        double[][] byTarget = new double[methods.size()][targets.size()];
        for (int t = 0; t < targets.size(); t++) {
            DoubleColumn column = DoubleColumn.create(targets.get(t));
            for (int m = 0; m < methods.size(); m++) {
                byTarget[m][t] = orNaN(seedMean(rows, methods.get(m), protocol, targets.get(t), Phase.TEST_TARGET));
                column.append(byTarget[m][t]);
            }
            table.addColumns(column);
        }
        DoubleColumn average = DoubleColumn.create(AVERAGE);
        for (double[] accuracies : byTarget) {
            average.append(meanOfAll(DoubleColumn.create("", accuracies)));
        }
        table.addColumns(average);
        return formatted(table);
    }

    /** The table as text, numbers with two decimals, missing cells empty. */
    public static String pretty(Table table) {
        return formatted(table).printAll();
    }

    /** Writes the table as CSV with two decimals (raw values stay in the result store); missing cells are empty. */
    public static void writeCsv(Table table, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        formatted(table).write().csv(CsvWriteOptions.builder(file.toFile()).usePrintFormatters(true).build());
    }

    /** Sets the two-decimal print format on every number column. */
    static Table formatted(Table table) {
        for (Column<?> c : table.columns()) {
            if (c instanceof DoubleColumn d) {
                d.setPrintFormatter(new NumberColumnFormatter(
                        new DecimalFormat("0.00", DecimalFormatSymbols.getInstance(Locale.ROOT)), ""));
            }
        }
        return table;
    }

    /** The mean of the column, or NaN when any value is missing (an average over a partial set would mislead). */
    static double meanOfAll(DoubleColumn values) {
        if (values.isEmpty() || values.countMissing() > 0) {
            return Double.NaN;
        }
        return values.mean();
    }

    static double orNaN(OptionalDouble value) {
        return value.isPresent() ? value.getAsDouble() : Double.NaN;
    }
}
