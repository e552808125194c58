package org.commakit.miniworld;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Path2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.SplittableRandom;

/**
 * A drawing surface for one mini-world image. Drawings use unit coordinates (the canvas is [0,1] x [0,1], y down)
 * plus a stack of local transforms; every filled part goes through {@link #fill}, which paints it in the canvas's
 * {@link RenderStyle}.
 *
 * <p>Java2D draws with antialiasing off at {@value #SUPERSAMPLE}x the output size; {@link #finish} averages each
 * {@value #SUPERSAMPLE}x{@value #SUPERSAMPLE} block (integer arithmetic) and adds noise from the image's own random
 * stream, so the result is a deterministic function of the seed.
 */
final class Canvas {
    /** Output images are SIZE x SIZE RGB. */
    static final int SIZE = 32;
    static final int SUPERSAMPLE = 4;
    private static final int HI = SIZE * SUPERSAMPLE;
    private static final double PEN = 0.028;

    private final BufferedImage hi = new BufferedImage(HI, HI, BufferedImage.TYPE_INT_RGB);
    private final Graphics2D g;
    private final RenderStyle style;
    private final SplittableRandom styleRandom;
    private final Deque<AffineTransform> saved = new ArrayDeque<>();
    private AffineTransform local = new AffineTransform();
    private final Color paper;
    private final Color pencil;
    private final Shape hatch;

    Canvas(RenderStyle style, SplittableRandom r) {
        this.style = style;
        this.styleRandom = r.split();
        g = hi.createGraphics();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_OFF);
        g.setRenderingHint(RenderingHints.KEY_STROKE_CONTROL, RenderingHints.VALUE_STROKE_PURE);
        g.setRenderingHint(RenderingHints.KEY_RENDERING, RenderingHints.VALUE_RENDER_QUALITY);
        g.scale(HI, HI);
        int p = 225 + styleRandom.nextInt(26);
        paper = new Color(p, p, Math.max(0, p - styleRandom.nextInt(12)));
        int ink = 30 + styleRandom.nextInt(80);
        pencil = new Color(ink, ink, ink);
        hatch = hatchLines(styleRandom.nextDouble() * 180, 0.045 + styleRandom.nextDouble() * 0.02);
    }

    RenderStyle style() {
        return style;
    }

    /** Concatenates {@code t} to the current local transform until the matching {@link #pop()}. */
    void push(AffineTransform t) {
        saved.push(local);
        local = new AffineTransform(local);
        local.concatenate(t);
    }

    void pop() {
        local = saved.pop();
    }

    /** Fills the whole canvas: the scene's background (paper in the drawing styles). */
    void background(Color c) {
        Shape all = new Rectangle2D.Double(-1, -1, 3, 3);
        switch (style) {
            case SKETCH, HATCHED -> paint(all, paper);
            case MOSAIC -> {
                paint(all, NamedColour.shade(c, 0.55));
                tiles(all, c);
            }
            default -> paint(all, c);
        }
    }

    /** Fills a part given in local coordinates, painted in the canvas's style. */
    void fill(Shape localShape, Color c) {
        Shape s = local.createTransformedShape(localShape);
        switch (style) {
            case PHOTO, PIXEL -> paint(s, c);
            case SKETCH -> {
                paint(s, paper);
                paint(outline(s, PEN), pencil);
            }
            case CARTOON -> {
                float[] hsb = Color.RGBtoHSB(c.getRed(), c.getGreen(), c.getBlue(), null);
                paint(s, NamedColour.hsb(hsb[0], Math.min(1, hsb[1] * 1.25), Math.min(1, hsb[2] * 1.1 + 0.05)));
                paint(outline(s, 0.035), Color.BLACK);
            }
            case HATCHED -> {
                paint(s, paper);
                Shape clip = g.getClip();
                g.clip(s);
                paint(hatch, c);
                g.setClip(clip);
                paint(outline(s, 0.016), NamedColour.shade(c, 0.7));
            }
            case MOSAIC -> {
                paint(s, NamedColour.shade(c, 0.55));
                tiles(s, c);
            }
        }
    }

    /** Strokes a path given in local coordinates with round caps; {@code width} is in local units. */
    void stroke(Shape localPath, double width, Color c) {
        fill(Geometry.strokeOf(localPath, width), c);
    }

    /**
     * The image: each SUPERSAMPLE x SUPERSAMPLE block averaged, the style's post-processing (3 x 3 blocks and 6 levels
     * per channel for pixel art, grey for sketches), then luminance noise with standard deviation {@code noise}
     * (0..255 units) drawn from {@code r}. The canvas cannot be drawn on afterwards.
     */
    BufferedImage finish(double noise, SplittableRandom r) {
        int[] src = hi.getRGB(0, 0, HI, HI, null, 0, HI);
        int[] rgb = new int[SIZE * SIZE * 3];
        int area = SUPERSAMPLE * SUPERSAMPLE;
        for (int y = 0; y < SIZE; y++) {
            for (int x = 0; x < SIZE; x++) {
                int sr = 0;
                int sg = 0;
                int sb = 0;
                for (int dy = 0; dy < SUPERSAMPLE; dy++) {
                    int row = (y * SUPERSAMPLE + dy) * HI + x * SUPERSAMPLE;
                    for (int dx = 0; dx < SUPERSAMPLE; dx++) {
                        int v = src[row + dx];
                        sr += (v >> 16) & 0xff;
                        sg += (v >> 8) & 0xff;
                        sb += v & 0xff;
                    }
                }
                int i = 3 * (y * SIZE + x);
                rgb[i] = (sr + area / 2) / area;
                rgb[i + 1] = (sg + area / 2) / area;
                rgb[i + 2] = (sb + area / 2) / area;
            }
        }
        if (style == RenderStyle.PIXEL) {
            pixelate(rgb, 3);
        }
        if (style == RenderStyle.SKETCH) {
            for (int i = 0; i < rgb.length; i += 3) {
                int grey = (299 * rgb[i] + 587 * rgb[i + 1] + 114 * rgb[i + 2] + 500) / 1000;
                rgb[i] = grey;
                rgb[i + 1] = grey;
                rgb[i + 2] = grey;
            }
        }
        BufferedImage out = new BufferedImage(SIZE, SIZE, BufferedImage.TYPE_INT_RGB);
        for (int p = 0; p < SIZE * SIZE; p++) {
            int n = 0;
            if (noise > 0) {
                // sum of four uniforms: mean 0, standard deviation 1 after scaling by sqrt(3)
                double u = r.nextDouble() + r.nextDouble() + r.nextDouble() + r.nextDouble() - 2;
                n = (int) Math.round(u * 1.7320508075688772 * noise);
            }
            int red = clamp(rgb[3 * p] + n);
            int green = clamp(rgb[3 * p + 1] + n);
            int blue = clamp(rgb[3 * p + 2] + n);
            out.setRGB(p % SIZE, p / SIZE, (red << 16) | (green << 8) | blue);
        }
        g.dispose();
        return out;
    }

    private void paint(Shape s, Color c) {
        g.setColor(c);
        g.fill(s);
    }

    private static Shape outline(Shape s, double width) {
        return new BasicStroke((float) width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND).createStrokedShape(s);
    }

    /** Square tiles (2 px at output size, gaps of ~0.5 px) in jittered shades of {@code c}, inside {@code s}. */
    private void tiles(Shape s, Color c) {
        double step = 2.0 / SIZE;
        double size = step * 0.78;
        Rectangle2D b = s.getBounds2D().createIntersection(new Rectangle2D.Double(0, 0, 1, 1));
        Shape clip = g.getClip();
        g.clip(s);
        for (double y = Math.floor(b.getMinY() / step) * step; y < b.getMaxY(); y += step) {
            for (double x = Math.floor(b.getMinX() / step) * step; x < b.getMaxX(); x += step) {
                paint(new Rectangle2D.Double(x, y, size, size),
                        NamedColour.shade(c, 0.85 + styleRandom.nextDouble() * 0.3));
            }
        }
        g.setClip(clip);
    }

    /** Parallel lines covering the canvas at the given angle and spacing (unit coordinates). */
    private static Shape hatchLines(double degrees, double spacing) {
        Path2D.Double lines = new Path2D.Double();
        for (double t = -1; t <= 1; t += spacing) {
            lines.append(new Rectangle2D.Double(-1, 0.5 + t, 3, spacing * 0.38), false);
        }
        return Geometry.rotation(0.5, 0.5, degrees).createTransformedShape(lines);
    }

    /** Replaces each block x block square (clipped at the border) by its mean, quantised to 6 levels per channel. */
    private static void pixelate(int[] rgb, int block) {
        for (int by = 0; by < SIZE; by += block) {
            for (int bx = 0; bx < SIZE; bx += block) {
                int yEnd = Math.min(SIZE, by + block);
                int xEnd = Math.min(SIZE, bx + block);
                int count = (yEnd - by) * (xEnd - bx);
                for (int ch = 0; ch < 3; ch++) {
                    int sum = 0;
                    for (int y = by; y < yEnd; y++) {
                        for (int x = bx; x < xEnd; x++) {
                            sum += rgb[3 * (y * SIZE + x) + ch];
                        }
                    }
                    int level = (sum / count + 25) / 51 * 51;
                    for (int y = by; y < yEnd; y++) {
                        for (int x = bx; x < xEnd; x++) {
                            rgb[3 * (y * SIZE + x) + ch] = level;
                        }
                    }
                }
            }
        }
    }

    private static int clamp(int v) {
        return v < 0 ? 0 : Math.min(255, v);
    }
}
