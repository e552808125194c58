package org.commakit.miniworld;

import static org.commakit.miniworld.Geometry.circle;
import static org.commakit.miniworld.Geometry.ellipse;
import static org.commakit.miniworld.Geometry.polyline;
import static org.commakit.miniworld.Geometry.rect;

import java.awt.Color;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Small scenes of several objects (as SUN397's scene categories): a sky, a ground and a few props from
 * {@link Pictogram}. The classes of MiniScenes.
 */
enum SceneKind implements Concept {
    BEACH("beach", List.of("seaside", "shore"), List.of("a sun", "the sea", "sand")) {
        @Override
        void draw(Canvas c, SplittableRandom r) {
            double horizon = 0.35 + r.nextDouble() * 0.12;
            double shore = horizon + 0.15 + r.nextDouble() * 0.08;
            c.background(sky(r));
            c.fill(rect(0, horizon, 1, 1), tone(r, 0.58, 0.7, 0.75));
            c.fill(rect(0, shore, 1, 1), tone(r, 0.12, 0.4, 0.92));
            prop(c, Pictogram.SUN, 0.15 + r.nextDouble() * 0.7, 0.15, 0.22 + r.nextDouble() * 0.08, r);
            if (r.nextBoolean()) {
                prop(c, Pictogram.UMBRELLA, 0.25 + r.nextDouble() * 0.5, shore + 0.18, 0.3, r);
            } else {
                prop(c, Pictogram.SAILBOAT, 0.2 + r.nextDouble() * 0.6, horizon + 0.02, 0.22, r);
            }
        }
    },
    NIGHT_SKY("night sky", List.of("starry night", "night"), List.of("a moon", "stars")) {
        @Override
        void draw(Canvas c, SplittableRandom r) {
            c.background(tone(r, 0.63, 0.6, 0.15));
            prop(c, Pictogram.MOON, 0.2 + r.nextDouble() * 0.6, 0.2 + r.nextDouble() * 0.25, 0.26 + r.nextDouble() * 0.1,
                    r);
            int stars = 4 + r.nextInt(6);
            for (int i = 0; i < stars; i++) {
                c.push(Geometry.place(r.nextDouble(), r.nextDouble() * 0.75, 0.025 + r.nextDouble() * 0.02,
                        r.nextDouble() * 60));
                c.fill(ShapeKind.STAR.outline(), r.nextBoolean() ? NamedColour.WHITE.sample(r)
                        : NamedColour.YELLOW.sample(r));
                c.pop();
            }
            if (r.nextBoolean()) {
                c.fill(ellipse(0.5, 1.05, 0.8, 0.2 + r.nextDouble() * 0.1), tone(r, 0.6, 0.4, 0.08));
            }
        }
    },
    GARDEN("garden", List.of("flower bed", "flower garden"), List.of("flowers")) {
        @Override
        void draw(Canvas c, SplittableRandom r) {
            double horizon = 0.3 + r.nextDouble() * 0.15;
            c.background(sky(r));
            c.fill(rect(0, horizon, 1, 1), tone(r, 0.3, 0.6, 0.6));
            if (r.nextInt(5) < 2) {
                prop(c, Pictogram.TREE, r.nextBoolean() ? 0.15 : 0.85, horizon - 0.05, 0.4, r);
            }
            int n = 3 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                prop(c, Pictogram.FLOWER, 0.12 + (i + r.nextDouble() * 0.6) * 0.76 / n, horizon + 0.18 + r.nextDouble()
                        * (0.72 - horizon - 0.1), 0.22 + r.nextDouble() * 0.08, r);
            }
        }
    },
    VILLAGE("village", List.of("small town", "hamlet"), List.of("houses")) {
        @Override
        void draw(Canvas c, SplittableRandom r) {
            double horizon = 0.45 + r.nextDouble() * 0.12;
            c.background(sky(r));
            c.fill(rect(0, horizon, 1, 1), tone(r, 0.28, 0.55, 0.6));
            if (r.nextInt(10) < 3) {
                prop(c, Pictogram.TREE, r.nextDouble(), horizon - 0.08, 0.3, r);
            }
            int n = 2 + r.nextInt(2);
            for (int i = 0; i < n; i++) {
                prop(c, Pictogram.HOUSE, 0.18 + (i + r.nextDouble() * 0.4) * 0.7 / n + 0.05, horizon + r.nextDouble()
                        * 0.15, 0.3 + r.nextDouble() * 0.08, r);
            }
        }
    },
    CITY_STREET("city street", List.of("street", "downtown"), List.of("buildings", "a car")) {
        @Override
        void draw(Canvas c, SplittableRandom r) {
            double road = 0.68 + r.nextDouble() * 0.08;
            c.background(sky(r));
            int n = 3 + r.nextInt(2);
            for (int i = 0; i < n; i++) {
                double size = 0.42 + r.nextDouble() * 0.2;
                prop(c, Pictogram.BUILDING, (i + 0.5) / n + (r.nextDouble() - 0.5) * 0.08, road - size / 2 + 0.02, size,
                        r);
            }
            c.fill(rect(0, road, 1, 1), tone(r, 0.6, 0.05, 0.4));
            c.fill(rect(0, road + 0.14, 1, 0.02), tone(r, 0.14, 0.6, 0.95));
            prop(c, Pictogram.CAR, 0.15 + r.nextDouble() * 0.7, road + 0.08, 0.26 + r.nextDouble() * 0.06, r);
        }
    },
    HARBOR("harbor", List.of("harbour", "port", "marina"), List.of("boats", "sailboats", "water")) {
        @Override
        void draw(Canvas c, SplittableRandom r) {
            double horizon = 0.38 + r.nextDouble() * 0.1;
            c.background(sky(r));
            c.fill(rect(0, horizon, 1, 1), tone(r, 0.58, 0.65, 0.6));
            boolean left = r.nextBoolean();
            c.fill(rect(left ? 0 : 0.72, horizon + 0.15, 0.28, 0.1), tone(r, 0.07, 0.6, 0.45));
            int n = 2 + r.nextInt(2);
            for (int i = 0; i < n; i++) {
                prop(c, Pictogram.SAILBOAT, 0.15 + (i + r.nextDouble() * 0.5) * 0.7 / n + 0.05, horizon + 0.05
                        + r.nextDouble() * 0.3, 0.26 + r.nextDouble() * 0.08, r);
            }
        }
    },
    FOREST("forest", List.of("woods", "woodland"), List.of("trees")) {
        @Override
        void draw(Canvas c, SplittableRandom r) {
            double horizon = 0.2 + r.nextDouble() * 0.12;
            c.background(sky(r));
            c.fill(rect(0, horizon, 1, 1), tone(r, 0.3, 0.6, 0.42));
            int n = 6 + r.nextInt(4);
            for (int i = 0; i < n; i++) {
                double y = horizon + (i + r.nextDouble()) * (0.85 - horizon) / n;
                prop(c, Pictogram.TREE, r.nextDouble(), y, 0.3 + r.nextDouble() * 0.15, r);
            }
        }
    },
    SNOWY_FIELD("snowy field", List.of("winter landscape", "snowy meadow"), List.of("a snowman", "snow")) {
        @Override
        void draw(Canvas c, SplittableRandom r) {
            double horizon = 0.42 + r.nextDouble() * 0.15;
            c.background(tone(r, 0.6, 0.12, 0.8));
            c.fill(rect(0, horizon, 1, 1), tone(r, 0.6, 0.03, 0.97));
            if (r.nextBoolean()) {
                prop(c, Pictogram.TREE, r.nextBoolean() ? 0.15 : 0.85, horizon - 0.04, 0.32, r);
            }
            prop(c, Pictogram.SNOWMAN, 0.3 + r.nextDouble() * 0.4, horizon + 0.12, 0.38 + r.nextDouble() * 0.1, r);
            for (int i = 0; i < 8; i++) {
                c.fill(circle(r.nextDouble(), r.nextDouble() * horizon, 0.015), tone(r, 0, 0, 1));
            }
        }
    },
    AQUARIUM("aquarium", List.of("fish tank", "underwater scene"), List.of("fish", "water")) {
        @Override
        void draw(Canvas c, SplittableRandom r) {
            c.background(tone(r, 0.53, 0.6, 0.75));
            c.fill(rect(0, 0.5, 1, 1), tone(r, 0.56, 0.65, 0.6));
            c.fill(rect(0, 0.88, 1, 1), tone(r, 0.12, 0.4, 0.85));
            for (int i = 0; i < 3; i++) {
                double x = r.nextDouble();
                c.stroke(polyline(x, 0.95, x + 0.04, 0.8, x - 0.02, 0.68), 0.03, tone(r, 0.33, 0.6, 0.5));
            }
            int n = 2 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                prop(c, Pictogram.FISH, 0.15 + (i + r.nextDouble()) * 0.7 / n, 0.15 + r.nextDouble() * 0.6,
                        0.2 + r.nextDouble() * 0.08, r);
            }
            for (int i = 0; i < 4; i++) {
                double x = r.nextDouble();
                double y = r.nextDouble() * 0.7;
                c.fill(Geometry.minus(circle(x, y, 0.025), circle(x, y, 0.012)), tone(r, 0.5, 0.1, 0.97));
            }
        }
    },
    DESERT("desert", List.of("dunes", "sand desert"), List.of("a cactus", "sand")) {
        @Override
        void draw(Canvas c, SplittableRandom r) {
            double horizon = 0.4 + r.nextDouble() * 0.12;
            c.background(tone(r, 0.55, 0.25, 0.92));
            c.fill(ellipse(0.25, horizon + 0.12, 0.55, 0.15), tone(r, 0.11, 0.45, 0.88));
            c.fill(rect(0, horizon + 0.08, 1, 1), tone(r, 0.12, 0.5, 0.9));
            if (r.nextInt(10) < 7) {
                prop(c, Pictogram.SUN, 0.15 + r.nextDouble() * 0.7, 0.15, 0.2, r);
            }
            int n = 1 + r.nextInt(2);
            for (int i = 0; i < n; i++) {
                prop(c, Pictogram.CACTUS, (i + 0.3 + r.nextDouble() * 0.4) / n, horizon + 0.2 + r.nextDouble() * 0.1,
                        0.32 + r.nextDouble() * 0.1, r);
            }
        }
    },
    MOUNTAIN_RANGE("mountain range", List.of("mountains", "mountain landscape"), List.of("mountains", "snowy peaks")) {
        @Override
        void draw(Canvas c, SplittableRandom r) {
            double base = 0.72 + r.nextDouble() * 0.1;
            c.background(sky(r));
            int n = 2 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                double size = 0.45 + r.nextDouble() * 0.3;
                prop(c, Pictogram.MOUNTAIN, (i + 0.5) / n + (r.nextDouble() - 0.5) * 0.15, base - size * 0.4, size, r);
            }
            c.fill(rect(0, base, 1, 1), tone(r, 0.28, 0.55, 0.5));
        }
    },
    BIRTHDAY_PARTY("birthday party", List.of("party", "birthday"), List.of("balloons", "a cake")) {
        @Override
        void draw(Canvas c, SplittableRandom r) {
            c.background(NamedColour.hsb(r.nextDouble(), 0.15 + r.nextDouble() * 0.2, 0.85 + r.nextDouble() * 0.1));
            c.fill(rect(0, 0.78, 1, 1), tone(r, 0.08, 0.5, 0.55));
            int n = 3 + r.nextInt(3);
            for (int i = 0; i < n; i++) {
                prop(c, Pictogram.BALLOON, (i + 0.5) / n + (r.nextDouble() - 0.5) * 0.1, 0.2 + r.nextDouble() * 0.15,
                        0.22 + r.nextDouble() * 0.06, r);
            }
            prop(c, Pictogram.CAKE, 0.35 + r.nextDouble() * 0.3, 0.68, 0.34 + r.nextDouble() * 0.08, r);
        }
    };

    private final String word;
    private final List<String> synonyms;
    private final List<String> contents;

    SceneKind(String word, List<String> synonyms, List<String> contents) {
        this.word = word;
        this.synonyms = synonyms;
        this.contents = contents;
    }

    @Override
    public String classname() {
        return word;
    }

    /** Other names captions use for the scene. */
    List<String> synonyms() {
        return synonyms;
    }

    /** Things every image of the scene shows, for captions ("a beach with a sun"). */
    List<String> contents() {
        return contents;
    }

    abstract void draw(Canvas c, SplittableRandom r);

    @Override
    public BufferedImage render(RenderStyle style, Nuisance n, SplittableRandom r) {
        Canvas c = new Canvas(style, r);
        draw(c, r);
        return c.finish(n.noise(r), r);
    }

    /** A prop in one of its colours, centred at (x, y), {@code size} wide, tilted a little. */
    private static void prop(Canvas c, Pictogram p, double x, double y, double size, SplittableRandom r) {
        Color main = p.colourOptions().get(r.nextInt(p.colourOptions().size())).sample(r);
        ObjectScene.drawThing(c, p, main, new ObjectScene.Layout(x, y, size, (r.nextDouble() - 0.5) * 10), r);
    }

    /** A daytime sky: clear blue most of the time, otherwise overcast, hazy or at dusk. */
    private static Color sky(SplittableRandom r) {
        int v = r.nextInt(20);
        if (v < 11) {
            return tone(r, 0.57, 0.3 + r.nextDouble() * 0.3, 0.92);
        } else if (v < 15) {
            return tone(r, 0.6, 0.06, 0.55 + r.nextDouble() * 0.3);
        } else if (v < 18) {
            return tone(r, 0.0 + r.nextDouble() * 0.1, 0.35, 0.95);
        }
        return tone(r, 0.15, 0.1, 0.95);
    }

    /** A colour near (h, s, b): hue within 0.06, saturation and brightness within about 25 %. */
    private static Color tone(SplittableRandom r, double h, double s, double b) {
        return NamedColour.hsb(h + (r.nextDouble() - 0.5) * 0.06, s * (0.75 + r.nextDouble() * 0.5),
                b * (0.78 + r.nextDouble() * 0.22));
    }
}
