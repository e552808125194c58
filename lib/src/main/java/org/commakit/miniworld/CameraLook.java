package org.commakit.miniworld;

import java.awt.image.BufferedImage;

/**
 * The camera of a dataset: one fixed colour and contrast transform applied to every image of the dataset, train and
 * test alike, after it is drawn. Each target has its own; the source and its variants share {@link #ARCHIVE}.
 *
 * <p>Why: the real benchmarks were collected with their own cameras and pipelines (EuroSAT's Sentinel-2 tiles, DTD's
 * close-ups, Food-101's phone photos), so their images differ from CLIP's web images in a systematic way that
 * zero-shot CLIP cannot see and a few labelled shots reveal. The mini world's targets were drawn exactly as the
 * pretraining images, which left prompt learning nothing to adapt to: a linear probe on the frozen features of 16
 * shots stayed at or below zero-shot on every dataset but one ({@code ./kit probe}). Pretraining images never pass
 * through a look, so MiniCLIP is the same; only the benchmarks move away from it. The same held for MiniImageNet, the
 * source of the cross-dataset and domain-generalization benchmarks, until it got its archive look: learners trained on
 * it had nothing to adapt to and stayed below zero-shot there and on its variants.
 *
 * <p>Each look is a per-pixel map of 8-bit RGB, per channel:
 * {@code out = clamp(gain · ((mix − 128) · contrast + 128) + offset)} with {@code mix = in + desaturate · (grey − in)}
 * and {@code grey} the pixel's mean over the three channels.
 */
enum CameraLook {
    /** Unchanged: the pretraining images' look. */
    NONE(new double[] {1, 1, 1}, 1, new double[] {0, 0, 0}, 0),
    /** Tungsten light: red and green up, blue down. */
    WARM(new double[] {1.18, 1.02, 0.74}, 1, new double[] {10, 0, -12}, 0),
    /** Overcast daylight from a cheap sensor: blue up, red down, slightly flat. */
    COOL(new double[] {0.82, 0.98, 1.2}, 0.9, new double[] {-8, 0, 14}, 0),
    /** An old print: low contrast, lifted blacks, a yellow tint, colours partly washed out. */
    FADED(new double[] {1.04, 1.0, 0.86}, 0.62, new double[] {14, 10, 0}, 0.35),
    /** Evening light: darker, orange, a little more contrast. */
    DUSK(new double[] {1.08, 0.86, 0.7}, 1.12, new double[] {-18, -30, -36}, 0),
    /** Atmospheric haze of a satellite sensor: brighter, bluish, low contrast. */
    HAZE(new double[] {0.94, 1.0, 1.08}, 0.7, new double[] {22, 26, 34}, 0.2),
    /**
     * The source's photo archive, shared by MiniImageNet and its four variants: muted colours, a cool cast, flat
     * contrast. As ImageNet's photos (consumer cameras, collected and curated for a benchmark) share a look that
     * differs from the web images CLIP learned from, and ImageNetV2, -Sketch, -A and -R were collected the same way
     * (docs/mini-world.md#cameras).
     */
    ARCHIVE(new double[] {0.8, 1.1, 1.15}, 0.75, new double[] {20, 0, -10}, 0.45);

    private final double[] gain;
    private final double contrast;
    private final double[] offset;
    private final double desaturate;

    CameraLook(double[] gain, double contrast, double[] offset, double desaturate) {
        this.gain = gain;
        this.contrast = contrast;
        this.offset = offset;
        this.desaturate = desaturate;
    }

    /** The image through this camera (a new image; {@link #NONE} returns {@code image} itself). */
    BufferedImage apply(BufferedImage image) {
        if (this == NONE) {
            return image;
        }
        int w = image.getWidth();
        int h = image.getHeight();
        BufferedImage out = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                int v = image.getRGB(x, y);
                double[] c = {(v >> 16) & 0xff, (v >> 8) & 0xff, v & 0xff};
                double grey = (c[0] + c[1] + c[2]) / 3;
                int rgb = 0;
                for (int k = 0; k < 3; k++) {
                    double mixed = c[k] + desaturate * (grey - c[k]);
                    double t = gain[k] * ((mixed - 128) * contrast + 128) + offset[k];
                    rgb = (rgb << 8) | (int) Math.max(0, Math.min(255, Math.round(t)));
                }
                out.setRGB(x, y, rgb);
            }
        }
        return out;
    }
}
