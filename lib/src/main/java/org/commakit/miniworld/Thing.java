package org.commakit.miniworld;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;

/**
 * One foreground object of the mini world (a coloured shape, a pictogram, a glyph), drawn in its local box
 * [-1, 1]^2 (y down); {@link ObjectScene} places it on a background.
 */
interface Thing extends Concept {
    /** The colours the object's main part may take; one is chosen per image. */
    List<NamedColour> colourOptions();

    /** Draws the object with its main part in {@code main}; other parts sample their colours from {@code r}. */
    void draw(Canvas c, Color main, SplittableRandom r);

    @Override
    default BufferedImage render(RenderStyle style, Nuisance nuisance, SplittableRandom r) {
        return ObjectScene.render(this, style, nuisance, r);
    }
}
