package org.commakit.course;

import java.awt.Image;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import javax.imageio.ImageIO;
import org.commakit.KitException;
import org.commakit.clip.ImagePreprocess;
import org.commakit.data.Datum;

/**
 * Images as HTML for a notebook cell ({@code display(Gallery.ofClasses(...), "text/html")}): an inline thumbnail, a
 * row of captioned thumbnails, the first test image of each class. The images are embedded (PNG, base64), so the
 * executed notebook shows them anywhere; small images are scaled up without blurring.
 */
public final class Gallery {
    private Gallery() {
    }

    /** An image file as an inline {@code <img>}, at most {@code size} pixels wide. */
    public static String thumbnail(Path file, int size) {
        if (size <= 0) {
            throw new KitException("a thumbnail's size must be positive, not " + size);
        }
        BufferedImage img = ImagePreprocess.readRgb(file);
        if (img.getWidth() > size) {
            BufferedImage small = new BufferedImage(size, Math.max(1, size * img.getHeight() / img.getWidth()),
                    BufferedImage.TYPE_INT_RGB);
            small.createGraphics().drawImage(img.getScaledInstance(small.getWidth(), small.getHeight(),
                    Image.SCALE_SMOOTH), 0, 0, null);
            img = small;
        }
        ByteArrayOutputStream png = new ByteArrayOutputStream();
        try {
            ImageIO.write(img, "png", png);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot encode " + file + " as PNG", e);
        }
        return "<img src='data:image/png;base64," + Base64.getEncoder().encodeToString(png.toByteArray())
                + "' width='" + size + "' style='image-rendering:pixelated' alt='" + escape(file.getFileName()
                .toString()) + "'>";
    }

    /** Thumbnails in a wrapping row, each with its caption underneath. */
    public static String of(List<Path> files, List<String> captions, int size) {
        if (files.size() != captions.size()) {
            throw new KitException("a gallery needs one caption per image: " + files.size() + " images, "
                    + captions.size() + " captions");
        }
        StringBuilder html = new StringBuilder("<div class='commakit-gallery' style='display:flex;flex-wrap:wrap;"
                + "gap:6px'>");
        for (int i = 0; i < files.size(); i++) {
            html.append("<figure style='margin:0;text-align:center;font-size:small'>")
                    .append(thumbnail(files.get(i), size)).append("<figcaption>").append(escape(captions.get(i)))
                    .append("</figcaption></figure>");
        }
        return html.append("</div>").toString();
    }

    /** The first image of each of the first {@code maxClasses} classes, captioned with the class name. */
    public static String ofClasses(List<Datum> images, List<String> classnames, int maxClasses, int size) {
        List<Path> files = new ArrayList<>();
        List<String> captions = new ArrayList<>();
        for (int label = 0; label < Math.min(maxClasses, classnames.size()); label++) {
            int l = label;
            images.stream().filter(d -> d.label() == l).findFirst().ifPresent(d -> {
                files.add(d.impath());
                captions.add(classnames.get(l));
            });
        }
        return of(files, captions, size);
    }

    /** Up to {@code perClass} images of each class in a row, the class name first: a look at a dataset's images. */
    public static String rows(List<Datum> images, List<String> classnames, int perClass, int size) {
        StringBuilder html = new StringBuilder("<table class='commakit-gallery'>");
        for (int label = 0; label < classnames.size(); label++) {
            int l = label;
            html.append("<tr><td>").append(escape(classnames.get(label))).append("</td>");
            for (Datum d : images.stream().filter(d -> d.label() == l).limit(perClass).toList()) {
                html.append("<td>").append(thumbnail(d.impath(), size)).append("</td>");
            }
            html.append("</tr>");
        }
        return html.append("</table>").toString();
    }

    /**
     * Each image with its true class and, per method, the predicted class (green when right, red when wrong); the
     * predictions are class indices into {@code classnames}, in the order of {@code images}.
     */
    public static String predictions(List<Datum> images, List<String> classnames, Map<String, int[]> byMethod,
            int size) {
        byMethod.forEach((method, p) -> {
            if (p.length != images.size()) {
                throw new KitException(method + " has " + p.length + " predictions for " + images.size() + " images");
            }
        });
        StringBuilder html = new StringBuilder("<div class='commakit-gallery' style='display:flex;flex-wrap:wrap;"
                + "gap:8px;font-size:small'>");
        for (int i = 0; i < images.size(); i++) {
            Datum d = images.get(i);
            html.append("<figure style='margin:0;text-align:center'>").append(thumbnail(d.impath(), size))
                    .append("<figcaption>").append(escape(d.classname()));
            for (Map.Entry<String, int[]> e : byMethod.entrySet()) {
                int predicted = e.getValue()[i];
                html.append("<br>").append(escape(e.getKey())).append(": <span style='color:")
                        .append(predicted == d.label() ? "green" : "#c00").append("'>")
                        .append(escape(classnames.get(predicted))).append("</span>");
            }
            html.append("</figcaption></figure>");
        }
        return html.append("</div>").toString();
    }

    /**
     * A table of images: one row per label in {@code rowHeads}, one column per {@code columnHeads} entry, each cell
     * the image {@code files.get(row).get(column)} (e.g. one class across several datasets' domains).
     */
    public static String grid(List<String> rowHeads, List<String> columnHeads, List<List<Path>> files, int size) {
        StringBuilder html = new StringBuilder("<table class='commakit-gallery'><tr><th></th>");
        columnHeads.forEach(h -> html.append("<th>").append(h).append("</th>"));
        html.append("</tr>");
        for (int r = 0; r < rowHeads.size(); r++) {
            html.append("<tr><td>").append(escape(rowHeads.get(r))).append("</td>");
            for (Path file : files.get(r)) {
                html.append("<td>").append(thumbnail(file, size)).append("</td>");
            }
            html.append("</tr>");
        }
        return html.append("</table>").toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")
                .replace("\"", "&quot;");
    }
}
