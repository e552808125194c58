package org.commakit.miniworld;

import static org.commakit.miniworld.Geometry.polyline;

import java.awt.Color;
import java.awt.Shape;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Symbols drawn as thick strokes (signs, arrows, capital letters): the classes of MiniGlyphs. No fonts are used, so
 * the images do not depend on the fonts installed. Strokes are given in the local box [-1, 1]^2 (y down).
 */
enum Glyph implements Thing {
    PLUS("plus sign", List.of("plus", "plus symbol"), polyline(0, -0.8, 0, 0.8), polyline(-0.8, 0, 0.8, 0)),
    MINUS("minus sign", List.of("minus", "dash", "minus symbol"), polyline(-0.8, 0, 0.8, 0)),
    EQUALS("equals sign", List.of("equals", "equal sign"), polyline(-0.8, -0.32, 0.8, -0.32),
            polyline(-0.8, 0.32, 0.8, 0.32)),
    TIMES("multiplication sign", List.of("times sign", "x mark"), polyline(-0.7, -0.7, 0.7, 0.7),
            polyline(-0.7, 0.7, 0.7, -0.7)),
    CHECK("check mark", List.of("tick", "checkmark", "tick mark"), polyline(-0.8, 0, -0.25, 0.6, 0.8, -0.7)),
    UP("up arrow", List.of("arrow pointing up", "upward arrow"), polyline(0, 0.85, 0, -0.8),
            polyline(-0.55, -0.3, 0, -0.85, 0.55, -0.3)),
    DOWN("down arrow", List.of("arrow pointing down", "downward arrow"), polyline(0, -0.85, 0, 0.8),
            polyline(-0.55, 0.3, 0, 0.85, 0.55, 0.3)),
    LEFT("left arrow", List.of("arrow pointing left", "leftward arrow"), polyline(0.85, 0, -0.8, 0),
            polyline(-0.3, -0.55, -0.85, 0, -0.3, 0.55)),
    RIGHT("right arrow", List.of("arrow pointing right", "rightward arrow"), polyline(-0.85, 0, 0.8, 0),
            polyline(0.3, -0.55, 0.85, 0, 0.3, 0.55)),
    LETTER_A("letter A", List.of("capital A", "uppercase A"), polyline(-0.7, 0.9, 0, -0.9, 0.7, 0.9),
            polyline(-0.4, 0.25, 0.4, 0.25)),
    LETTER_E("letter E", List.of("capital E", "uppercase E"), polyline(0.65, -0.9, -0.6, -0.9, -0.6, 0.9, 0.65, 0.9),
            polyline(-0.6, 0, 0.4, 0)),
    LETTER_H("letter H", List.of("capital H", "uppercase H"), polyline(-0.65, -0.9, -0.65, 0.9),
            polyline(0.65, -0.9, 0.65, 0.9), polyline(-0.65, 0, 0.65, 0)),
    LETTER_L("letter L", List.of("capital L", "uppercase L"), polyline(-0.55, -0.9, -0.55, 0.9, 0.65, 0.9)),
    LETTER_O("letter O", List.of("capital O", "uppercase O"), new Ellipse2D.Double(-0.6, -0.88, 1.2, 1.76)),
    LETTER_T("letter T", List.of("capital T", "uppercase T"), polyline(-0.8, -0.88, 0.8, -0.88),
            polyline(0, -0.88, 0, 0.9)),
    HASH("hash sign", List.of("hashtag", "number sign", "pound sign"), polyline(-0.25, -0.85, -0.4, 0.85),
            polyline(0.4, -0.85, 0.25, 0.85), polyline(-0.8, -0.3, 0.8, -0.3), polyline(-0.8, 0.3, 0.8, 0.3));

    private final String word;
    private final List<String> synonyms;
    private final Path2D.Double strokes = new Path2D.Double();

    Glyph(String word, List<String> synonyms, Shape... parts) {
        this.word = word;
        this.synonyms = synonyms;
        for (Shape p : parts) {
            strokes.append(p, false);
        }
    }

    @Override
    public String classname() {
        return word;
    }

    List<String> synonyms() {
        return synonyms;
    }

    @Override
    public List<NamedColour> colourOptions() {
        return List.of(NamedColour.values());
    }

    @Override
    public void draw(Canvas c, Color main, SplittableRandom r) {
        c.stroke(strokes, 0.2 + r.nextDouble() * 0.1, main);
    }
}
