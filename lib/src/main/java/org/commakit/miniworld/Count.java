package org.commakit.miniworld;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.SplittableRandom;

/**
 * A number of small identical shapes scattered without overlap ("three dots"): the classes of MiniCounts, like the
 * counting tasks of CLIP's evaluation suite.
 *
 * @param n how many shapes (1..10)
 * @param kind CIRCLE ("dots") or another shape kind
 */
record Count(int n, ShapeKind kind) implements Concept {
    static final String[] NUMBERS = {"one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten"};

    Count {
        if (n < 1 || n > NUMBERS.length) {
            throw new IllegalArgumentException("count " + n + " is outside 1.." + NUMBERS.length);
        }
    }

    /** The noun: "dot"/"dots" for circles, the shape's word otherwise. */
    String noun(boolean plural) {
        if (kind == ShapeKind.CIRCLE) {
            return plural ? "dots" : "dot";
        }
        return plural ? kind.plural() : kind.word();
    }

    @Override
    public String classname() {
        return NUMBERS[n - 1] + " " + noun(n > 1);
    }

    @Override
    public BufferedImage render(RenderStyle style, Nuisance nuisance, SplittableRandom r) {
        Canvas c = new Canvas(style, r);
        NamedColour colour = NamedColour.values()[r.nextInt(NamedColour.values().length)];
        Color main = colour.sample(r);
        c.background(NamedColour.background(r, nuisance.backgroundSaturation(), main, nuisance.minContrast()));
        draw(c, main, r.nextInt(5) == 0, r);
        return c.finish(nuisance.noise(r), r);
    }

    /** Draws the shapes, all in {@code main} or, if {@code mixed}, each in a random colour. */
    void draw(Canvas c, Color main, boolean mixed, SplittableRandom r) {
        double size = 0.16 + r.nextDouble() * 0.06;
        double[][] centres = place(n, size, r);
        for (double[] p : centres) {
            Color col = mixed ? NamedColour.values()[r.nextInt(NamedColour.values().length)].sample(r) : main;
            c.push(Geometry.place(p[0], p[1], size / 2, (r.nextDouble() * 2 - 1) * 20));
            c.fill(kind.outline(), col);
            c.pop();
        }
    }

    /** Centres at least 1.4 sizes apart, inside the image; rejection sampling with a grid fallback. */
    private static double[][] place(int n, double size, SplittableRandom r) {
        double lo = size / 2 + 0.04;
        double span = 1 - 2 * lo;
        for (int attempt = 0; attempt < 50; attempt++) {
            double[][] centres = new double[n][];
            int placed = 0;
            for (int tries = 0; tries < 200 && placed < n; tries++) {
                double x = lo + r.nextDouble() * span;
                double y = lo + r.nextDouble() * span;
                boolean free = true;
                for (int i = 0; i < placed && free; i++) {
                    free = Math.hypot(centres[i][0] - x, centres[i][1] - y) >= size * 1.4;
                }
                if (free) {
                    centres[placed++] = new double[] {x, y};
                }
            }
            if (placed == n) {
                return centres;
            }
        }
        double[][] grid = new double[n][];
        for (int i = 0; i < n; i++) {
            grid[i] = new double[] {0.2 + 0.3 * (i % 3), 0.2 + 0.3 * (i / 3)};
        }
        return grid;
    }
}
