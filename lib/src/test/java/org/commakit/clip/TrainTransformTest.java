package org.commakit.clip;

import static org.junit.jupiter.api.Assertions.assertFalse;

import org.junit.jupiter.api.Test;

/** The train transform with and without the reference augmentation. */
class TrainTransformTest {

    @Test
    void withoutAugmentationTheTrainTransformIsTheTestTransform() {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(40, 30,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                img.setRGB(x, y, (x * 6) << 16 | (y * 8) << 8 | (x + y));
            }
        }
        ImagePreprocess pre = new ImagePreprocess(32);
        float[] test = pre.testTransform(img);
        org.junit.jupiter.api.Assertions.assertArrayEquals(test,
                pre.withoutAugmentation().trainTransform(img, new java.util.SplittableRandom(5)));
        assertFalse(java.util.Arrays.equals(test, pre.trainTransform(img, new java.util.SplittableRandom(5))),
                "the reference train transform crops at random");
    }
}
