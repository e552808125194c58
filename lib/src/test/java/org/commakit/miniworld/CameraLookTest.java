package org.commakit.miniworld;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import org.junit.jupiter.api.Test;

/** Each target dataset's camera moves its images away from the pretraining look in its own, fixed way. */
class CameraLookTest {

    private static BufferedImage uniform(int rgb) {
        BufferedImage img = new BufferedImage(4, 4, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 4; y++) {
            for (int x = 0; x < 4; x++) {
                img.setRGB(x, y, rgb);
            }
        }
        return img;
    }

    private static int[] rgb(BufferedImage img) {
        int v = img.getRGB(0, 0);
        return new int[] {(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff};
    }

    @Test
    void noLookLeavesTheImageAsDrawn() {
        BufferedImage img = uniform(0x336699);
        assertSame(img, CameraLook.NONE.apply(img));
    }

    @Test
    void warmLightTurnsGreyTowardsRedAndCoolLightTowardsBlue() {
        int[] warm = rgb(CameraLook.WARM.apply(uniform(0x808080)));
        int[] cool = rgb(CameraLook.COOL.apply(uniform(0x808080)));
        assertTrue(warm[0] > 128 && warm[2] < 128, "warm grey " + java.util.Arrays.toString(warm));
        assertTrue(cool[2] > 128 && cool[0] < 128, "cool grey " + java.util.Arrays.toString(cool));
    }

    @Test
    void fadedAndHazyCamerasFlattenContrastAndLiftTheBlacks() {
        for (CameraLook look : new CameraLook[] {CameraLook.FADED, CameraLook.HAZE}) {
            int[] black = rgb(look.apply(uniform(0x000000)));
            int[] white = rgb(look.apply(uniform(0xffffff)));
            for (int k = 0; k < 3; k++) {
                assertTrue(black[k] > 20, look + " black " + java.util.Arrays.toString(black));
                assertTrue(white[k] - black[k] < 200, look + " range in channel " + k);
            }
        }
    }

    @Test
    void duskDarkensAndSaturatedColoursClampInsteadOfWrapping() {
        int[] dusk = rgb(CameraLook.DUSK.apply(uniform(0x808080)));
        assertTrue(dusk[0] + dusk[1] + dusk[2] < 3 * 128, "dusk grey " + java.util.Arrays.toString(dusk));
        // warm on pure red: red 1.18 * 255 + 10 = 310.9 clamps to 255, blue 0.74 * 0 - 12 clamps to 0 (a byte
        // written without the clamp would wrap to 55 and 244)
        assertArrayEquals(new int[] {255, 0, 0}, rgb(CameraLook.WARM.apply(uniform(0xff0000))));
        // faded on pure red, by the class's formula: mix = (195.5, 29.75, 29.75), contrast 0.62 around 128,
        // gains (1.04, 1.0, 0.86), offsets (14, 10, 0), rounded: (191, 77, 58)
        assertArrayEquals(new int[] {191, 77, 58}, rgb(CameraLook.FADED.apply(uniform(0xff0000))));
    }

    @Test
    void everyTargetHasItsOwnCameraAndTheSourceSharesItsLookWithItsVariants() {
        for (MiniDataset d : MiniDatasets.targets()) {
            assertNotEquals(CameraLook.NONE, d.look(), d.name() + " is drawn exactly as the pretraining images");
            assertNotEquals(CameraLook.ARCHIVE, d.look(), d.name() + " shares the source's look");
        }
        assertEquals(CameraLook.ARCHIVE, MiniDatasets.IMAGENET.look());
        for (MiniDataset d : MiniDatasets.variants()) {
            assertEquals(CameraLook.ARCHIVE, d.look(), d.name() + ": a variant keeps the source's look and changes the "
                    + "rendering");
        }
    }

    @Test
    void theArchiveLookMutesCoolsAndFlattens() {
        // by the class's formula on mid grey (128, 128, 128): mix = grey, contrast leaves 128, gains (0.8, 1.1, 1.15),
        // offsets (20, 0, -10): (122.4, 140.8, 137.2) rounded
        assertArrayEquals(new int[] {122, 141, 137}, rgb(CameraLook.ARCHIVE.apply(uniform(0x808080))));
        // pure red: grey 85, mix = 255 - 0.45 * 170 = 178.5 and 0 + 0.45 * 85 = 38.25; contrast 0.75 around 128:
        // 165.875 and 60.6875; gains and offsets: (152.7, 66.76, 59.79) rounded
        assertArrayEquals(new int[] {153, 67, 60}, rgb(CameraLook.ARCHIVE.apply(uniform(0xff0000))));
    }
}
