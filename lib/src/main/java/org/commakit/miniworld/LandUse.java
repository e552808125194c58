package org.commakit.miniworld;

import static org.commakit.miniworld.Geometry.circle;
import static org.commakit.miniworld.Geometry.ellipse;
import static org.commakit.miniworld.Geometry.polyline;
import static org.commakit.miniworld.Geometry.rect;

import java.awt.Color;
import java.awt.geom.Path2D;
import java.awt.image.BufferedImage;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Satellite-like tiles seen from straight above, with EuroSAT's ten land-use classes and its class names as CoOp
 * renames them (docs/data-protocol.md#class-names). Tiles have no up direction, so each is drawn at a random rotation.
 */
enum LandUse implements Concept {
    ANNUAL_CROP("annual crop land", List.of("farmland", "crop fields", "fields")) {
        @Override
        void draw(Canvas c, SplittableRandom r) {
            c.background(tone(r, 0.22, 0.4, 0.6));
            double split = 0.25 + r.nextDouble() * 0.5;
            for (int block = 0; block < 2; block++) {
                double y0 = block == 0 ? LO : split;
                double y1 = block == 0 ? split : HI;
                for (double x = LO + r.nextDouble() * 0.1; x < HI; ) {
                    double w = 0.08 + r.nextDouble() * 0.12;
                    double[] hsb = FIELD_TONES[r.nextInt(FIELD_TONES.length)];
                    c.fill(rect(x, y0, w, y1 - y0), tone(r, hsb[0], hsb[1], hsb[2]));
                    x += w + 0.012;
                }
            }
        }
    },
    FOREST("forest", List.of("woods", "woodland", "trees")) {
        @Override
        void draw(Canvas c, SplittableRandom r) {
            c.background(tone(r, 0.3, 0.6, 0.28));
            int n = 70 + r.nextInt(30);
            for (int i = 0; i < n; i++) {
                c.fill(circle(r.nextDouble() * 1.2 - 0.1, r.nextDouble() * 1.2 - 0.1, 0.04 + r.nextDouble() * 0.05),
                        tone(r, 0.28 + r.nextDouble() * 0.06, 0.6, 0.25 + r.nextDouble() * 0.2));
            }
        }
    },
    HERBACEOUS("herbaceous vegetation land", List.of("scrubland", "vegetation", "bushland")) {
        @Override
        void draw(Canvas c, SplittableRandom r) {
            c.background(tone(r, 0.19, 0.45, 0.5));
            int n = 45 + r.nextInt(25);
            for (int i = 0; i < n; i++) {
                double[] hsb = SCRUB_TONES[r.nextInt(SCRUB_TONES.length)];
                c.fill(ellipse(r.nextDouble() * 1.2 - 0.1, r.nextDouble() * 1.2 - 0.1, 0.03 + r.nextDouble() * 0.07,
                        0.02 + r.nextDouble() * 0.05), tone(r, hsb[0], hsb[1], hsb[2]));
            }
        }
    },
    HIGHWAY("highway or road", List.of("road", "highway", "motorway")) {
        @Override
        void draw(Canvas c, SplittableRandom r) {
            c.background(tone(r, 0.2 + r.nextDouble() * 0.08, 0.4, 0.55));
            for (int i = 0; i < 12; i++) {
                c.fill(circle(r.nextDouble(), r.nextDouble(), 0.05 + r.nextDouble() * 0.1),
                        tone(r, 0.15 + r.nextDouble() * 0.15, 0.4, 0.5 + r.nextDouble() * 0.15));
            }
            road(c, 0.5 + (r.nextDouble() - 0.5) * 0.3, 0.12 + r.nextDouble() * 0.06, r);
            if (r.nextInt(5) < 2) {
                c.push(Geometry.rotation(0.5, 0.5, 90));
                road(c, 0.3 + r.nextDouble() * 0.4, 0.08 + r.nextDouble() * 0.04, r);
                c.pop();
            }
        }

        private void road(Canvas c, double y, double width, SplittableRandom r) {
            c.fill(rect(LO, y - width / 2, HI - LO, width), tone(r, 0.6, 0.05, 0.5));
            Color paint = r.nextBoolean() ? tone(r, 0.14, 0.7, 0.95) : tone(r, 0, 0, 0.97);
            for (double x = LO; x < HI; x += 0.14) {
                c.fill(rect(x, y - 0.012, 0.07, 0.024), paint);
            }
        }
    },
    INDUSTRIAL("industrial buildings", List.of("factories", "warehouses", "industrial area")) {
        @Override
        void draw(Canvas c, SplittableRandom r) {
            c.background(tone(r, 0.1, 0.05, 0.62));
            for (double y = -0.1; y < 1.1; y += 0.32) {
                for (double x = -0.1; x < 1.1; x += 0.4) {
                    double w = 0.22 + r.nextDouble() * 0.13;
                    double h = 0.16 + r.nextDouble() * 0.1;
                    double[] hsb = ROOF_TONES[r.nextInt(ROOF_TONES.length)];
                    c.fill(rect(x + r.nextDouble() * 0.05, y + r.nextDouble() * 0.05, w, h),
                            tone(r, hsb[0], hsb[1], hsb[2]));
                }
            }
            for (int i = 0; i < 6; i++) {
                c.fill(rect(r.nextDouble(), r.nextDouble(), 0.05, 0.025), tone(r, 0, 0, 0.2 + r.nextDouble() * 0.6));
            }
        }
    },
    PASTURE("pasture land", List.of("pasture", "grassland", "meadow")) {
        @Override
        void draw(Canvas c, SplittableRandom r) {
            c.background(tone(r, 0.24, 0.5, 0.68));
            for (int i = 0; i < 5; i++) {
                c.fill(circle(r.nextDouble(), r.nextDouble(), 0.15 + r.nextDouble() * 0.2),
                        tone(r, 0.22 + r.nextDouble() * 0.05, 0.45, 0.62 + r.nextDouble() * 0.12));
            }
            double fence = r.nextDouble();
            c.stroke(polyline(LO, fence, HI, fence + (r.nextDouble() - 0.5) * 0.2), 0.015, tone(r, 0.08, 0.5, 0.4));
            for (int i = 0; i < 4; i++) {
                c.fill(circle(r.nextDouble(), r.nextDouble(), 0.012), tone(r, 0, 0, 0.95));
            }
        }
    },
    PERMANENT_CROP("permanent crop land", List.of("orchard", "vineyard", "plantation")) {
        @Override
        void draw(Canvas c, SplittableRandom r) {
            c.background(tone(r, 0.09, 0.4, 0.62));
            double rowStep = 0.075 + r.nextDouble() * 0.03;
            double plantStep = 0.06 + r.nextDouble() * 0.02;
            double radius = 0.022 + r.nextDouble() * 0.01;
            for (double y = LO; y < HI; y += rowStep) {
                for (double x = LO + r.nextDouble() * plantStep; x < HI; x += plantStep) {
                    c.fill(circle(x, y, radius), tone(r, 0.27, 0.6, 0.3 + r.nextDouble() * 0.15));
                }
            }
        }
    },
    RESIDENTIAL("residential buildings", List.of("houses", "neighbourhood", "suburb")) {
        @Override
        void draw(Canvas c, SplittableRandom r) {
            c.background(tone(r, 0.26, 0.35, 0.55));
            double block = 0.26 + r.nextDouble() * 0.08;
            Color street = tone(r, 0.6, 0.04, 0.55);
            for (double t = LO; t < HI; t += block) {
                c.fill(rect(LO, t, HI - LO, 0.035), street);
                c.fill(rect(t, LO, 0.035, HI - LO), street);
            }
            for (double by = LO; by < HI; by += block) {
                for (double bx = LO; bx < HI; bx += block) {
                    for (int k = 0; k < 4; k++) {
                        double x = bx + 0.05 + (k % 2) * (block * 0.45);
                        double y = by + 0.05 + (k / 2) * (block * 0.45);
                        double[] hsb = HOUSE_TONES[r.nextInt(HOUSE_TONES.length)];
                        c.fill(rect(x, y, 0.07 + r.nextDouble() * 0.03, 0.06 + r.nextDouble() * 0.03),
                                tone(r, hsb[0], hsb[1], hsb[2]));
                    }
                }
            }
        }
    },
    RIVER("river", List.of("river", "stream", "waterway")) {
        @Override
        void draw(Canvas c, SplittableRandom r) {
            c.background(tone(r, 0.2 + r.nextDouble() * 0.06, 0.45, 0.55));
            for (int i = 0; i < 10; i++) {
                c.fill(circle(r.nextDouble(), r.nextDouble(), 0.06 + r.nextDouble() * 0.1),
                        tone(r, 0.18 + r.nextDouble() * 0.12, 0.45, 0.45 + r.nextDouble() * 0.2));
            }
            double y0 = 0.3 + r.nextDouble() * 0.4;
            double amplitude = 0.08 + r.nextDouble() * 0.12;
            double wavelength = 0.6 + r.nextDouble() * 0.5;
            double phase = r.nextDouble() * 2 * StrictMath.PI;
            Path2D.Double path = new Path2D.Double();
            path.moveTo(LO, y0 + amplitude * StrictMath.sin(phase));
            for (double x = LO; x <= HI; x += 0.02) {
                path.lineTo(x, y0 + amplitude * StrictMath.sin(phase + 2 * StrictMath.PI * x / wavelength));
            }
            double width = 0.09 + r.nextDouble() * 0.08;
            c.stroke(path, width + 0.03, tone(r, 0.12, 0.3, 0.7));
            c.stroke(path, width, tone(r, 0.57, 0.6, 0.45 + r.nextDouble() * 0.15));
        }
    },
    SEA_LAKE("sea or lake", List.of("sea", "lake", "open water")) {
        @Override
        void draw(Canvas c, SplittableRandom r) {
            double hue = 0.54 + r.nextDouble() * 0.08;
            c.background(tone(r, hue, 0.65, 0.4 + r.nextDouble() * 0.25));
            for (int i = 0; i < 25; i++) {
                c.fill(ellipse(r.nextDouble(), r.nextDouble(), 0.04 + r.nextDouble() * 0.04, 0.008),
                        tone(r, hue, 0.5, 0.6 + r.nextDouble() * 0.2));
            }
            if (r.nextBoolean()) {
                double edge = 0.75 + r.nextDouble() * 0.15;
                Path2D.Double shore = new Path2D.Double();
                shore.moveTo(LO, HI);
                for (double x = LO; x <= HI; x += 0.05) {
                    shore.lineTo(x, edge + 0.04 * StrictMath.sin(x * 9 + hue * 50));
                }
                shore.lineTo(HI, HI);
                shore.closePath();
                c.fill(shore, r.nextBoolean() ? tone(r, 0.12, 0.35, 0.85) : tone(r, 0.25, 0.45, 0.5));
            }
        }
    };

    private static final double LO = -0.3;
    private static final double HI = 1.3;
    private static final double[][] FIELD_TONES = {{0.25, 0.55, 0.55}, {0.14, 0.5, 0.85}, {0.08, 0.45, 0.55},
        {0.3, 0.5, 0.7}, {0.11, 0.35, 0.75}};
    private static final double[][] SCRUB_TONES = {{0.22, 0.5, 0.45}, {0.15, 0.45, 0.55}, {0.09, 0.45, 0.45},
        {0.28, 0.45, 0.4}, {0.13, 0.3, 0.65}};
    private static final double[][] ROOF_TONES = {{0.6, 0.05, 0.85}, {0.58, 0.2, 0.75}, {0.0, 0.0, 0.95},
        {0.0, 0.0, 0.4}, {0.55, 0.1, 0.6}};
    private static final double[][] HOUSE_TONES = {{0.02, 0.65, 0.7}, {0.06, 0.6, 0.8}, {0.0, 0.0, 0.9},
        {0.0, 0.0, 0.45}, {0.07, 0.6, 0.45}};

    private final String word;
    private final List<String> nouns;

    LandUse(String word, List<String> nouns) {
        this.word = word;
        this.nouns = nouns;
    }

    @Override
    public String classname() {
        return word;
    }

    /** Words captions use for the tile ("farmland", "a lake"). */
    List<String> nouns() {
        return nouns;
    }

    /** Draws the tile in the current (rotated) frame, over [LO, HI]^2. */
    abstract void draw(Canvas c, SplittableRandom r);

    @Override
    public BufferedImage render(RenderStyle style, Nuisance n, SplittableRandom r) {
        Canvas c = new Canvas(style, r);
        c.push(Geometry.rotation(0.5, 0.5, r.nextDouble() * 360));
        draw(c, r);
        c.pop();
        return c.finish(n.noise(r), r);
    }

    private static Color tone(SplittableRandom r, double h, double s, double b) {
        return NamedColour.hsb(h + (r.nextDouble() - 0.5) * 0.03, s * (0.85 + r.nextDouble() * 0.3),
                b * (0.88 + r.nextDouble() * 0.2));
    }
}
