package org.commakit.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.commakit.KitException;
import org.commakit.miniworld.MiniWorld;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/**
 * The recorded main-job runs the chapters show: each loads, its tables have the mini world's datasets and methods,
 * it was made on the current world generator, and its stories, read again from its tables, are the ones the run
 * wrote.
 */
class RecordedRunTest {

    @Test
    void everyRecordedRunLoadsWithItsTablesAndWasMadeOnTheCurrentWorld() throws Exception {
        List<String> ids = RecordedRun.ids();
        assertFalse(ids.isEmpty(), "no recorded run under org/commakit/mini/runs/");
        for (String id : ids) {
            RecordedRun run = RecordedRun.load(id);
            assertEquals(String.valueOf(MiniWorld.GENERATOR_VERSION), run.about().get("generator"),
                    id + " was made on another world generator: run its command again and copy its tables");
            assertTrue(run.about().get("command").startsWith("./kit reproduce") || run.about().get("command")
                    .contains(" ./kit reproduce"), run.about().get("command"));
            Table b2n = run.report().baseToNew();
            assertNotNull(b2n, id);
            assertEquals(9, b2n.rowCount(), id + ": 8 mini datasets and the Average");
            assertEquals("Average", b2n.stringColumn("Dataset").get(8));
            if (run.about().containsKey("partial")) { // a part of the main job: its base-to-new table only
                assertTrue(run.report().crossDataset() == null && run.report().domainGeneralization() == null, id);
                assertTrue(run.report().methods().contains(org.commakit.train.Method.ZERO_SHOT_CLIP), id);
                continue;
            }
            assertTrue(run.report().methods().containsAll(org.commakit.train.Method.paperMethods()), id);
            Table xd = run.report().crossDataset();
            assertEquals("MiniImageNet", xd.columnNames().get(1));
            // the stories read again from the recorded tables are the ones the run printed and wrote
            try (InputStream in = RecordedRun.class.getResourceAsStream("/org/commakit/mini/runs/" + id
                    + "/tables/stories.csv")) {
                assertNotNull(in, id + " has no stories.csv");
                List<String> written = new String(in.readAllBytes(), StandardCharsets.UTF_8).strip().lines().toList();
                Table again = run.stories();
                assertEquals(written.size() - 1, again.rowCount());
                for (int r = 0; r < again.rowCount(); r++) {
                    String line = written.get(r + 1);
                    assertTrue(line.startsWith(again.stringColumn("story").get(r) + ",")
                            && line.endsWith("," + again.stringColumn("holds").get(r)), id + ": " + line);
                }
            }
        }
    }

    @Test
    void theRecordedSidesFindTheRunsOwnAccuraciesAgain() {
        List<String> withSides = List.of("papers-seeds123", "papers-seeds123-clip2");
        for (String id : withSides) {
            RecordedRun run = RecordedRun.load(id);
            Table b2n = run.report().baseToNew();
            Table sides = run.sides("base2new");
            int checked = 0;
            for (int r = 0; r < sides.rowCount(); r++) {
                String dataset = sides.stringColumn("dataset").get(r);
                String half = sides.stringColumn("role").get(r).equals("base") ? " Base" : " New";
                int row = b2n.stringColumn("Dataset").asList().indexOf(dataset);
                double recorded = b2n.doubleColumn(sides.stringColumn("method").get(r) + half).getDouble(row);
                assertEquals(recorded, sides.doubleColumn("learner").getDouble(r), 0.0051, id + " " + dataset + half);
                assertEquals(b2n.doubleColumn("ZeroShotCLIP" + half).getDouble(row),
                        sides.doubleColumn("zero-shot").getDouble(r), 0.0051, id + " " + dataset + half);
                checked++;
            }
            assertEquals(9 * 2 * 3, checked, id + ": 8 datasets and the average, base and new, CoOp, MaPLe, COMMA");
            Table xd = run.report().crossDataset();
            Table dg = run.report().domainGeneralization();
            Table xdSides = run.sides("xd");
            assertEquals((1 + 7 + 4 + 2) * 3, xdSides.rowCount(), id);
            for (int r = 0; r < xdSides.rowCount(); r++) {
                String dataset = xdSides.stringColumn("dataset").get(r);
                String role = xdSides.stringColumn("role").get(r);
                Table t = role.equals("variant") ? dg : xd;
                int row = t.stringColumn("Method").asList().indexOf(xdSides.stringColumn("method").get(r));
                assertEquals(t.doubleColumn(dataset).getDouble(row), xdSides.doubleColumn("learner").getDouble(r),
                        0.0051, id + " " + dataset + " " + role);
            }
        }
        RecordedRun described = RecordedRun.load("papers-seeds123-comma-as-described");
        Table b2n = described.report().baseToNew();
        Table sides = described.sides("base2new");
        assertEquals(9 * 2, sides.rowCount());
        for (int r = 0; r < sides.rowCount(); r++) {
            String half = sides.stringColumn("role").get(r).equals("base") ? " Base" : " New";
            int row = b2n.stringColumn("Dataset").asList().indexOf(sides.stringColumn("dataset").get(r));
            assertEquals(b2n.doubleColumn("COMMA" + half).getDouble(row), sides.doubleColumn("learner").getDouble(r),
                    0.0051, sides.stringColumn("dataset").get(r) + half);
        }
        KitException none = assertThrows(KitException.class, () -> RecordedRun.load("short-seeds123").sides("xd"));
        assertTrue(none.getMessage().contains("papers-seeds123"), none.getMessage());
    }

    @Test
    void anUnknownRunNamesTheRecordedOnes() {
        KitException e = assertThrows(KitException.class, () -> RecordedRun.load("papers-seed9"));
        assertTrue(e.getMessage().contains("'papers-seed9'") && e.getMessage().contains(RecordedRun.ids().get(0)),
                e.getMessage());
    }
}
