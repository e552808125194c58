package org.commakit.course;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.commakit.KitException;
import org.commakit.protocol.HarmonicMean;
import org.commakit.protocol.RecordedRun;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The chapters' recorded base-to-new tables read the run's own cells; bad names fail naming what exists. */
class CourseTablesTest {

    @Test
    void aRecordedBaseToNewRowIsTheRunsCellsWithChangesAgainstZeroShot() {
        RecordedRun run = RecordedRun.load("papers-seeds123");
        Table source = run.report().baseToNew();
        int row = source.stringColumn("Dataset").asList().indexOf("MiniSatellite");
        Table t = CourseTables.recordedBaseToNew(run, "MiniSatellite", List.of("ZeroShotCLIP", "CoOp", "CoCoOp"));
        assertEquals("base-to-new on MiniSatellite, recorded run papers-seeds123", t.name());
        assertEquals(List.of("zero-shot CLIP", "CoOp", "CoCoOp"), t.stringColumn("method").asList());
        for (String m : List.of("CoOp", "CoCoOp")) {
            int r = m.equals("CoOp") ? 1 : 2;
            double base = source.doubleColumn(m + " Base").getDouble(row);
            double novel = source.doubleColumn(m + " New").getDouble(row);
            assertEquals(base, t.doubleColumn("Base").getDouble(r), 0);
            assertEquals(novel, t.doubleColumn("New").getDouble(r), 0);
            assertEquals(HarmonicMean.of(base, novel), t.doubleColumn("HM").getDouble(r), 1e-12);
            assertEquals(base - source.doubleColumn("ZeroShotCLIP Base").getDouble(row),
                    t.doubleColumn("Base vs zero-shot CLIP").getDouble(r), 1e-12);
            assertEquals(novel - source.doubleColumn("ZeroShotCLIP New").getDouble(row),
                    t.doubleColumn("New vs zero-shot CLIP").getDouble(r), 1e-12);
        }
        assertEquals(0, t.doubleColumn("New vs zero-shot CLIP").getDouble(0), 0);
        assertEquals("base-to-new, average of the datasets, recorded run papers-seeds123",
                CourseTables.recordedBaseToNew(run, "Average", List.of("ZeroShotCLIP", "MaPLe")).name());
    }

    @Test
    void anUnknownDatasetOrMethodNamesWhatTheRunHas() {
        RecordedRun run = RecordedRun.load("papers-seeds123");
        KitException d = assertThrows(KitException.class,
                () -> CourseTables.recordedBaseToNew(run, "OxfordPets", List.of("ZeroShotCLIP")));
        assertTrue(d.getMessage().contains("'OxfordPets'") && d.getMessage().contains("MiniSatellite"),
                d.getMessage());
        KitException m = assertThrows(KitException.class,
                () -> CourseTables.recordedBaseToNew(run, "Average", List.of("ZeroShotCLIP", "ProDA")));
        assertTrue(m.getMessage().contains("'ProDA'") && m.getMessage().contains("COMMA"), m.getMessage());
    }
}
