package org.commakit.miniworld;

import java.util.SplittableRandom;

/**
 * The random nuisances of an image: object size, position and rotation, background, noise, occluders and clutter.
 * The domain-shifted variants of MiniImageNet differ from the source mainly here.
 *
 * @param minScale smallest object size (side of its box, as a fraction of the image)
 * @param maxScale largest object size
 * @param shift how far the object may move from the centre, as a fraction of the room left around it (0..1)
 * @param maxRotation largest rotation in degrees, either way
 * @param backgroundSaturation largest saturation of the background colour (0..1)
 * @param minContrast smallest RGB distance between background and object colour
 * @param minNoise smallest per-pixel noise standard deviation (0..255 units)
 * @param maxNoise largest per-pixel noise standard deviation
 * @param occluderProbability chance of a bar partly covering the object
 * @param maxClutter most distracting scribbles and blobs behind the object
 * @param texturedBackgroundProbability chance of a faint pattern behind the object
 */
record Nuisance(double minScale, double maxScale, double shift, double maxRotation, double backgroundSaturation,
        double minContrast, double minNoise, double maxNoise, double occluderProbability, int maxClutter,
        double texturedBackgroundProbability) {

    /** The source look (MiniImageNet and the target datasets). */
    static final Nuisance STANDARD = new Nuisance(0.55, 0.88, 0.6, 20, 0.35, 110, 0, 8, 0.12, 0, 0);
    /** Re-collected: the same kind of images with slightly wider nuisances (MiniImageNetV2). */
    static final Nuisance RESAMPLED = new Nuisance(0.5, 0.86, 0.75, 22, 0.45, 100, 1, 10, 0.15, 0, 0.05);
    /** Hard: small objects, clutter, textured and saturated backgrounds, occluders (MiniImageNet-A). */
    static final Nuisance HARD = new Nuisance(0.35, 0.55, 1.0, 35, 0.85, 80, 4, 12, 0.3, 3, 0.6);
    /** Drawings: the source geometry with little noise (MiniImageNet-Sketch and -R). */
    static final Nuisance DRAWING = new Nuisance(0.55, 0.88, 0.6, 20, 0.35, 110, 0, 3, 0.08, 0, 0);
    /**
     * Symbols keep their orientation (an arrow pointing up must not turn into one pointing right) and are never
     * occluded (a bar across a minus sign would make an equals sign).
     */
    static final Nuisance UPRIGHT = new Nuisance(0.5, 0.8, 0.6, 10, 0.35, 110, 0, 8, 0, 0, 0);

    double noise(SplittableRandom r) {
        return minNoise + r.nextDouble() * (maxNoise - minNoise);
    }
}
