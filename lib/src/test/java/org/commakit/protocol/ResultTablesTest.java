package org.commakit.protocol;

import org.commakit.train.Method;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class ResultTablesTest {

    /** Sums of three or two two-decimal numbers divided exactly: error of a few ulps at most. */
    private static final double EXACT = 1e-9;

    private static double cell(Table t, String column, int row) {
        return t.doubleColumn(column).getDouble(row);
    }

    @Test
    void seedMeanAveragesTheThreeSeeds() {
        List<ResultRow> rows = HandMadeResults.rows();
        // seeds 90, 91, 95: the mean (92), not the median (91) nor one seed
        assertEquals(92.0, ResultTables.seedMean(rows, Method.COMMA, Protocol.BASE_TO_NEW, "MiniB",
                Phase.TEST_BASE).orElseThrow(), EXACT);
        assertEquals(63.0, ResultTables.seedMean(rows, Method.COMMA, Protocol.BASE_TO_NEW, "MiniB",
                Phase.TEST_NEW).orElseThrow(), EXACT);
        assertTrue(ResultTables.seedMean(rows, Method.COOP, Protocol.BASE_TO_NEW, "MiniB", Phase.TEST_BASE).isEmpty());
    }

    @Test
    void baseToNewRowsAndAverageRowFollowThePapersLayout() {
        Table t = ResultTables.baseToNew(HandMadeResults.rows(), HandMadeResults.DATASETS.baseToNew(),
                HandMadeResults.METHODS);
        assertEquals(List.of("MiniA", "MiniB", "Average"), t.stringColumn("Dataset").asList());
        assertEquals(List.of("Dataset", "ZeroShotCLIP Base", "ZeroShotCLIP New", "ZeroShotCLIP HM", "COMMA Base",
                "COMMA New", "COMMA HM", "CoOp Base", "CoOp New", "CoOp HM"), t.columnNames());

        assertEquals(82.0, cell(t, "COMMA Base", 0), EXACT);
        assertEquals(71.0, cell(t, "COMMA New", 0), EXACT);
        assertEquals(11644.0 / 153, cell(t, "COMMA HM", 0), EXACT);
        assertEquals(11592.0 / 155, cell(t, "COMMA HM", 1), EXACT);
        // Average row: mean Base and mean New over datasets, then the HM of those two
        assertEquals(87.0, cell(t, "COMMA Base", 2), EXACT);
        assertEquals(67.0, cell(t, "COMMA New", 2), EXACT);
        assertEquals(11658.0 / 154, cell(t, "COMMA HM", 2), EXACT);

        assertEquals(10075.0 / 142.5, cell(t, "ZeroShotCLIP HM", 2), EXACT);

        assertEquals(8500.0 / 135, cell(t, "CoOp HM", 0), EXACT);
        assertTrue(t.doubleColumn("CoOp Base").isMissing(1), "no MiniB result: the cell is missing");
        assertTrue(t.doubleColumn("CoOp Base").isMissing(2), "an average over a partial set is not shown");
        assertTrue(t.doubleColumn("CoOp HM").isMissing(2));
    }

    @Test
    void crossDatasetRowHasSourceTargetsAndTheMeanOverTargets() {
        Table t = ResultTables.crossDataset(HandMadeResults.rows(), HandMadeResults.DATASETS, HandMadeResults.METHODS);
        assertEquals(List.of("Method", "MiniSource", "MiniA", "MiniB", "Average"), t.columnNames());
        assertEquals(List.of("ZeroShotCLIP", "COMMA", "CoOp"), t.stringColumn("Method").asList());
        assertEquals(61.0, cell(t, "MiniSource", 1), EXACT);
        assertEquals(52.0, cell(t, "MiniA", 1), EXACT);
        assertEquals(40.5, cell(t, "MiniB", 1), EXACT);
        assertEquals(46.25, cell(t, "Average", 1), EXACT);
        assertEquals(55.0, cell(t, "MiniSource", 0), EXACT);
        assertTrue(t.doubleColumn("Average").isMissing(0), "zero-shot has no MiniB result");
        assertEquals(1, t.doubleColumn("MiniA").countMissing());
        assertTrue(t.doubleColumn("MiniA").isMissing(2), "CoOp has no cross-dataset result");
    }

    @Test
    void domainGeneralizationRowTakesItsSourceFromTheCrossDatasetRun() {
        Table t = ResultTables.domainGeneralization(HandMadeResults.rows(), HandMadeResults.DATASETS,
                HandMadeResults.METHODS);
        assertEquals(List.of("Method", "MiniSource", "MiniV1", "MiniV2", "Average"), t.columnNames());
        assertEquals(61.0, cell(t, "MiniSource", 1), EXACT);
        assertEquals(31.0, cell(t, "MiniV1", 1), EXACT);
        assertEquals(20.0, cell(t, "MiniV2", 1), EXACT);
        assertEquals(25.5, cell(t, "Average", 1), EXACT);
        assertEquals(30.0, cell(t, "Average", 0), EXACT);
    }

    @Test
    void csvAndPrettyTextShowTwoDecimalsAndEmptyCells(@TempDir Path dir) throws IOException {
        Table t = ResultTables.baseToNew(HandMadeResults.rows(), HandMadeResults.DATASETS.baseToNew(),
                List.of(Method.COMMA, Method.COOP));
        Path csv = dir.resolve("tables/base2new.csv");
        ResultTables.writeCsv(t, csv);
        assertEquals(List.of(
                "Dataset,COMMA Base,COMMA New,COMMA HM,CoOp Base,CoOp New,CoOp HM",
                "MiniA,82.00,71.00,76.10,85.00,50.00,62.96",
                "MiniB,92.00,63.00,74.79,,,",
                "Average,87.00,67.00,75.70,,,"), Files.readAllLines(csv));
        String text = ResultTables.pretty(t);
        assertTrue(text.contains("Base-to-new generalization"), text);
        assertTrue(text.lines().anyMatch(l -> l.contains("Average") && l.contains("75.70")), text);
        assertEquals(82.0, t.doubleColumn("COMMA Base").getDouble(0), 0.0, "values keep full precision");
    }
}
