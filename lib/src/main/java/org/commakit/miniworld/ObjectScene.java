package org.commakit.miniworld;

import static org.commakit.miniworld.Geometry.polygon;
import static org.commakit.miniworld.Geometry.polyline;
import static org.commakit.miniworld.Geometry.rect;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/** One object on a background, with the {@link Nuisance}s of its domain: the images of object classes. */
final class ObjectScene {
    private ObjectScene() {}

    /**
     * Where the object's box goes: centre, side (fractions of the image) and rotation in degrees.
     *
     * @param cx centre x in [0, 1]
     * @param cy centre y in [0, 1]
     * @param scale side of the object's box as a fraction of the image
     * @param degrees rotation, clockwise
     */
    record Layout(double cx, double cy, double scale, double degrees) {
        static Layout sample(Nuisance n, SplittableRandom r) {
            double scale = n.minScale() + r.nextDouble() * (n.maxScale() - n.minScale());
            double room = Math.max(0, (1 - scale) / 2) * n.shift();
            double cx = 0.5 + (r.nextDouble() * 2 - 1) * room;
            double cy = 0.5 + (r.nextDouble() * 2 - 1) * room;
            double degrees = (r.nextDouble() * 2 - 1) * n.maxRotation();
            return new Layout(cx, cy, scale, degrees);
        }
    }

    /** An image of {@code thing}: colour, background and layout all drawn from {@code r}. */
    static BufferedImage render(Thing thing, RenderStyle style, Nuisance n, SplittableRandom r) {
        Canvas c = new Canvas(style, r);
        NamedColour colour = thing.colourOptions().get(r.nextInt(thing.colourOptions().size()));
        Color main = colour.sample(r);
        Color bg = NamedColour.background(r, n.backgroundSaturation(), main, n.minContrast());
        Layout layout = Layout.sample(n, r);
        drawBackground(c, bg, n, r);
        drawThing(c, thing, main, layout, r);
        if (r.nextDouble() < n.occluderProbability()) {
            occluder(c, layout, bg, r);
        }
        return c.finish(n.noise(r), r);
    }

    /** The background colour plus, depending on the nuisance, a faint pattern and clutter. */
    static void drawBackground(Canvas c, Color bg, Nuisance n, SplittableRandom r) {
        c.background(bg);
        if (r.nextDouble() < n.texturedBackgroundProbability()) {
            Texture t = Texture.values()[r.nextInt(Texture.SPRINKLED.ordinal())]; // not sprinkles or blotches
            t.paint(c, NamedColour.shade(bg, r.nextBoolean() ? 0.75 : 1.3), bg, r);
        }
        int clutter = n.maxClutter() == 0 ? 0 : r.nextInt(n.maxClutter() + 1);
        for (int i = 0; i < clutter; i++) {
            double x = r.nextDouble();
            double y = r.nextDouble();
            double s = 0.06 + r.nextDouble() * 0.1;
            Color col = NamedColour.hsb(r.nextDouble(), r.nextDouble(), 0.2 + r.nextDouble() * 0.8);
            if (r.nextBoolean()) {
                c.fill(polygon(x - s, y - s * r.nextDouble(), x + s * r.nextDouble(), y - s, x + s, y + s * r.nextDouble(),
                        x - s * r.nextDouble(), y + s), col);
            } else {
                c.stroke(polyline(x - s, y, x, y + s * (r.nextDouble() * 2 - 1), x + s, y - s * r.nextDouble()), 0.025,
                        col);
            }
        }
    }

    /** Draws {@code thing} in its box at {@code layout}. */
    static void drawThing(Canvas c, Thing thing, Color main, Layout layout, SplittableRandom r) {
        c.push(Geometry.place(layout.cx(), layout.cy(), layout.scale() / 2, layout.degrees()));
        thing.draw(c, main, r);
        c.pop();
    }

    /** A bar across one side of the object, covering part of it. */
    private static void occluder(Canvas c, Layout layout, Color bg, SplittableRandom r) {
        double angle = r.nextDouble() * 2 * StrictMath.PI;
        double d = layout.scale() * (0.3 + r.nextDouble() * 0.2);
        double x = layout.cx() + d * StrictMath.cos(angle);
        double y = layout.cy() + d * StrictMath.sin(angle);
        double w = layout.scale() * (0.14 + r.nextDouble() * 0.12);
        double len = layout.scale() * (0.5 + r.nextDouble() * 0.45);
        Color col = r.nextBoolean() ? NamedColour.shade(bg, 0.6 + r.nextDouble() * 0.2)
                : NamedColour.hsb(r.nextDouble(), 0.2 * r.nextDouble(), 0.3 + 0.5 * r.nextDouble());
        c.push(Geometry.place(x, y, 1, StrictMath.toDegrees(angle) + 90));
        c.fill(rect(-len / 2, -w / 2, len, w), col);
        c.pop();
    }
}
