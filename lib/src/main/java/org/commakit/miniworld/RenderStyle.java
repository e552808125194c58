package org.commakit.miniworld;

/**
 * How a {@link Canvas} paints the filled parts of a drawing. {@code PHOTO} is the default look of the world; the
 * others are the renditions of the domain-shifted variants (Sketch: {@code SKETCH}; R: the four "art" styles).
 */
enum RenderStyle {
    /** Solid fills on a coloured, noisy background. */
    PHOTO("photo"),
    /** Grey pencil outlines on paper, no fill and no colour (MiniImageNet-Sketch). */
    SKETCH("sketch"),
    /** Saturated flat fills with thick black outlines. */
    CARTOON("cartoon"),
    /** Parallel ink lines in the part's colour inside a thin outline, on paper. */
    HATCHED("hatched drawing"),
    /** Small square tiles in the part's colour with grout between them. */
    MOSAIC("mosaic"),
    /** A photo reduced to 3 x 3 pixel blocks with 6 levels per channel. */
    PIXEL("pixel art");

    private final String words;

    RenderStyle(String words) {
        this.words = words;
    }

    /** How captions name the style ("a cartoon of a house"). */
    String words() {
        return words;
    }
}
