package org.commakit.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.commakit.Fixtures;
import org.commakit.KitException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Parity with torchvision on PIL images: fixtures/preprocess/make_preprocess_golden.py runs Resize(224, BICUBIC) +
 * CenterCrop(224) with Pillow 9.4 / torchvision 0.14 on four real photos (landscape, portrait, odd size with a
 * half-pixel crop offset, and an upscale) and stores the uint8 results.
 */
class ImagePreprocessTest {
    static final Path DIR = Fixtures.fixture("preprocess");
    final ImagePreprocess pre = new ImagePreprocess(224);

    @ParameterizedTest
    @ValueSource(strings = {"coffee_landscape", "astronaut_portrait", "motorcycle_odd", "rocket_upscale"})
    void testTransformMatchesPillowAndTorchvision(String name) throws IOException {
        int[] expected = ImagePreprocess.pixels(ImagePreprocess.readRgb(DIR.resolve(name + "_test224.png")));
        int[] actual = pre.resizeAndCenterCrop(ImagePreprocess.readRgb(DIR.resolve(name + ".png")));
        assertEquals(expected.length, actual.length);
        long sumAbs = 0;
        int maxAbs = 0;
        for (int i = 0; i < expected.length; i++) {
            for (int shift = 0; shift <= 16; shift += 8) {
                int d = Math.abs(((expected[i] >> shift) & 0xff) - ((actual[i] >> shift) & 0xff));
                sumAbs += d;
                maxAbs = Math.max(maxAbs, d);
            }
        }
        double mean = sumAbs / (3.0 * expected.length);
        System.out.printf("%s: mean |diff| %.4f /255, max %d /255%n", name, mean, maxAbs);
        assertTrue(mean <= 1.0, name + ": mean abs difference " + mean + "/255 > 1/255");
        assertTrue(maxAbs <= 1, name + ": max abs difference " + maxAbs + "/255 (Pillow's fixed point is reproduced)");
    }

    @Test
    void normalisedTensorMatchesToTensorAndNormalize() throws IOException {
        JsonObject cases = JsonParser.parseString(Files.readString(DIR.resolve("golden.json")))
                .getAsJsonObject().getAsJsonObject("cases");
        JsonObject c = cases.getAsJsonObject("coffee_landscape");
        float[] x = pre.testTransform(ImagePreprocess.readRgb(DIR.resolve("coffee_landscape.png")));
        int plane = 224 * 224;
        for (int ch = 0; ch < 3; ch++) {
            double sum = 0;
            for (int i = 0; i < plane; i++) {
                sum += x[ch * plane + i];
            }
            // 224² values of O(1), each within fp32 rounding of torch's: sums agree to 1e-2 absolute
            assertEquals(c.getAsJsonArray("channel_sums").get(ch).getAsDouble(), sum, 2e-2);
            assertEquals(c.getAsJsonArray("pixel_50_60").get(ch).getAsFloat(), x[ch * plane + 50 * 224 + 60], 1e-5);
        }
    }

    @Test
    void centreCropOffsetRoundsHalfToEvenAndLongSideIsTruncated() {
        // 261x227 -> short side 224, long side int(224 * 261 / 227) = 257; (257 - 224) / 2 = 16.5 -> 16
        BufferedImage img = new BufferedImage(261, 227, BufferedImage.TYPE_INT_RGB);
        for (int x = 0; x < 261; x++) {
            for (int y = 0; y < 227; y++) {
                img.setRGB(x, y, x << 16);
            }
        }
        int[] out = pre.resizeAndCenterCrop(img);
        int[] resized = PilBicubic.resize(ImagePreprocess.pixels(img), 261, 227, 257, 224);
        assertArrayEquals(ImagePreprocess.crop(resized, 257, 0, 16, 224, 224), out);
    }

    @Test
    void trainTransformIsDeterministicForASeedAndFlipsMirrorTheImage() {
        BufferedImage img = ImagePreprocess.readRgb(DIR.resolve("coffee_landscape.png"));
        float[] a = pre.trainTransform(img, new SplittableRandom(5));
        float[] b = pre.trainTransform(img, new SplittableRandom(5));
        assertArrayEquals(a, b);
        assertEquals(3 * 224 * 224, a.length);
        int[] px = {1, 2, 3, 4, 5, 6};
        assertArrayEquals(new int[] {3, 2, 1, 6, 5, 4}, ImagePreprocess.flipHorizontal(px, 3, 2));
        int flips = 0;
        SplittableRandom r = new SplittableRandom(11);
        for (int i = 0; i < 400; i++) {
            ImagePreprocess.randomResizedCropBox(300, 200, r);
            flips += r.nextDouble() < 0.5 ? 1 : 0;
        }
        assertTrue(flips > 150 && flips < 250, "flip rate " + flips + "/400");
    }

    @Test
    void randomCropsCoverTheAreaAndRatioRanges() {
        SplittableRandom r = new SplittableRandom(3);
        double minFrac = 1;
        double maxFrac = 0;
        for (int i = 0; i < 2000; i++) {
            int[] box = ImagePreprocess.randomResizedCropBox(300, 200, r);
            assertTrue(box[0] >= 0 && box[1] >= 0 && box[0] + box[2] <= 200 && box[1] + box[3] <= 300);
            double frac = (double) box[2] * box[3] / (300 * 200);
            minFrac = Math.min(minFrac, frac);
            maxFrac = Math.max(maxFrac, frac);
            double ratio = (double) box[3] / box[2];
            assertTrue(ratio > 0.70 && ratio < 1.42, "ratio " + ratio);
        }
        // a 3:2 image holds at most a 4:3 crop of 200 x 267 = 89 % of its area
        assertTrue(minFrac < 0.1 && minFrac >= 0.075 && maxFrac > 0.8 && maxFrac <= 0.89, minFrac + " .. " + maxFrac);
    }

    @Test
    void missingAndCorruptFilesAreNamed(@TempDir Path tmp) throws IOException {
        Path missing = tmp.resolve("nope.jpg");
        assertTrue(assertThrows(KitException.class, () -> ImagePreprocess.readRgb(missing)).getMessage()
                .contains(missing.toString()));
        Path corrupt = tmp.resolve("bad.png");
        Files.write(corrupt, new byte[] {1, 2, 3, 4});
        assertTrue(assertThrows(KitException.class, () -> ImagePreprocess.readRgb(corrupt)).getMessage()
                .contains(corrupt.toString()));
    }
}
