package org.commakit.miniworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.commakit.train.Method;
import org.commakit.train.TrainConfig;
import org.junit.jupiter.api.Test;

/** The mini preset's training settings differ from the reference only where the mini scale needs it. */
class MiniScheduleTest {

    @Test
    void miniScheduleChangesOnlyShotsEpochsBatchAndDepthAndFitsMiniClip() {
        int blocks = MiniClip.config(1000).textLayers();
        for (Method method : Method.trained()) {
            for (boolean xd : new boolean[] {false, true}) {
                TrainConfig mini = MiniSchedule.config(method, xd, "MiniShapes", 2);
                Map<String, String> reference = method.referenceConfig(xd, 16, "MiniShapes").asMap();
                Set<String> changed = new TreeSet<>();
                mini.asMap().forEach((k, v) -> {
                    if (!v.equals(reference.get(k))) {
                        changed.add(k);
                    }
                });
                assertTrue(Set.of("shots", "epochs", "batchSize", "depth", "seed").containsAll(changed),
                        method + " " + changed);
                assertTrue(mini.depth() <= blocks, method + " depth " + mini.depth() + " > " + blocks);
                assertEquals(MiniSchedule.SHOTS, mini.shots());
                assertEquals(2, mini.seed());
            }
        }
        assertFalse(org.commakit.protocol.Preset.MINI.augmentsTraining(), "the mini world trains on the test transform");
        assertTrue(org.commakit.protocol.Preset.FULL.augmentsTraining());
        assertEquals(3, MiniSchedule.config(Method.COMMA, false, "MiniShapes", 1).depth());
        assertEquals(0.0035f, MiniSchedule.config(Method.COMMA, false, "MiniShapes", 1).lr(), "reference lr kept");
    }
}
