package org.commakit.miniworld;

import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/** A visual concept of the mini world: one class of a mini dataset, drawable from a random stream. */
interface Concept {
    /** The natural-language class name ("red circle", "striped", "three dots"). */
    String classname();

    /** Draws one SIZE x SIZE image of the concept; everything random comes from {@code r}. */
    BufferedImage render(RenderStyle style, Nuisance nuisance, SplittableRandom r);
}
