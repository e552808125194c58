package org.commakit.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import org.commakit.KitException;
import org.commakit.clip.Clip;
import org.commakit.clip.ImagePreprocess;
import org.commakit.data.ClassSubsample;
import org.commakit.data.DatasetSplits;
import org.commakit.miniworld.MiniClip;
import org.commakit.miniworld.MiniDatasets;
import org.commakit.miniworld.MiniWorld;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class ProbeTest {
    @TempDir
    static Path tmp;
    static Path world;

    @BeforeAll
    static void world() {
        world = tmp.resolve("world");
        MiniWorld.generate(world, MiniWorld.DEFAULT_SEED, new MiniWorld.Options(0.25, 2, null));
    }

    @Test
    void zeroShotColumnIsTheEvaluatorsAndZeroStepsLeaveTheProbeAtZeroShot() {
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        Table t = Probe.probe(Preset.MINI, world, List.of("MiniFood"), 4, 1, 0, 0.5f, quiet);
        assertEquals(1, t.rowCount());
        DatasetSplits base = ClassSubsample.apply(MiniDatasets.FOOD.reader().read(world),
                ClassSubsample.Subset.BASE);
        double expected;
        try (Clip clip = Preset.MINI.loadClip()) {
            expected = MiniClip.accuracy(clip, Preset.MINI.tokenizer(), new ImagePreprocess(32), base,
                    MiniDatasets.FOOD.template());
        }
        assertEquals(Math.round(expected * 100) / 100.0, t.doubleColumn("Zero-shot base").getDouble(0), 1e-9);
        assertEquals(t.doubleColumn("Zero-shot base").getDouble(0), t.doubleColumn("Probe base").getDouble(0), 1e-9);
        assertEquals(0.0, t.doubleColumn("Gain").getDouble(0), 1e-9);
        assertEquals(24, t.intColumn("Train images").getInt(0), "4 shots of 6 base classes");

        Table trained = Probe.probe(Preset.MINI, world, List.of("MiniFood"), 4, 1, 300, 0.5f, quiet);
        assertTrue(trained.doubleColumn("Probe train").getDouble(0) > t.doubleColumn("Probe train").getDouble(0),
                "300 steps did not fit the train images better than zero-shot");
    }
}
