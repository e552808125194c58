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

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;")
                .replace("\"", "&quot;");
    }
}
