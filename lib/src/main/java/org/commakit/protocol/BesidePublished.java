package org.commakit.protocol;

import org.commakit.train.Method;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.OptionalDouble;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;

/**
 * The kit's numbers next to the published ones (docs/official-code-notes.md#published-numbers), with the difference kit minus paper. A published cell
 * that could not be read stays empty, and so does its difference; the paper's HM is shown as reported, not
 * recomputed. A published "Average" is joined only to a kit average over the paper's own dataset list
 * ({@link ProtocolDatasets#paper()}): the mini world's average, or one over a subset, is not comparable. CTP/TFT
 * (provisional interpretation; paper text unavailable) is the kit's own reading of a paper it could not read: its
 * rows never get a published value, their source says {@value #NO_COUNTERPART}.
 */
public final class BesidePublished {

    /** Column suffix of a published value, e.g. {@code "HM paper"}. */
    public static final String PAPER = "paper";
    /** Column suffix of kit minus paper, e.g. {@code "HM delta"}. */
    public static final String DELTA = "delta";
    /** The provenance column. */
    public static final String SOURCE = "Paper source";
    /** The provenance of a method the kit interprets without a paper to compare with (CTP/TFT). */
    public static final String NO_COUNTERPART = "provisional, no published counterpart";

    private BesidePublished() {}

    /**
     * A row per method and dataset (the datasets of {@code baseToNew}, "Average" included): Base, Base paper, Base
     * delta, New, ..., HM delta, Paper source.
     *
     * @param baseToNew a table made by {@link ResultTables#baseToNew}
     * @param methods the methods to show, each with its columns in {@code baseToNew}
     */
    public static Table baseToNew(Table baseToNew, List<Method> methods, PublishedResults published) {
        StringColumn methodColumn = StringColumn.create(ResultTables.METHOD);
        StringColumn datasetColumn = StringColumn.create(ResultTables.DATASET);
        List<DoubleColumn[]> metricColumns = new ArrayList<>();
        for (String metric : ResultTables.METRICS) {
            metricColumns.add(new DoubleColumn[] {DoubleColumn.create(metric),
                DoubleColumn.create(metric + " " + PAPER), DoubleColumn.create(metric + " " + DELTA)});
        }
        StringColumn source = StringColumn.create(SOURCE);
        StringColumn datasets = baseToNew.stringColumn(ResultTables.DATASET);
        boolean averageComparable = sameSet(datasets.asList().stream()
                .filter(d -> !d.equals(ResultTables.AVERAGE)).toList(), ProtocolDatasets.paper().baseToNew());
        for (Method m : methods) {
            for (int row = 0; row < baseToNew.rowCount(); row++) {
                String dataset = datasets.get(row);
                Optional<PublishedResult> paper = !m.hasPublishedCounterpart()
                        || dataset.equals(ResultTables.AVERAGE) && !averageComparable
                        ? Optional.empty() : published.find(m, Protocol.BASE_TO_NEW, dataset);
                methodColumn.append(m.id());
                datasetColumn.append(dataset);
                for (int k = 0; k < ResultTables.METRICS.size(); k++) {
                    String metric = ResultTables.METRICS.get(k);
                    double kit = baseToNew.doubleColumn(ResultTables.column(m, metric)).getDouble(row);
                    OptionalDouble reported = paper.map(p -> switch (metric) {
                        case "Base" -> p.baseAccuracy();
                        case "New" -> p.newAccuracy();
                        default -> p.harmonicMean();
                    }).orElse(OptionalDouble.empty());
                    appendTriple(metricColumns.get(k), kit, reported);
                }
                source.append(m.hasPublishedCounterpart() ? paper.map(PublishedResult::source).orElse("")
                        : NO_COUNTERPART);
            }
        }
        Table table = Table.create("Base-to-new beside published", methodColumn, datasetColumn);
        metricColumns.forEach(table::addColumns);
        table.addColumns(source);
        return ResultTables.formatted(table);
    }

    /**
     * A row per method and column of a transfer table (source, targets, Average): Accuracy, Accuracy paper, Accuracy
     * delta, Paper source. Published xd and dg numbers are read from the {@code accuracy} column.
     *
     * @param transfer a table made by {@link ResultTables#crossDataset} or {@link ResultTables#domainGeneralization}
     * @param protocol {@link Protocol#CROSS_DATASET} or {@link Protocol#DOMAIN_GENERALIZATION}, matching the table
     */
    public static Table transfer(Table transfer, Protocol protocol, PublishedResults published) {
        if (protocol == Protocol.BASE_TO_NEW) {
            throw new IllegalArgumentException("Use BesidePublished.baseToNew for the base2new table.");
        }
        StringColumn methodColumn = StringColumn.create(ResultTables.METHOD);
        StringColumn datasetColumn = StringColumn.create(ResultTables.DATASET);
        DoubleColumn[] triple = {DoubleColumn.create("Accuracy"), DoubleColumn.create("Accuracy " + PAPER),
            DoubleColumn.create("Accuracy " + DELTA)};
        StringColumn source = StringColumn.create(SOURCE);
        StringColumn methods = transfer.stringColumn(ResultTables.METHOD);
        List<String> datasets = transfer.columnNames().subList(1, transfer.columnCount());
        // columns: source, targets..., Average
        boolean averageComparable = sameSet(datasets.subList(1, datasets.size() - 1),
                ProtocolDatasets.paper().targets(protocol));
        for (int row = 0; row < transfer.rowCount(); row++) {
            Method m = Method.of(methods.get(row));
            for (String dataset : datasets) {
                Optional<PublishedResult> paper = !m.hasPublishedCounterpart()
                        || dataset.equals(ResultTables.AVERAGE) && !averageComparable
                        ? Optional.empty() : published.find(m, protocol, dataset);
                methodColumn.append(m.id());
                datasetColumn.append(dataset);
                appendTriple(triple, transfer.doubleColumn(dataset).getDouble(row),
                        paper.map(PublishedResult::accuracy).orElse(OptionalDouble.empty()));
                source.append(m.hasPublishedCounterpart() ? paper.map(PublishedResult::source).orElse("")
                        : NO_COUNTERPART);
            }
        }
        Table table = Table.create(transfer.name() + " beside published", methodColumn, datasetColumn);
        table.addColumns(triple);
        table.addColumns(source);
        return ResultTables.formatted(table);
    }

    private static boolean sameSet(List<String> a, List<String> b) {
        return new HashSet<>(a).equals(new HashSet<>(b));
    }

    private static void appendTriple(DoubleColumn[] columns, double kit, OptionalDouble paper) {
        double reported = ResultTables.orNaN(paper);
        columns[0].append(kit);
        columns[1].append(reported);
        columns[2].append(kit - reported);
    }
}
