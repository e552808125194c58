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

class BesidePublishedTest {

    private static final double EXACT = 1e-9;

    private static Table baseToNew() {
        return ResultTables.baseToNew(HandMadeResults.rows(), HandMadeResults.DATASETS.baseToNew(),
                HandMadeResults.METHODS);
    }

    private static Table overPaperDatasets() {
        return ResultTables.baseToNew(HandMadeResults.overPaperDatasets(), ProtocolDatasets.paper().baseToNew(),
                HandMadeResults.METHODS);
    }

    private static int row(Table t, String method, String dataset) {
        for (int i = 0; i < t.rowCount(); i++) {
            if (t.stringColumn("Method").get(i).equals(method) && t.stringColumn("Dataset").get(i).equals(dataset)) {
                return i;
            }
        }
        throw new AssertionError("no row " + method + " / " + dataset);
    }

    @Test
    void averageRowSitsBesideThePublishedAverageWithKitMinusPaper() {
        Table t = BesidePublished.baseToNew(overPaperDatasets(), HandMadeResults.METHODS, PublishedResults.load());
        assertEquals(List.of("Method", "Dataset", "Base", "Base paper", "Base delta", "New", "New paper", "New delta",
                "HM", "HM paper", "HM delta", "Paper source"), t.columnNames());
        assertEquals(3 * 12, t.rowCount());
        int comma = row(t, "COMMA", "Average");
        assertEquals(85.0, t.doubleColumn("Base").getDouble(comma), EXACT);
        assertEquals(82.42, t.doubleColumn("Base paper").getDouble(comma), 0.0);
        assertEquals(85.0 - 82.42, t.doubleColumn("Base delta").getDouble(comma), EXACT);
        assertEquals(75.87, t.doubleColumn("New paper").getDouble(comma), 0.0);
        assertEquals(75.0 - 75.87, t.doubleColumn("New delta").getDouble(comma), EXACT);
        assertEquals(79.04, t.doubleColumn("HM paper").getDouble(comma), 0.0, "the paper's HM as reported");
        assertEquals(79.6875 - 79.04, t.doubleColumn("HM delta").getDouble(comma), EXACT);
        assertTrue(t.stringColumn("Paper source").get(comma).startsWith("COMMA README"));
        int pets = row(t, "CoOp", "OxfordPets");
        assertEquals(93.67, t.doubleColumn("Base paper").getDouble(pets), 0.0, "per-dataset cells are filled");
        assertEquals(95.29, t.doubleColumn("New paper").getDouble(pets), 0.0);
        assertTrue(t.doubleColumn("Base paper").isMissing(row(t, "COMMA", "OxfordPets")),
                "COMMA's per-dataset table could not be read: the cell stays empty");

        int clip = row(t, "ZeroShotCLIP", "Average");
        assertEquals(69.34, t.doubleColumn("Base paper").getDouble(clip), 0.0, "zero-shot CLIP is 'CLIP' there");
        assertEquals(9100.0 / 135 - 71.70, t.doubleColumn("HM delta").getDouble(clip), EXACT);

        int coop = row(t, "CoOp", "Average");
        assertTrue(t.doubleColumn("Base").isMissing(coop), "the kit has no CoOp UCF101 result");
        assertEquals(82.69, t.doubleColumn("Base paper").getDouble(coop), 0.0);
        assertTrue(t.doubleColumn("Base delta").isMissing(coop));
    }

    @Test
    void prodaSitsBesideItsPublishedAverageAndCtpTftBesideNothing() {
        List<ResultRow> rows = new java.util.ArrayList<>();
        List<String> eleven = ProtocolDatasets.paper().baseToNew();
        for (String d : eleven) {
            for (Method m : List.of(Method.PRODA, Method.CTP_TFT)) {
                rows.add(ResultRow.trained(Job.baseToNew(m, d, 1, Phase.TRAIN_BASE), 9, 5, 16));
                rows.add(ResultRow.of(Job.baseToNew(m, d, 1, Phase.TEST_BASE), 80, 100, 1, 5, 16));
                rows.add(ResultRow.of(Job.baseToNew(m, d, 1, Phase.TEST_NEW), 70, 100, 1, 5, 16));
            }
        }
        List<Method> methods = List.of(Method.PRODA, Method.CTP_TFT);
        Table t = BesidePublished.baseToNew(ResultTables.baseToNew(rows, eleven, methods), methods,
                PublishedResults.load());
        int proda = row(t, "ProDA", "Average");
        assertEquals(81.56, t.doubleColumn("Base paper").getDouble(proda), 0.0);
        assertEquals(72.30, t.doubleColumn("New paper").getDouble(proda), 0.0);
        assertEquals(76.65, t.doubleColumn("HM paper").getDouble(proda), 0.0);
        assertEquals(80 - 81.56, t.doubleColumn("Base delta").getDouble(proda), EXACT);
        for (String d : eleven) {
            assertTrue(t.doubleColumn("Base paper").isMissing(row(t, "ProDA", d)), "no per-dataset ProDA numbers");
        }
        for (int i = 0; i < t.rowCount(); i++) {
            if (t.stringColumn("Method").get(i).equals("CTP-TFT")) {
                assertTrue(t.doubleColumn("HM paper").isMissing(i), "CTP/TFT is never compared with a paper");
                assertTrue(t.doubleColumn("HM delta").isMissing(i));
                assertEquals(BesidePublished.NO_COUNTERPART, t.stringColumn("Paper source").get(i));
            }
        }
        assertEquals("provisional, no published counterpart", BesidePublished.NO_COUNTERPART);
    }

    @Test
    void anAverageOverOtherDatasetsIsNotComparedWithThePapers() {
        Table t = BesidePublished.baseToNew(baseToNew(), HandMadeResults.METHODS, PublishedResults.load());
        int comma = row(t, "COMMA", "Average");
        assertEquals(87.0, t.doubleColumn("Base").getDouble(comma), EXACT);
        assertTrue(t.doubleColumn("Base paper").isMissing(comma));
        assertTrue(t.doubleColumn("HM delta").isMissing(comma));
        assertEquals("", t.stringColumn("Paper source").get(comma));
    }

    @Test
    void emptyPublishedCellsStayEmptyAndSoDoTheirDeltas() {
        Table t = BesidePublished.baseToNew(overPaperDatasets(), HandMadeResults.METHODS, PublishedResults.load());
        int perDataset = row(t, "COMMA", "OxfordPets");
        assertEquals(82.0, t.doubleColumn("Base").getDouble(perDataset), EXACT);
        for (String column : List.of("Base paper", "Base delta", "New paper", "New delta", "HM paper", "HM delta")) {
            assertTrue(t.doubleColumn(column).isMissing(perDataset), column);
        }
        assertEquals("", t.stringColumn("Paper source").get(perDataset));
        String text = ResultTables.pretty(t);
        assertTrue(text.lines().anyMatch(l -> l.contains("OxfordPets") && l.contains("82.00")), text);
        assertTrue(!text.contains("NaN"), text);
    }

    @Test
    void transferTablesJoinTheAccuracyColumnWhenAUserCopyHasIt(@TempDir Path dir) throws IOException {
        Table xd = ResultTables.crossDataset(HandMadeResults.rows(), HandMadeResults.DATASETS, HandMadeResults.METHODS);
        Table bundled = BesidePublished.transfer(xd, Protocol.CROSS_DATASET, PublishedResults.load());
        assertEquals(3 * 4, bundled.rowCount());
        assertEquals(bundled.rowCount(), bundled.doubleColumn("Accuracy paper").countMissing(),
                "the bundled file has no xd numbers");
        assertEquals(bundled.rowCount(), bundled.doubleColumn("Accuracy delta").countMissing());

        Path mine = dir.resolve("mine.csv");
        Files.writeString(mine, "method,protocol,dataset,base,new,hm,epochs,source,accuracy\n"
                + "COMMA,xd,MiniA,,,,2,test fixture,50.5\n");
        Table joined = BesidePublished.transfer(xd, Protocol.CROSS_DATASET, PublishedResults.read(mine));
        int r = row(joined, "COMMA", "MiniA");
        assertEquals(52.0, joined.doubleColumn("Accuracy").getDouble(r), EXACT);
        assertEquals(50.5, joined.doubleColumn("Accuracy paper").getDouble(r), 0.0);
        assertEquals(1.5, joined.doubleColumn("Accuracy delta").getDouble(r), EXACT);
        assertEquals("test fixture", joined.stringColumn("Paper source").get(r));
        assertEquals(joined.rowCount() - 1, joined.doubleColumn("Accuracy paper").countMissing());
    }
}
