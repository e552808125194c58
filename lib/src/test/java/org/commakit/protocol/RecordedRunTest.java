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
    void anUnknownRunNamesTheRecordedOnes() {
        KitException e = assertThrows(KitException.class, () -> RecordedRun.load("papers-seed9"));
        assertTrue(e.getMessage().contains("'papers-seed9'") && e.getMessage().contains(RecordedRun.ids().get(0)),
                e.getMessage());
    }
}
