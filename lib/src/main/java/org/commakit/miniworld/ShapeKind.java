package org.commakit.miniworld;

import static org.commakit.miniworld.Geometry.circle;
import static org.commakit.miniworld.Geometry.minus;
import static org.commakit.miniworld.Geometry.polygon;
import static org.commakit.miniworld.Geometry.rect;
import static org.commakit.miniworld.Geometry.regular;
import static org.commakit.miniworld.Geometry.star;
import static org.commakit.miniworld.Geometry.union;

import java.awt.Shape;
import java.util.List;

/** The geometric shapes of the mini world, each an outline in the local box [-1, 1]^2 (y down). */
enum ShapeKind {
    CIRCLE("circle", "circles", circle(0, 0, 0.9), "disc", "round shape", "dot"),
    SQUARE("square", "squares", rect(-0.78, -0.78, 1.56, 1.56), "box", "block"),
    TRIANGLE("triangle", "triangles", polygon(0, -0.95, 0.85, 0.6, -0.85, 0.6), "pyramid", "wedge"),
    STAR("star", "stars", star(5, 0, 0.06, 1.0, 0.45), "starlet", "pentagram"),
    HEART("heart", "hearts",
            union(circle(-0.42, -0.3, 0.48), circle(0.42, -0.3, 0.48), polygon(-0.88, -0.14, 0.88, -0.14, 0, 0.9)),
            "love shape", "valentine"),
    CROSS("cross", "crosses", union(rect(-0.25, -0.85, 0.5, 1.7), rect(-0.85, -0.25, 1.7, 0.5)), "plus shape"),
    DIAMOND("diamond", "diamonds", polygon(0, -0.95, 0.62, 0, 0, 0.95, -0.62, 0), "rhombus", "lozenge"),
    HEXAGON("hexagon", "hexagons", regular(6, 0, 0, 0.92), "six-sided shape", "hex"),
    RING("ring", "rings", minus(circle(0, 0, 0.9), circle(0, 0, 0.52)), "donut shape", "hoop"),
    CRESCENT("crescent", "crescents", minus(circle(0, 0, 0.9), circle(0.42, -0.25, 0.75)), "moon shape",
            "sickle"),
    PENTAGON("pentagon", "pentagons", regular(5, 0, 0.06, 0.92), "five-sided shape");

    private final String word;
    private final String plural;
    private final Shape outline;
    private final List<String> synonyms;

    ShapeKind(String word, String plural, Shape outline, String... synonyms) {
        this.word = word;
        this.plural = plural;
        this.outline = outline;
        this.synonyms = List.of(synonyms);
    }

    String word() {
        return word;
    }

    String plural() {
        return plural;
    }

    List<String> synonyms() {
        return synonyms;
    }

    /** The outline in the local box [-1, 1]^2. */
    Shape outline() {
        return outline;
    }
}
