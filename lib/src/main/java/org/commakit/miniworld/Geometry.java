package org.commakit.miniworld;

import java.awt.BasicStroke;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Area;
import java.awt.geom.Ellipse2D;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;

/**
 * Shape builders in the drawing's coordinates. Trigonometry uses {@link StrictMath} so the geometry does not
 * depend on the JIT's choice of intrinsics.
 */
final class Geometry {
    private Geometry() {}

    static Shape circle(double cx, double cy, double r) {
        return new Ellipse2D.Double(cx - r, cy - r, 2 * r, 2 * r);
    }

    static Shape ellipse(double cx, double cy, double rx, double ry) {
        return new Ellipse2D.Double(cx - rx, cy - ry, 2 * rx, 2 * ry);
    }

    static Shape rect(double x, double y, double w, double h) {
        return new Rectangle2D.Double(x, y, w, h);
    }

    static Shape roundRect(double x, double y, double w, double h, double arc) {
        return new RoundRectangle2D.Double(x, y, w, h, arc, arc);
    }

    /** A closed polygon through the points x0, y0, x1, y1, ... */
    static Shape polygon(double... xy) {
        Path2D.Double p = polyline(xy);
        p.closePath();
        return p;
    }

    /** An open path through the points x0, y0, x1, y1, ... (to be stroked). */
    static Path2D.Double polyline(double... xy) {
        Path2D.Double p = new Path2D.Double();
        p.moveTo(xy[0], xy[1]);
        for (int i = 2; i < xy.length; i += 2) {
            p.lineTo(xy[i], xy[i + 1]);
        }
        return p;
    }

    /** A regular polygon with {@code n} corners on a circle of radius r, the first corner straight up. */
    static Shape regular(int n, double cx, double cy, double r) {
        double[] xy = new double[2 * n];
        for (int i = 0; i < n; i++) {
            double a = -StrictMath.PI / 2 + 2 * StrictMath.PI * i / n;
            xy[2 * i] = cx + r * StrictMath.cos(a);
            xy[2 * i + 1] = cy + r * StrictMath.sin(a);
        }
        return polygon(xy);
    }

    /** A star with {@code points} tips, outer radius r and inner radius {@code inner * r}. */
    static Shape star(int points, double cx, double cy, double r, double inner) {
        double[] xy = new double[4 * points];
        for (int i = 0; i < 2 * points; i++) {
            double a = -StrictMath.PI / 2 + StrictMath.PI * i / points;
            double radius = i % 2 == 0 ? r : r * inner;
            xy[2 * i] = cx + radius * StrictMath.cos(a);
            xy[2 * i + 1] = cy + radius * StrictMath.sin(a);
        }
        return polygon(xy);
    }

    /** The part of the circle (cx, cy, r) on the side of y < cy (a dome), as a closed shape. */
    static Shape dome(double cx, double cy, double r) {
        Area a = new Area(circle(cx, cy, r));
        a.subtract(new Area(rect(cx - r - 1, cy, 2 * r + 2, r + 1)));
        return a;
    }

    static Area union(Shape... shapes) {
        Area a = new Area();
        for (Shape s : shapes) {
            a.add(new Area(s));
        }
        return a;
    }

    static Area minus(Shape a, Shape b) {
        Area out = new Area(a);
        out.subtract(new Area(b));
        return out;
    }

    /** The outline of a path as a filled shape, with round caps and joins. */
    static Shape strokeOf(Shape path, double width) {
        return new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND).createStrokedShape(path);
    }

    /** Translate to (cx, cy), rotate by {@code degrees}, scale by {@code scale} (built with StrictMath). */
    static AffineTransform place(double cx, double cy, double scale, double degrees) {
        double a = StrictMath.toRadians(degrees);
        double c = StrictMath.cos(a) * scale;
        double s = StrictMath.sin(a) * scale;
        return new AffineTransform(c, s, -s, c, cx, cy);
    }

    /** A rotation by {@code degrees} about (cx, cy). */
    static AffineTransform rotation(double cx, double cy, double degrees) {
        AffineTransform t = place(cx, cy, 1, degrees);
        t.concatenate(AffineTransform.getTranslateInstance(-cx, -cy));
        return t;
    }
}
