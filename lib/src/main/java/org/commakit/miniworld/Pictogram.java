package org.commakit.miniworld;

import static org.commakit.miniworld.Geometry.circle;
import static org.commakit.miniworld.Geometry.dome;
import static org.commakit.miniworld.Geometry.ellipse;
import static org.commakit.miniworld.Geometry.minus;
import static org.commakit.miniworld.Geometry.polygon;
import static org.commakit.miniworld.Geometry.polyline;
import static org.commakit.miniworld.Geometry.rect;
import static org.commakit.miniworld.Geometry.rotation;
import static org.commakit.miniworld.Geometry.roundRect;
import static org.commakit.miniworld.Geometry.union;
import static org.commakit.miniworld.NamedColour.BLACK;
import static org.commakit.miniworld.NamedColour.BLUE;
import static org.commakit.miniworld.NamedColour.BROWN;
import static org.commakit.miniworld.NamedColour.CYAN;
import static org.commakit.miniworld.NamedColour.GREEN;
import static org.commakit.miniworld.NamedColour.GREY;
import static org.commakit.miniworld.NamedColour.ORANGE;
import static org.commakit.miniworld.NamedColour.PINK;
import static org.commakit.miniworld.NamedColour.PURPLE;
import static org.commakit.miniworld.NamedColour.RED;
import static org.commakit.miniworld.NamedColour.VIVID;
import static org.commakit.miniworld.NamedColour.WHITE;
import static org.commakit.miniworld.NamedColour.YELLOW;

import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Path2D;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Simple drawings of everyday objects, built from a few filled parts in the local box [-1, 1]^2 (y down). They
 * are the object classes of MiniImageNet and MiniFood and the props of MiniScenes. The first colour list gives the
 * colours of the main part; other parts have fixed colours with jitter.
 */
enum Pictogram implements Thing {
    HOUSE("house", List.of(WHITE, YELLOW, PINK, CYAN, ORANGE), "home", "cottage") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(rect(-0.7, -0.15, 1.4, 1.0), main);
            c.fill(polygon(-0.92, -0.08, 0, -0.9, 0.92, -0.08), pick(r, RED, BROWN, GREY).sample(r));
            c.fill(rect(-0.5, 0.32, 0.3, 0.53), tone(r, 0.07, 0.7, 0.3));
            c.fill(rect(0.12, 0.08, 0.34, 0.3), tone(r, 0.55, 0.35, 0.95));
        }
    },
    TREE("tree", List.of(GREEN), "oak", "plant") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(rect(-0.13, 0.15, 0.26, 0.82), BROWN.sample(r));
            c.fill(union(circle(0, -0.35, 0.55), circle(-0.38, -0.02, 0.4), circle(0.38, -0.02, 0.4)), main);
        }
    },
    CAR("car", VIVID, "automobile", "vehicle") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(polygon(-0.55, -0.05, -0.32, -0.5, 0.35, -0.5, 0.62, -0.05), main);
            c.fill(roundRect(-0.97, -0.12, 1.94, 0.52, 0.2), main);
            Color glass = tone(r, 0.55, 0.3, 0.95);
            c.fill(polygon(-0.4, -0.1, -0.26, -0.42, -0.02, -0.42, -0.02, -0.1), glass);
            c.fill(polygon(0.06, -0.1, 0.06, -0.42, 0.3, -0.42, 0.5, -0.1), glass);
            for (double x : new double[] {-0.52, 0.52}) {
                c.fill(circle(x, 0.42, 0.24), BLACK.sample(r));
                c.fill(circle(x, 0.42, 0.09), GREY.sample(r));
            }
        }
    },
    FLOWER("flower", List.of(RED, PINK, YELLOW, PURPLE, ORANGE, WHITE, BLUE), "blossom", "daisy") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            Color leaf = GREEN.sample(r);
            c.stroke(polyline(0, -0.3, 0, 0.98), 0.12, leaf);
            c.fill(rotation(0.2, 0.6, -35).createTransformedShape(ellipse(0.2, 0.6, 0.24, 0.1)), leaf);
            for (int i = 0; i < 6; i++) {
                double a = StrictMath.PI * 2 * i / 6;
                c.fill(circle(0.34 * StrictMath.cos(a), -0.35 + 0.34 * StrictMath.sin(a), 0.25), main);
            }
            c.fill(circle(0, -0.35, 0.18), main.getBlue() < 90 && main.getRed() > 200 ? BROWN.sample(r)
                    : YELLOW.sample(r));
        }
    },
    SUN("sun", List.of(YELLOW, ORANGE), "sunshine") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            Path2D.Double rays = new Path2D.Double();
            for (int i = 0; i < 8; i++) {
                double a = StrictMath.PI * 2 * i / 8;
                rays.append(polyline(0.62 * StrictMath.cos(a), 0.62 * StrictMath.sin(a), 0.95 * StrictMath.cos(a),
                        0.95 * StrictMath.sin(a)), false);
            }
            c.stroke(rays, 0.13, NamedColour.shade(main, 0.92));
            c.fill(circle(0, 0, 0.52), main);
        }
    },
    FISH("fish", List.of(ORANGE, BLUE, RED, YELLOW, PURPLE, GREEN, CYAN), "goldfish") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(polygon(0.45, 0, 0.97, -0.48, 0.97, 0.48), NamedColour.shade(main, 0.8));
            c.fill(ellipse(-0.12, 0, 0.68, 0.42), main);
            c.fill(polygon(-0.2, -0.38, 0.15, -0.62, 0.25, -0.3), NamedColour.shade(main, 0.8));
            c.fill(circle(-0.5, -0.1, 0.09), BLACK.sample(r));
        }
    },
    SAILBOAT("sailboat", List.of(BROWN, RED, BLUE, WHITE), "boat", "yacht") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(rect(-0.04, -0.92, 0.08, 1.3), tone(r, 0.07, 0.6, 0.3));
            Color sail = WHITE.sample(r);
            c.fill(polygon(0.08, -0.88, 0.08, 0.28, 0.75, 0.28), sail);
            c.fill(polygon(-0.08, -0.6, -0.08, 0.28, -0.58, 0.28), NamedColour.shade(sail, 0.9));
            c.fill(polygon(-0.92, 0.36, 0.92, 0.36, 0.62, 0.78, -0.62, 0.78), main);
        }
    },
    UMBRELLA("umbrella", VIVID, "parasol") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            Path2D.Double handle = polyline(0, -0.1, 0, 0.72);
            handle.quadTo(0, 0.92, -0.18, 0.92);
            handle.quadTo(-0.32, 0.92, -0.32, 0.75);
            c.stroke(handle, 0.1, tone(r, 0.0, 0.0, 0.2));
            c.fill(dome(0, 0.05, 0.92), main);
            c.fill(polygon(-0.92, 0.05, -0.6, 0.05, -0.76, 0.16), main);
            c.fill(polygon(0.92, 0.05, 0.6, 0.05, 0.76, 0.16), main);
        }
    },
    MUSHROOM("mushroom", List.of(RED, BROWN), "toadstool") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(roundRect(-0.22, -0.05, 0.44, 0.95, 0.2), tone(r, 0.11, 0.2, 0.92));
            c.fill(dome(0, 0.12, 0.88), main);
            Color dot = WHITE.sample(r);
            c.fill(circle(-0.4, -0.25, 0.13), dot);
            c.fill(circle(0.1, -0.5, 0.14), dot);
            c.fill(circle(0.48, -0.15, 0.11), dot);
        }
    },
    KEY("key", List.of(YELLOW, GREY), "door key") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(minus(circle(-0.52, 0, 0.4), circle(-0.52, 0, 0.18)), main);
            c.fill(rect(-0.16, -0.09, 1.1, 0.18), main);
            c.fill(rect(0.55, 0.05, 0.13, 0.28), main);
            c.fill(rect(0.78, 0.05, 0.13, 0.36), main);
        }
    },
    MUG("mug", VIVID, "cup", "coffee cup") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(minus(circle(0.52, 0.05, 0.38), circle(0.52, 0.05, 0.2)), NamedColour.shade(main, 0.85));
            c.fill(roundRect(-0.75, -0.68, 1.25, 1.45, 0.18), main);
            c.fill(ellipse(-0.125, -0.62, 0.55, 0.08), tone(r, 0.07, 0.7, 0.25));
        }
    },
    BALLOON("balloon", List.of(RED, BLUE, YELLOW, GREEN, PINK, PURPLE, ORANGE)) {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.stroke(polyline(0, 0.38, 0.12, 0.6, -0.06, 0.8, 0.06, 0.98), 0.05, GREY.sample(r));
            c.fill(polygon(-0.1, 0.42, 0.1, 0.42, 0, 0.3), main);
            c.fill(ellipse(0, -0.3, 0.56, 0.68), main);
            c.fill(ellipse(-0.22, -0.58, 0.1, 0.16), NamedColour.shade(main, 1.35));
        }
    },
    SNOWMAN("snowman", List.of(WHITE)) {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(circle(0, 0.45, 0.5), main);
            c.fill(circle(0, -0.38, 0.36), main);
            Color coal = BLACK.sample(r);
            c.fill(circle(-0.13, -0.46, 0.06), coal);
            c.fill(circle(0.13, -0.46, 0.06), coal);
            c.fill(polygon(0, -0.36, 0.32, -0.3, 0, -0.26), ORANGE.sample(r));
            c.fill(circle(0, 0.3, 0.06), coal);
            c.fill(circle(0, 0.55, 0.06), coal);
        }
    },
    ROCKET("rocket", List.of(WHITE, GREY), "spaceship") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            Color red = RED.sample(r);
            c.fill(polygon(-0.18, 0.62, 0, 0.98, 0.18, 0.62), ORANGE.sample(r));
            c.fill(polygon(-0.28, 0.15, -0.62, 0.68, -0.28, 0.6), red);
            c.fill(polygon(0.28, 0.15, 0.62, 0.68, 0.28, 0.6), red);
            c.fill(roundRect(-0.28, -0.52, 0.56, 1.15, 0.3), main);
            c.fill(polygon(-0.28, -0.45, 0, -0.98, 0.28, -0.45), red);
            c.fill(circle(0, -0.12, 0.14), BLUE.sample(r));
        }
    },
    APPLE("apple", List.of(RED, GREEN, YELLOW)) {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.stroke(polyline(0, -0.35, 0.08, -0.78), 0.1, BROWN.sample(r));
            c.fill(rotation(0.3, -0.62, -30).createTransformedShape(ellipse(0.3, -0.62, 0.22, 0.1)), GREEN.sample(r));
            c.fill(union(circle(-0.26, 0.12, 0.56), circle(0.26, 0.12, 0.56)), main);
        }
    },
    CACTUS("cactus", List.of(GREEN), "succulent") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(union(roundRect(-0.2, -0.88, 0.4, 1.76, 0.4), roundRect(-0.68, -0.4, 0.24, 0.62, 0.24),
                    rect(-0.56, 0.04, 0.4, 0.18), roundRect(0.44, -0.6, 0.24, 0.62, 0.24),
                    rect(0.16, -0.16, 0.4, 0.18)), main);
            c.fill(polygon(-0.45, 0.98, 0.45, 0.98, 0.35, 0.7, -0.35, 0.7), tone(r, 0.05, 0.65, 0.6));
        }
    },
    CROWN("crown", List.of(YELLOW), "tiara") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(polygon(-0.88, 0.5, -0.88, -0.5, -0.45, 0, 0, -0.72, 0.45, 0, 0.88, -0.5, 0.88, 0.5), main);
            c.fill(rect(-0.88, 0.28, 1.76, 0.24), NamedColour.shade(main, 0.8));
            c.fill(circle(0, 0.4, 0.09), RED.sample(r));
            c.fill(circle(-0.5, 0.4, 0.08), BLUE.sample(r));
            c.fill(circle(0.5, 0.4, 0.08), BLUE.sample(r));
        }
    },
    KITE("kite", VIVID) {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.stroke(polyline(0, 0.55, 0.15, 0.72, -0.1, 0.86, 0.12, 0.99), 0.05, GREY.sample(r));
            Color other = pick(r, WHITE, YELLOW, BLACK).sample(r);
            c.fill(polygon(0, -0.95, 0.58, -0.25, 0, -0.25), main);
            c.fill(polygon(0, -0.95, -0.58, -0.25, 0, -0.25), other);
            c.fill(polygon(0, 0.58, 0.58, -0.25, 0, -0.25), other);
            c.fill(polygon(0, 0.58, -0.58, -0.25, 0, -0.25), main);
        }
    },
    CLOCK("clock", List.of(RED, BLUE, BLACK, GREEN, BROWN), "wall clock") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(circle(0, 0, 0.92), main);
            c.fill(circle(0, 0, 0.74), WHITE.sample(r));
            Color ink = BLACK.sample(r);
            c.stroke(polyline(0, 0, 0, -0.56), 0.1, ink);
            c.stroke(polyline(0, 0, 0.42, 0.12), 0.1, ink);
            c.fill(rect(-0.04, -0.72, 0.08, 0.12), ink);
            c.fill(rect(-0.04, 0.6, 0.08, 0.12), ink);
        }
    },
    BICYCLE("bicycle", VIVID, "bike") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            Color tyre = BLACK.sample(r);
            c.fill(minus(circle(-0.55, 0.32, 0.4), circle(-0.55, 0.32, 0.3)), tyre);
            c.fill(minus(circle(0.55, 0.32, 0.4), circle(0.55, 0.32, 0.3)), tyre);
            c.stroke(polyline(-0.55, 0.32, -0.08, 0.32, 0.32, -0.2, -0.26, -0.2, -0.55, 0.32), 0.1, main);
            c.stroke(polyline(-0.08, 0.32, -0.3, -0.38), 0.1, main);
            c.stroke(polyline(0.55, 0.32, 0.3, -0.45, 0.46, -0.55), 0.1, main);
            c.fill(roundRect(-0.45, -0.48, 0.32, 0.1, 0.08), tyre);
        }
    },
    CANDLE("candle", VIVID, "taper") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(rect(-0.24, -0.35, 0.48, 1.3), main);
            c.fill(union(circle(0, -0.58, 0.16), polygon(-0.16, -0.58, 0, -0.98, 0.16, -0.58)),
                    ORANGE.sample(r));
            c.fill(circle(0, -0.55, 0.07), YELLOW.sample(r));
        }
    },
    LADDER("ladder", List.of(BROWN, GREY), "stepladder") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(rect(-0.52, -0.96, 0.15, 1.92), main);
            c.fill(rect(0.37, -0.96, 0.15, 1.92), main);
            for (int i = 0; i < 5; i++) {
                c.fill(rect(-0.4, -0.75 + i * 0.36, 0.8, 0.11), NamedColour.shade(main, 0.85));
            }
        }
    },
    ENVELOPE("envelope", List.of(WHITE, YELLOW, PINK), "letter", "mail") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(rect(-0.92, -0.58, 1.84, 1.16), main);
            c.stroke(polyline(-0.9, -0.55, 0, 0.12, 0.9, -0.55), 0.08, NamedColour.shade(main, 0.6));
            c.fill(rect(0.5, -0.45, 0.25, 0.28), RED.sample(r));
        }
    },
    BELL("bell", List.of(YELLOW, ORANGE)) {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(circle(0, 0.72, 0.17), NamedColour.shade(main, 0.6));
            c.fill(union(dome(0, -0.25, 0.5), polygon(-0.5, -0.26, 0.5, -0.26, 0.72, 0.52, -0.72, 0.52)), main);
            c.fill(roundRect(-0.86, 0.46, 1.72, 0.2, 0.1), NamedColour.shade(main, 0.85));
            c.fill(minus(circle(0, -0.8, 0.16), circle(0, -0.8, 0.07)), NamedColour.shade(main, 0.85));
        }
    },
    CLOUD("cloud", List.of(WHITE, GREY)) {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(union(circle(-0.5, 0.12, 0.36), circle(0, -0.15, 0.5), circle(0.5, 0.12, 0.36),
                    rect(-0.5, 0.1, 1.0, 0.38)), main);
        }
    },
    LIGHTNING("lightning bolt", List.of(YELLOW), "thunderbolt", "lightning") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(polygon(0.18, -0.96, -0.58, 0.12, -0.06, 0.12, -0.28, 0.96, 0.58, -0.22, 0.06, -0.22, 0.36,
                    -0.96), main);
        }
    },
    LEAF("leaf", List.of(GREEN, ORANGE, YELLOW, RED, BROWN), "foliage") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(rotation(0, 0, 35).createTransformedShape(ellipse(0, -0.05, 0.45, 0.85)), main);
            c.stroke(rotation(0, 0, 35).createTransformedShape(polyline(0, -0.8, 0, 0.98)), 0.07,
                    NamedColour.shade(main, 0.6));
        }
    },
    BOTTLE("bottle", List.of(GREEN, BROWN, BLUE), "flask") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(union(roundRect(-0.36, -0.3, 0.72, 1.26, 0.2),
                    polygon(-0.36, -0.18, -0.12, -0.56, 0.12, -0.56, 0.36, -0.18), rect(-0.12, -0.86, 0.24, 0.4)),
                    main);
            c.fill(rect(-0.15, -0.97, 0.3, 0.14), pick(r, RED, GREY, BLACK).sample(r));
            c.fill(rect(-0.36, 0.12, 0.72, 0.36), tone(r, 0.12, 0.15, 0.93));
        }
    },
    ANCHOR("anchor", List.of(GREY, BLACK, BLUE)) {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(minus(circle(0, -0.76, 0.2), circle(0, -0.76, 0.09)), main);
            c.fill(rect(-0.07, -0.58, 0.14, 1.36), main);
            c.fill(rect(-0.46, -0.44, 0.92, 0.13), main);
            Path2D.Double arc = polyline(-0.72, 0.32);
            arc.quadTo(0, 1.28, 0.72, 0.32);
            c.stroke(arc, 0.13, main);
            c.fill(polygon(-0.86, 0.4, -0.62, 0.18, -0.55, 0.45), main);
            c.fill(polygon(0.86, 0.4, 0.62, 0.18, 0.55, 0.45), main);
        }
    },
    BUTTERFLY("butterfly", List.of(BLUE, ORANGE, YELLOW, PURPLE, PINK, RED), "moth") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            for (int side = -1; side <= 1; side += 2) {
                c.fill(rotation(side * 0.45, -0.3, side * 25).createTransformedShape(
                        ellipse(side * 0.45, -0.3, 0.45, 0.34)), main);
                c.fill(ellipse(side * 0.33, 0.35, 0.28, 0.27), NamedColour.shade(main, 0.8));
                c.fill(circle(side * 0.5, -0.35, 0.1), BLACK.sample(r));
            }
            Color body = BLACK.sample(r);
            c.fill(ellipse(0, 0, 0.1, 0.6), body);
            c.stroke(polyline(0, -0.5, -0.25, -0.92), 0.05, body);
            c.stroke(polyline(0, -0.5, 0.25, -0.92), 0.05, body);
        }
    },
    TENT("tent", VIVID) {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(polygon(-0.96, 0.75, 0, -0.85, 0.96, 0.75), main);
            c.fill(polygon(-0.28, 0.75, 0, 0.12, 0.28, 0.75), NamedColour.shade(main, 0.45));
        }
    },
    CAT("cat", List.of(ORANGE, GREY, BLACK, WHITE, BROWN), "kitten") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(union(circle(0, 0.12, 0.72), polygon(-0.7, -0.1, -0.58, -0.92, -0.15, -0.52),
                    polygon(0.7, -0.1, 0.58, -0.92, 0.15, -0.52)), main);
            Color eye = pick(r, GREEN, YELLOW).sample(r);
            c.fill(ellipse(-0.28, 0.0, 0.12, 0.15), eye);
            c.fill(ellipse(0.28, 0.0, 0.12, 0.15), eye);
            c.fill(polygon(-0.1, 0.25, 0.1, 0.25, 0, 0.37), PINK.sample(r));
            Color whisker = main.getRed() + main.getGreen() < 150 ? WHITE.sample(r) : BLACK.sample(r);
            c.stroke(polyline(-0.2, 0.38, -0.75, 0.32), 0.04, whisker);
            c.stroke(polyline(0.2, 0.38, 0.75, 0.32), 0.04, whisker);
        }
    },
    BANANA("banana", List.of(YELLOW)) {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(minus(circle(0, -0.45, 0.95), circle(0, -0.85, 1.0)), main);
            c.fill(circle(-0.86, -0.05, 0.07), BROWN.sample(r));
        }
    },
    CHERRIES("cherries", List.of(RED), "cherry") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            Color stem = tone(r, 0.25, 0.6, 0.45);
            c.stroke(polyline(-0.38, 0.4, 0.05, -0.72, 0.4, 0.45), 0.08, stem);
            c.fill(rotation(0.25, -0.75, 20).createTransformedShape(ellipse(0.25, -0.75, 0.22, 0.1)),
                    GREEN.sample(r));
            c.fill(circle(-0.4, 0.5, 0.34), main);
            c.fill(circle(0.42, 0.55, 0.34), NamedColour.shade(main, 0.9));
        }
    },
    GRAPES("grapes", List.of(PURPLE, GREEN), "bunch of grapes") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.stroke(polyline(0, -0.6, 0.1, -0.92), 0.09, BROWN.sample(r));
            int[] rowSize = {4, 3, 2, 1};
            for (int row = 0; row < 4; row++) {
                for (int i = 0; i < rowSize[row]; i++) {
                    double x = (i - (rowSize[row] - 1) / 2.0) * 0.42;
                    c.fill(circle(x, -0.38 + row * 0.38, 0.23), NamedColour.shade(main, 0.88 + 0.08 * (i % 2)));
                }
            }
        }
    },
    CARROT("carrot", List.of(ORANGE)) {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            Color leaf = GREEN.sample(r);
            c.fill(ellipse(-0.15, -0.7, 0.1, 0.28), leaf);
            c.fill(ellipse(0.15, -0.7, 0.1, 0.28), leaf);
            c.fill(ellipse(0, -0.75, 0.1, 0.25), leaf);
            c.fill(polygon(-0.32, -0.45, 0.32, -0.45, 0, 0.97), main);
            c.stroke(polyline(-0.1, -0.1, 0.08, -0.1), 0.05, NamedColour.shade(main, 0.7));
            c.stroke(polyline(-0.05, 0.3, 0.07, 0.3), 0.05, NamedColour.shade(main, 0.7));
        }
    },
    WATERMELON("watermelon slice", List.of(RED), "watermelon") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            Shape halfPlaneUp = rect(-2, -2, 4, 1.7);
            c.fill(minus(circle(0, -0.3, 0.96), halfPlaneUp), GREEN.sample(r));
            c.fill(minus(circle(0, -0.3, 0.84), halfPlaneUp), tone(r, 0.25, 0.25, 0.95));
            c.fill(minus(circle(0, -0.3, 0.76), halfPlaneUp), main);
            Color seed = BLACK.sample(r);
            c.fill(ellipse(-0.35, 0.0, 0.05, 0.08), seed);
            c.fill(ellipse(0.0, 0.15, 0.05, 0.08), seed);
            c.fill(ellipse(0.35, 0.0, 0.05, 0.08), seed);
        }
    },
    PIZZA("pizza", List.of(ORANGE)) {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(circle(0, 0, 0.94), tone(r, 0.09, 0.6, 0.8));
            c.fill(circle(0, 0, 0.8), tone(r, 0.13, 0.65, 1.0));
            Color pepperoni = RED.sample(r);
            for (int i = 0; i < 6; i++) {
                double a = StrictMath.PI * 2 * i / 6 + 0.4;
                c.fill(circle(0.48 * StrictMath.cos(a), 0.48 * StrictMath.sin(a), 0.15), pepperoni);
            }
            c.fill(circle(0, 0, 0.14), pepperoni);
        }
    },
    DONUT("donut", List.of(PINK, BROWN, WHITE), "doughnut") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(minus(circle(0, 0, 0.92), circle(0, 0, 0.3)), tone(r, 0.09, 0.55, 0.85));
            c.fill(minus(circle(0, 0, 0.78), circle(0, 0, 0.4)), main);
            for (int i = 0; i < 7; i++) {
                double a = StrictMath.PI * 2 * i / 7;
                double x = 0.59 * StrictMath.cos(a);
                double y = 0.59 * StrictMath.sin(a);
                c.fill(rotation(x, y, i * 50).createTransformedShape(rect(x - 0.09, y - 0.03, 0.18, 0.06)),
                        pick(r, RED, YELLOW, BLUE, GREEN).sample(r));
            }
        }
    },
    ICE_CREAM("ice cream", List.of(PINK, WHITE, BROWN, GREEN, YELLOW), "ice cream cone") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            Color cone = tone(r, 0.1, 0.55, 0.85);
            c.fill(polygon(-0.45, -0.12, 0.45, -0.12, 0, 0.97), cone);
            c.stroke(polyline(-0.2, -0.1, 0.15, 0.5), 0.05, NamedColour.shade(cone, 0.7));
            c.stroke(polyline(0.2, -0.1, -0.15, 0.5), 0.05, NamedColour.shade(cone, 0.7));
            c.fill(circle(0, -0.38, 0.5), main);
            c.fill(circle(0.05, -0.88, 0.12), RED.sample(r));
        }
    },
    COOKIE("cookie", List.of(BROWN), "biscuit") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(circle(0, 0, 0.88), NamedColour.shade(main, 1.45));
            Color chip = tone(r, 0.06, 0.7, 0.22);
            double[] xy = {-0.4, -0.35, 0.2, -0.5, 0.45, -0.05, -0.1, 0.05, -0.45, 0.35, 0.2, 0.45, 0.55, 0.4};
            for (int i = 0; i < xy.length; i += 2) {
                c.fill(circle(xy[i] + (r.nextDouble() - 0.5) * 0.1, xy[i + 1] + (r.nextDouble() - 0.5) * 0.1, 0.11),
                        chip);
            }
        }
    },
    FRIED_EGG("fried egg", List.of(WHITE), "egg") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(union(circle(-0.3, -0.15, 0.55), circle(0.3, -0.2, 0.5), circle(0.1, 0.3, 0.6)), main);
            c.fill(circle(0.05, 0, 0.32), pick(r, YELLOW, ORANGE).sample(r));
        }
    },
    HAMBURGER("hamburger", List.of(BROWN), "burger", "cheeseburger") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            Color bun = tone(r, 0.09, 0.6, 0.88);
            c.fill(roundRect(-0.82, 0.35, 1.64, 0.36, 0.2), bun);
            c.fill(roundRect(-0.88, 0.03, 1.76, 0.34, 0.15), main);
            c.fill(polygon(-0.8, 0.02, 0.8, 0.02, 0.5, 0.2, 0.2, 0.05, -0.3, 0.22), YELLOW.sample(r));
            c.stroke(polyline(-0.85, -0.05, -0.55, 0.04, -0.25, -0.06, 0.05, 0.04, 0.35, -0.06, 0.65, 0.04, 0.85,
                    -0.05), 0.12, GREEN.sample(r));
            c.fill(dome(0, -0.1, 0.86), bun);
            Color seed = tone(r, 0.12, 0.1, 0.97);
            c.fill(ellipse(-0.3, -0.5, 0.07, 0.04), seed);
            c.fill(ellipse(0.15, -0.65, 0.07, 0.04), seed);
            c.fill(ellipse(0.45, -0.38, 0.07, 0.04), seed);
        }
    },
    BUILDING("building", List.of(GREY, BROWN, BLUE, WHITE), "skyscraper", "tower") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(rect(-0.5, -0.95, 1.0, 1.9), main);
            Color window = tone(r, 0.14, 0.4, 0.95);
            for (int row = 0; row < 5; row++) {
                for (int col = 0; col < 2; col++) {
                    c.fill(rect(-0.35 + col * 0.45, -0.8 + row * 0.35, 0.25, 0.2), window);
                }
            }
        }
    },
    MOUNTAIN("mountain", List.of(GREY, BROWN, BLUE), "peak") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(polygon(-0.98, 0.8, 0, -0.85, 0.98, 0.8), main);
            c.fill(polygon(-0.3, -0.35, 0, -0.85, 0.3, -0.35, 0.1, -0.25, -0.05, -0.4), WHITE.sample(r));
        }
    },
    CAKE("birthday cake", List.of(PINK, WHITE, BROWN), "cake") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            for (double x : new double[] {-0.4, 0, 0.4}) {
                c.fill(rect(x - 0.05, -0.6, 0.1, 0.4), pick(r, BLUE, YELLOW, RED).sample(r));
                c.fill(circle(x, -0.7, 0.08), ORANGE.sample(r));
            }
            c.fill(rect(-0.8, -0.2, 1.6, 1.0), main);
            c.fill(rect(-0.8, 0.22, 1.6, 0.12), RED.sample(r));
            c.fill(rect(-0.95, 0.8, 1.9, 0.1), WHITE.sample(r));
        }
    },
    MOON("moon", List.of(YELLOW, WHITE), "crescent moon") {
        @Override
        public void draw(Canvas c, Color main, SplittableRandom r) {
            c.fill(ShapeKind.CRESCENT.outline(), main);
        }
    };

    private final String word;
    private final List<NamedColour> colours;
    private final List<String> synonyms;

    Pictogram(String word, List<NamedColour> colours, String... synonyms) {
        this.word = word;
        this.colours = colours;
        this.synonyms = List.of(synonyms);
    }

    @Override
    public String classname() {
        return word;
    }

    @Override
    public List<NamedColour> colourOptions() {
        return colours;
    }

    List<String> synonyms() {
        return synonyms;
    }

    /** Whether the object comes in several colours, so a caption may name its colour ("a red car"). */
    boolean colourVaries() {
        return colours.size() > 1;
    }

    private static NamedColour pick(SplittableRandom r, NamedColour... options) {
        return options[r.nextInt(options.length)];
    }

    /** An unnamed colour (tan, dark brown, glass blue) with a little jitter. */
    private static Color tone(SplittableRandom r, double h, double s, double b) {
        return NamedColour.hsb(h + (r.nextDouble() - 0.5) * 0.02, s * (0.9 + r.nextDouble() * 0.2),
                b * (0.9 + r.nextDouble() * 0.1));
    }
}
