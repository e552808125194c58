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
                TrainConfig mini = MiniSchedule.config(MiniSchedule.Schedule.SHORT, method, xd, "MiniShapes", 2);
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
        assertEquals(3, MiniSchedule.config(MiniSchedule.Schedule.SHORT, Method.COMMA, false, "MiniShapes", 1).depth());
        assertEquals(0.0035f, MiniSchedule.config(MiniSchedule.Schedule.SHORT, Method.COMMA, false, "MiniShapes", 1)
                .lr(), "reference lr kept");
    }

    @Test
    void thePapersProtocolIsTheReferenceConfigWithOnlyThePromptDepthScaledToMiniClip() {
        for (Method method : Method.trained()) {
            for (boolean xd : new boolean[] {false, true}) {
                for (String dataset : new String[] {"MiniShapes", "MiniImageNet"}) {
                    TrainConfig papers = MiniSchedule.config(MiniSchedule.Schedule.PAPERS, method, xd, dataset, 3);
                    // MiniImageNet plays ImageNet: CoOp's 50-epoch file, as the reference trains ImageNet
                    String referenceDataset = dataset.equals("MiniImageNet") ? "imagenet" : dataset;
                    Map<String, String> reference = method.referenceConfig(xd, 16, referenceDataset).asMap();
                    Set<String> changed = new TreeSet<>();
                    papers.asMap().forEach((k, v) -> {
                        if (!v.equals(reference.get(k))) {
                            changed.add(k);
                        }
                    });
                    assertTrue(Set.of("depth", "seed").containsAll(changed), method + " " + xd + " " + changed);
                    assertEquals(16, papers.shots());
                    assertEquals(3, papers.seed());
                }
            }
        }
        // 9 of ViT-B/16's 12 blocks -> 3 of MiniCLIP's 4; the cross-dataset depth 3 -> 1
        assertEquals(3, MiniSchedule.config(MiniSchedule.Schedule.PAPERS, Method.MAPLE, false, "MiniShapes", 1).depth());
        assertEquals(1, MiniSchedule.config(MiniSchedule.Schedule.PAPERS, Method.COMMA, true, "MiniImageNet", 1)
                .depth());
        assertEquals(50, MiniSchedule.config(MiniSchedule.Schedule.PAPERS, Method.COOP, false, "MiniImageNet", 1)
                .epochs(), "CoOp trains the ImageNet analogue with the 50-epoch file");
        assertEquals(200, MiniSchedule.config(MiniSchedule.Schedule.PAPERS, Method.COOP, false, "MiniShapes", 1)
                .epochs());
        assertEquals(1, MiniSchedule.config(MiniSchedule.Schedule.PAPERS, Method.COCOOP, false, "MiniShapes", 1)
                .batchSize(), "CoCoOp keeps one image per step");
    }

    @Test
    void theScheduleIsNamedByASettingAndAnUnknownNameSaysWhatToUse() {
        assertEquals(MiniSchedule.Schedule.PAPERS, MiniSchedule.Schedule.of(" Papers "));
        assertEquals(MiniSchedule.Schedule.SHORT, MiniSchedule.Schedule.of("short"));
        org.commakit.KitException e = org.junit.jupiter.api.Assertions.assertThrows(org.commakit.KitException.class,
                () -> MiniSchedule.Schedule.of("long"));
        assertTrue(e.getMessage().contains("'long'") && e.getMessage().contains("papers")
                && e.getMessage().contains("short"), e.getMessage());
    }
}
