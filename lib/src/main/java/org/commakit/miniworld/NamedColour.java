package org.commakit.miniworld;

import java.awt.Color;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The colour words of the mini world. Each colour is a region of HSB space, so two "red" objects are never quite
 * the same red; the caption corpus also knows a few synonyms per colour.
 */
enum NamedColour {
    RED("red", 0.0, 0.02, 0.75, 0.95, 0.75, 0.95, "crimson", "scarlet"),
    ORANGE("orange", 0.075, 0.012, 0.85, 1.0, 0.92, 1.0, "amber"),
    YELLOW("yellow", 0.155, 0.012, 0.75, 0.95, 0.92, 1.0, "golden", "lemon"),
    GREEN("green", 0.33, 0.035, 0.6, 0.9, 0.5, 0.75, "emerald", "lime"),
    BLUE("blue", 0.62, 0.025, 0.7, 0.95, 0.7, 0.95, "azure", "navy"),
    PURPLE("purple", 0.78, 0.025, 0.55, 0.8, 0.5, 0.75, "violet", "lilac"),
    PINK("pink", 0.92, 0.025, 0.3, 0.48, 0.94, 1.0, "rose", "rosy"),
    BROWN("brown", 0.07, 0.015, 0.6, 0.8, 0.33, 0.5, "chocolate", "tan"),
    WHITE("white", 0.0, 0.5, 0.0, 0.05, 0.93, 1.0, "ivory", "snowy"),
    BLACK("black", 0.0, 0.5, 0.0, 0.15, 0.04, 0.14, "dark", "jet"),
    GREY("grey", 0.0, 0.5, 0.0, 0.05, 0.45, 0.6, "gray", "silver"),
    CYAN("cyan", 0.5, 0.015, 0.7, 0.9, 0.8, 0.95, "turquoise", "teal");

    /** The colours of objects that come in any colour (cars, kites, mugs). */
    static final List<NamedColour> VIVID = List.of(RED, ORANGE, YELLOW, GREEN, BLUE, PURPLE, PINK, CYAN, WHITE, BLACK);

    private final String word;
    private final double hue;
    private final double hueSpread;
    private final double satMin;
    private final double satMax;
    private final double briMin;
    private final double briMax;
    private final List<String> synonyms;

    NamedColour(String word, double hue, double hueSpread, double satMin, double satMax, double briMin,
            double briMax, String... synonyms) {
        this.word = word;
        this.hue = hue;
        this.hueSpread = hueSpread;
        this.satMin = satMin;
        this.satMax = satMax;
        this.briMin = briMin;
        this.briMax = briMax;
        this.synonyms = List.of(synonyms);
    }

    /** The colour's name in class names ("red"). */
    String word() {
        return word;
    }

    /** Other words the caption corpus may use for this colour. */
    List<String> synonyms() {
        return synonyms;
    }

    /** One sample of this colour: hue, saturation and brightness jittered within the colour's range. */
    Color sample(SplittableRandom r) {
        double h = hue + (r.nextDouble() * 2 - 1) * hueSpread;
        double s = satMin + r.nextDouble() * (satMax - satMin);
        double b = briMin + r.nextDouble() * (briMax - briMin);
        return hsb(h, s, b);
    }

    /** The centre of the colour's range. */
    Color centre() {
        return hsb(hue, (satMin + satMax) / 2, (briMin + briMax) / 2);
    }

    /** The named colour closest (in RGB) to a given colour; used to caption backgrounds. */
    static NamedColour nearest(Color c) {
        NamedColour best = RED;
        double bestDistance = Double.MAX_VALUE;
        for (NamedColour n : values()) {
            double d = distance(c, n.centre());
            if (d < bestDistance) {
                bestDistance = d;
                best = n;
            }
        }
        return best;
    }

    /** Euclidean distance in RGB (0..441). */
    static double distance(Color a, Color b) {
        int dr = a.getRed() - b.getRed();
        int dg = a.getGreen() - b.getGreen();
        int db = a.getBlue() - b.getBlue();
        return Math.sqrt(dr * dr + dg * dg + db * db);
    }

    /** HSB to RGB with the hue wrapped into [0, 1). */
    static Color hsb(double h, double s, double b) {
        double wrapped = h - Math.floor(h);
        return new Color(Color.HSBtoRGB((float) wrapped, (float) clamp(s), (float) clamp(b)));
    }

    /**
     * A background colour: any hue, saturation at most {@code maxSaturation}, and at least {@code minDistance}
     * away in RGB from {@code avoid} (the object's colour), so the object stays visible.
     */
    static Color background(SplittableRandom r, double maxSaturation, Color avoid, double minDistance) {
        for (int attempt = 0; attempt < 32; attempt++) {
            Color c = hsb(r.nextDouble(), r.nextDouble() * maxSaturation, 0.15 + r.nextDouble() * 0.8);
            if (distance(c, avoid) >= minDistance) {
                return c;
            }
        }
        double luminance = 0.299 * avoid.getRed() + 0.587 * avoid.getGreen() + 0.114 * avoid.getBlue();
        return luminance > 128 ? new Color(40, 40, 46) : new Color(225, 225, 218);
    }

    /** A colour with brightness scaled by {@code factor} (clamped), hue and saturation kept. */
    static Color shade(Color c, double factor) {
        float[] hsb = Color.RGBtoHSB(c.getRed(), c.getGreen(), c.getBlue(), null);
        return hsb(hsb[0], hsb[1], hsb[2] * factor);
    }

    private static double clamp(double v) {
        return Math.max(0, Math.min(1, v));
    }
}
