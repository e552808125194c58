package org.commakit.miniworld;

import java.awt.Color;
import java.util.List;
import java.util.SplittableRandom;

/** A plain shape in one named colour: the "red circle" classes. */
record ColouredShape(NamedColour colour, ShapeKind shape) implements Thing {

    @Override
    public String classname() {
        return colour.word() + " " + shape.word();
    }

    @Override
    public List<NamedColour> colourOptions() {
        return List.of(colour);
    }

    @Override
    public void draw(Canvas c, Color main, SplittableRandom r) {
        c.fill(shape.outline(), main);
    }
}
