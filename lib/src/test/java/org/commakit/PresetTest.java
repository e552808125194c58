package org.commakit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.commakit.data.Benchmarks;
import org.commakit.data.Templates;
import org.commakit.protocol.ProtocolDatasets;
import org.junit.jupiter.api.Test;

/** The preset setting: names, dataset lists, and the mini world's datasets reachable through the benchmark APIs. */
class PresetTest {
    @Test
    void namesParseAndBadNamesSayWhatToUse() {
        assertEquals(Preset.MINI, Preset.of("mini"));
        assertEquals(Preset.FULL, Preset.of(" FULL "));
        KitException e = assertThrows(KitException.class, () -> Preset.of("gpu"));
        assertTrue(e.getMessage().contains("'gpu'") && e.getMessage().contains("COMMA_PRESET"), e.getMessage());
    }

    @Test
    void miniDatasetsMirrorThePapersLists() {
        ProtocolDatasets mini = Preset.MINI.datasets();
        ProtocolDatasets paper = Preset.FULL.datasets();
        assertEquals("MiniImageNet", mini.source());
        assertEquals(8, mini.baseToNew().size(), "the source and 7 targets");
        assertEquals(4, mini.domainShiftTargets().size());
        assertEquals(paper.domainShiftTargets().size(), mini.domainShiftTargets().size());
        assertEquals(11, paper.baseToNew().size());
        for (String d : mini.baseToNew()) {
            assertTrue(Preset.MINI.has(d) && !Preset.FULL.has(d), d);
            assertEquals(d, Benchmarks.get(d).name(), "mini datasets load through Benchmarks.get");
            assertTrue(Templates.coop(d).contains("{}"), d);
        }
        KitException e = assertThrows(KitException.class, () -> Benchmarks.get("MiniNothing"));
        assertTrue(e.getMessage().contains("MiniShapes"), "the message lists the mini datasets too");
    }

    @Test
    void miniPresetTrainsOnHalfImageCropsWithoutFlipsAndFullOnTheReferenceTransforms() {
        int[] rgb = new int[32 * 32];
        for (int i = 0; i < rgb.length; i++) {
            rgb[i] = (i % 32) * 8 << 16; // red grows to the right
        }
        BufferedImage img = new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, 32, 32, rgb, 0, 32);
        int miniMirrored = 0;
        int fullMirrored = 0;
        for (int seed = 0; seed < 40; seed++) {
            float[] mini = Preset.MINI.imagePreprocess(32).trainTransform(img, new SplittableRandom(seed));
            float[] full = Preset.FULL.imagePreprocess(32).trainTransform(img, new SplittableRandom(seed));
            miniMirrored += mini[31] < mini[0] ? 1 : 0;
            fullMirrored += full[31] < full[0] ? 1 : 0;
        }
        assertEquals(0, miniMirrored, "the mini preset never flips (left and right arrows are classes)");
        assertTrue(fullMirrored > 5 && fullMirrored < 35, "the full preset flips half: " + fullMirrored + "/40");
        assertEquals(0.5, Preset.MINI_MIN_CROP_SCALE);
    }

    @Test
    void fullPresetNamesTheScriptWhenWeightsAreMissing() {
        String old = System.getProperty("comma.weights");
        System.setProperty("comma.weights", "/nonexistent/weights");
        try {
            KitException e = assertThrows(KitException.class, Preset.FULL::clipCheckpoint);
            assertTrue(e.getMessage().contains("clip_weights.sh") && e.getMessage().contains(
                    Path.of("/nonexistent/weights/ViT-B-16.pt").toString()), e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty("comma.weights");
            } else {
                System.setProperty("comma.weights", old);
            }
        }
    }
}
