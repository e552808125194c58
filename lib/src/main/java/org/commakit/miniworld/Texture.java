package org.commakit.miniworld;

import static org.commakit.miniworld.Geometry.circle;
import static org.commakit.miniworld.Geometry.polyline;
import static org.commakit.miniworld.Geometry.rect;
import static org.commakit.miniworld.Geometry.regular;

import java.awt.Color;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Describable textures (as DTD's adjectives) covering the whole image: two colours, a random period within the
 * texture's range and a random orientation. The classes of MiniTextures; faint versions are the patterned
 * backgrounds of MiniImageNet-A.
 */
enum Texture implements Concept {
    STRIPED("striped", 0.16, 0.28, 180, List.of("stripes", "striped pattern", "bands")) {
        @Override
        void pattern(Canvas c, Color fg, double p, SplittableRandom r) {
            double duty = 0.4 + r.nextDouble() * 0.2;
            for (double y = LO; y < HI; y += p) {
                c.fill(rect(LO, y, HI - LO, p * duty), fg);
            }
        }
    },
    DOTTED("dotted", 0.15, 0.22, 90, List.of("dots", "dotted pattern", "spots")) {
        @Override
        void pattern(Canvas c, Color fg, double p, SplittableRandom r) {
            double radius = p * (0.22 + r.nextDouble() * 0.08);
            int row = 0;
            for (double y = LO; y < HI; y += p, row++) {
                for (double x = LO + (row % 2) * p / 2; x < HI; x += p) {
                    c.fill(circle(x, y, radius), fg);
                }
            }
        }
    },
    CHEQUERED("chequered", 0.14, 0.24, 90, List.of("checks", "checkerboard", "checkered pattern")) {
        @Override
        void pattern(Canvas c, Color fg, double p, SplittableRandom r) {
            int i = 0;
            for (double y = LO; y < HI; y += p, i++) {
                int j = 0;
                for (double x = LO; x < HI; x += p, j++) {
                    if ((i + j) % 2 == 0) {
                        c.fill(rect(x, y, p, p), fg);
                    }
                }
            }
        }
    },
    ZIGZAGGED("zigzagged", 0.2, 0.3, 180, List.of("zigzags", "zigzag pattern", "chevrons")) {
        @Override
        void pattern(Canvas c, Color fg, double p, SplittableRandom r) {
            double step = p * 0.5;
            for (double y = LO; y < HI; y += p) {
                Path2D.Double z = new Path2D.Double();
                z.moveTo(LO, y);
                int k = 0;
                for (double x = LO + step; x < HI + step; x += step, k++) {
                    z.lineTo(x, y + (k % 2 == 0 ? p * 0.4 : 0));
                }
                c.stroke(z, p * 0.3, fg);
            }
        }
    },
    WAVY("wavy", 0.2, 0.3, 180, List.of("waves", "wavy lines", "ripples")) {
        @Override
        void pattern(Canvas c, Color fg, double p, SplittableRandom r) {
            double wavelength = 0.28 + r.nextDouble() * 0.15;
            for (double y = LO; y < HI; y += p) {
                Path2D.Double w = new Path2D.Double();
                w.moveTo(LO, y);
                for (double x = LO; x < HI; x += 0.02) {
                    w.lineTo(x, y + p * 0.35 * StrictMath.sin(2 * StrictMath.PI * x / wavelength));
                }
                c.stroke(w, p * 0.32, fg);
            }
        }
    },
    GRID("grid", 0.18, 0.26, 10, List.of("grid", "square grid", "mesh")) {
        @Override
        void pattern(Canvas c, Color fg, double p, SplittableRandom r) {
            double w = 0.045 + r.nextDouble() * 0.015;
            for (double t = LO; t < HI; t += p) {
                c.fill(rect(LO, t, HI - LO, w), fg);
                c.fill(rect(t, LO, w, HI - LO), fg);
            }
        }
    },
    CROSSHATCHED("crosshatched", 0.1, 0.14, 15, List.of("crosshatching", "hatching", "criss-cross lines")) {
        @Override
        void pattern(Canvas c, Color fg, double p, SplittableRandom r) {
            for (int side = -1; side <= 1; side += 2) {
                c.push(Geometry.rotation(0.5, 0.5, side * 30));
                for (double t = LO - 0.3; t < HI + 0.3; t += p) {
                    c.fill(rect(LO - 0.3, t, HI - LO + 0.6, 0.028), fg);
                }
                c.pop();
            }
        }
    },
    SPIRALLED("spiralled", 0.12, 0.18, 180, List.of("spiral", "swirl", "spiral pattern")) {
        @Override
        void pattern(Canvas c, Color fg, double p, SplittableRandom r) {
            double cx = 0.35 + r.nextDouble() * 0.3;
            double cy = 0.35 + r.nextDouble() * 0.3;
            Path2D.Double s = new Path2D.Double();
            s.moveTo(cx, cy);
            for (double a = 0; a < 2 * StrictMath.PI * 8; a += 0.15) {
                double radius = p * a / (2 * StrictMath.PI);
                s.lineTo(cx + radius * StrictMath.cos(a), cy + radius * StrictMath.sin(a));
            }
            c.stroke(s, p * 0.42, fg);
        }
    },
    SCALY("scaly", 0.18, 0.24, 20, List.of("scales", "fish scales", "scaled pattern")) {
        @Override
        void pattern(Canvas c, Color fg, double p, SplittableRandom r) {
            Color edge = NamedColour.shade(fg, 0.45);
            int row = 0;
            for (double y = LO; y < HI; y += p * 0.5, row++) {
                for (double x = LO + (row % 2) * p / 2; x < HI; x += p) {
                    c.fill(circle(x, y, p * 0.56), edge);
                    c.fill(circle(x, y, p * 0.44), fg);
                }
            }
        }
    },
    HONEYCOMBED("honeycombed", 0.16, 0.22, 30, List.of("honeycomb", "hexagons", "hexagonal pattern")) {
        @Override
        void pattern(Canvas c, Color fg, double p, SplittableRandom r) {
            double radius = p * 0.58;
            double dx = radius * StrictMath.sqrt(3);
            int row = 0;
            for (double y = LO; y < HI; y += radius * 1.5, row++) {
                for (double x = LO + (row % 2) * dx / 2; x < HI; x += dx) {
                    c.push(Geometry.rotation(x, y, 30));
                    c.stroke(regular(6, x, y, radius), 0.04, fg);
                    c.pop();
                }
            }
        }
    },
    SPRINKLED("sprinkled", 0.08, 0.1, 180, List.of("sprinkles", "confetti", "speckles")) {
        @Override
        void pattern(Canvas c, Color fg, double p, SplittableRandom r) {
            int n = 45 + r.nextInt(30);
            for (int i = 0; i < n; i++) {
                double x = r.nextDouble();
                double y = r.nextDouble();
                double a = r.nextDouble() * 2 * StrictMath.PI;
                double half = p * 0.5;
                Color col = i % 3 == 0 ? fg : NamedColour.VIVID.get(r.nextInt(NamedColour.VIVID.size())).sample(r);
                c.stroke(polyline(x - half * StrictMath.cos(a), y - half * StrictMath.sin(a),
                        x + half * StrictMath.cos(a), y + half * StrictMath.sin(a)), 0.035, col);
            }
        }
    },
    BLOTCHY("blotchy", 0.1, 0.2, 180, List.of("blotches", "splotches", "patches")) {
        @Override
        void pattern(Canvas c, Color fg, double p, SplittableRandom r) {
            int n = 6 + r.nextInt(6);
            for (int i = 0; i < n; i++) {
                double x = r.nextDouble();
                double y = r.nextDouble();
                Color col = NamedColour.shade(fg, 0.8 + r.nextDouble() * 0.3);
                c.fill(Geometry.union(circle(x, y, p * (0.6 + r.nextDouble())),
                        circle(x + (r.nextDouble() - 0.5) * p * 2, y + (r.nextDouble() - 0.5) * p * 2,
                                p * (0.5 + r.nextDouble()))), col);
            }
        }
    };

    /** Patterns are drawn over [LO, HI]^2 so that a rotation about the centre still covers the image. */
    private static final double LO = -0.3;
    private static final double HI = 1.3;

    private final String word;
    private final double minPeriod;
    private final double maxPeriod;
    private final double maxRotation;
    private final List<String> nouns;

    Texture(String word, double minPeriod, double maxPeriod, double maxRotation, List<String> nouns) {
        this.word = word;
        this.minPeriod = minPeriod;
        this.maxPeriod = maxPeriod;
        this.maxRotation = maxRotation;
        this.nouns = nouns;
    }

    @Override
    public String classname() {
        return word;
    }

    /** Nouns for captions ("stripes", "a checkerboard"). */
    List<String> nouns() {
        return nouns;
    }

    /** Draws the pattern in {@code fg} (period in image fractions) over the current background. */
    abstract void pattern(Canvas c, Color fg, double period, SplittableRandom r);

    /** Draws the pattern with a random period and orientation over what is already on the canvas. */
    void paint(Canvas c, Color fg, Color bg, SplittableRandom r) {
        double period = minPeriod + r.nextDouble() * (maxPeriod - minPeriod);
        double degrees = (r.nextDouble() * 2 - 1) * maxRotation;
        c.push(Geometry.rotation(0.5, 0.5, degrees));
        pattern(c, fg, period, r);
        c.pop();
    }

    @Override
    public BufferedImage render(RenderStyle style, Nuisance n, SplittableRandom r) {
        Canvas c = new Canvas(style, r);
        NamedColour fgName = NamedColour.values()[r.nextInt(NamedColour.values().length)];
        Color fg = fgName.sample(r);
        Color bg = NamedColour.background(r, 0.5, fg, 120);
        c.background(bg);
        paint(c, fg, bg, r);
        return c.finish(n.noise(r), r);
    }
}
