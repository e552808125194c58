package org.commakit.clip;

import java.awt.Rectangle;
import java.awt.color.ColorSpace;
import java.awt.image.BufferedImage;
import java.awt.image.ColorModel;
import java.awt.image.ComponentSampleModel;
import java.awt.image.DataBuffer;
import java.awt.image.DataBufferByte;
import java.awt.image.IndexColorModel;
import java.awt.image.Raster;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Iterator;
import javax.imageio.ImageIO;
import javax.imageio.ImageReadParam;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageInputStreamImpl;
import org.commakit.KitException;

/**
 * Decodes image files to the 8-bit RGB pixels that {@code PIL.Image.open(path).convert("RGB")} gives, which is what
 * the reference data loaders feed CLIP (docs/image-decoding.md): grey copied into R = G = B, alpha dropped, palettes
 * expanded, CMYK by Pillow's integer formula, 16-bit grey clipped to 255, ICC profiles and EXIF orientation ignored.
 *
 * <p>The compressed data are decoded by the JDK's ImageIO readers (libjpeg for JPEG); their raster samples are read
 * directly, never through a {@link ColorModel}'s conversion, and a JPEG's embedded ICC profile is removed from the
 * bytes before ImageIO sees it (ImageIO would otherwise convert the pixels to sRGB). An {@link Opened} file decodes
 * only the rows and columns of a region when asked, which the transforms use to skip what their crop leaves out.
 */
public final class ImageDecoder {
    private ImageDecoder() {}

    private static final ThreadLocal<ImageReader> JPEG = new ThreadLocal<>();
    private static final ThreadLocal<ImageReader> PNG = new ThreadLocal<>();

    /** The whole image of {@code file} as Pillow's {@code convert("RGB")} gives it. */
    public static RgbImage read(Path file) {
        Opened o = open(file);
        return o.read(0, 0, o.width(), o.height());
    }

    /** Reads {@code file} and its header (size); {@link Opened#read} decodes pixels. */
    public static Opened open(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new KitException("Image " + file + " not found. Check the dataset folder or re-run its "
                    + "data-script.");
        } catch (IOException e) {
            if (!Files.isRegularFile(file)) {
                throw new KitException("Image " + file + " not found. Check the dataset folder or re-run its "
                        + "data-script.");
            }
            throw KitException.io("read image " + file, e, "");
        }
        return open(bytes, file.toString());
    }

    /** Like {@link #open(Path)} for the bytes of a file; {@code name} names it in errors. */
    public static Opened open(byte[] bytes, String name) {
        Format format = Format.of(bytes);
        if (format == Format.JPEG) {
            bytes = withoutIccProfile(bytes);
        }
        ImageInputStream in = new BytesInput(bytes);
        ImageReader reader = format.reader(in);
        if (reader == null) {
            throw new KitException("Image " + name + " is not a readable image file (JPEG, PNG, GIF, BMP or TIFF). "
                    + "Download the dataset again (./kit data check names its data-script).");
        }
        reader.setInput(in, true, true);
        try {
            return new Opened(reader, format, reader.getWidth(0), reader.getHeight(0), name);
        } catch (IOException | RuntimeException e) {
            format.drop(reader);
            throw unreadable(name, e);
        }
    }

    private static KitException unreadable(String name, Exception e) {
        return new KitException("Image " + name + " cannot be decoded (" + KitException.reason(e) + "); the file is "
                + "corrupt or truncated. Download the dataset again (./kit data check names its data-script).", e);
    }

    /** A file whose header was read: its size, and its pixels (or those of a region) on demand, once. */
    public static final class Opened {
        private final ImageReader reader;
        private final Format format;
        private final int width;
        private final int height;
        private final String name;
        private boolean used;

        private Opened(ImageReader reader, Format format, int width, int height, String name) {
            this.reader = reader;
            this.format = format;
            this.width = width;
            this.height = height;
            this.name = name;
        }

        public int width() {
            return width;
        }

        public int height() {
            return height;
        }

        /**
         * The {@code w x h} pixels from (x, y) as Pillow gives them. A JPEG decoder stops after the region's last
         * row; the pixels are those of the whole image's decoding (libjpeg decodes whole rows either way).
         */
        public RgbImage read(int x, int y, int w, int h) {
            if (used) {
                throw new IllegalStateException("an opened image is read once");
            }
            used = true;
            if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > width || y + h > height) {
                format.release(reader);
                throw new IllegalArgumentException("region " + x + "," + y + " " + w + "x" + h + " outside "
                        + width + "x" + height);
            }
            BufferedImage img;
            try {
                ImageReadParam param = reader.getDefaultReadParam();
                if (x != 0 || y != 0 || w != width || h != height) {
                    param.setSourceRegion(new Rectangle(x, y, w, h));
                }
                img = reader.read(0, param);
            } catch (IOException | RuntimeException e) {
                format.drop(reader);
                throw unreadable(name, e);
            }
            format.release(reader);
            return fromBufferedImage(img);
        }
    }

    /**
     * The pixels of a decoded image by Pillow's rules, read from its raster's samples: 1 band grey, 2 grey + alpha,
     * 3 RGB, 4 RGBA (alpha dropped) or CMYK (when the colour space says so); an indexed image through its palette;
     * 16-bit samples: a single grey band clipped to 255 (Pillow's mode I), otherwise the high byte.
     */
    public static RgbImage fromBufferedImage(BufferedImage img) {
        Raster r = img.getRaster();
        ColorModel cm = img.getColorModel();
        int w = r.getWidth();
        int h = r.getHeight();
        int bands = r.getNumBands();
        boolean cmyk = cm.getColorSpace().getType() == ColorSpace.TYPE_CMYK && bands == 4;
        if (cm instanceof IndexColorModel palette) {
            return fromPalette(r, palette);
        }
        if (!cmyk && r.getDataBuffer() instanceof DataBufferByte buffer && buffer.getNumBanks() == 1
                && r.getSampleModel() instanceof ComponentSampleModel sm && r.getParent() == null
                && r.getSampleModelTranslateX() == 0 && r.getSampleModelTranslateY() == 0 && allBits(r, 8)) {
            int[] off = sm.getBandOffsets();
            int[] banks = sm.getBankIndices();
            boolean oneBank = true;
            for (int b : banks) {
                oneBank &= b == 0;
            }
            if (oneBank) {
                int base = buffer.getOffset();
                int g = bands >= 3 ? off[1] : off[0];
                int b = bands >= 3 ? off[2] : off[0];
                return new RgbImage(w, h, buffer.getData(), base, sm.getPixelStride(), sm.getScanlineStride(),
                        off[0], g, b);
            }
        }
        int[] px = r.getPixels(r.getMinX(), r.getMinY(), w, h, (int[]) null);
        int[] bits = r.getSampleModel().getSampleSize();
        byte[] rgb = new byte[3 * w * h];
        for (int i = 0; i < w * h; i++) {
            int p = i * bands;
            if (cmyk) {
                int nk = 255 - to8(px[p + 3], bits[3], false);
                for (int c = 0; c < 3; c++) {
                    int t = to8(px[p + c], bits[c], false) * nk + 128;
                    rgb[3 * i + c] = (byte) Math.max(0, nk - (((t >> 8) + t) >> 8));
                }
            } else if (bands < 3) {
                byte v = (byte) to8(px[p], bits[0], bands == 1);
                rgb[3 * i] = v;
                rgb[3 * i + 1] = v;
                rgb[3 * i + 2] = v;
            } else {
                for (int c = 0; c < 3; c++) {
                    rgb[3 * i + c] = (byte) to8(px[p + c], bits[c], false);
                }
            }
        }
        return RgbImage.ofRgb(w, h, rgb);
    }

    private static boolean allBits(Raster r, int n) {
        for (int b : r.getSampleModel().getSampleSize()) {
            if (b != n) {
                return false;
            }
        }
        return true;
    }

    /**
     * A sample of {@code bits} bits as Pillow's 8-bit value: 8 bits as is; 16 bits clipped to 255 when it is the
     * single band of a grey image (Pillow opens those as 32-bit mode I and convert("RGB") clips), else its high byte;
     * fewer than 8 bits scaled to 0..255.
     */
    private static int to8(int v, int bits, boolean singleBand) {
        if (bits == 8) {
            return v;
        }
        if (bits == 16) {
            return singleBand ? Math.min(v, 255) : v >> 8;
        }
        if (bits < 8) {
            return v * 255 / ((1 << bits) - 1);
        }
        return v >> (bits - 8);
    }

    private static RgbImage fromPalette(Raster r, IndexColorModel palette) {
        int w = r.getWidth();
        int h = r.getHeight();
        int[] idx = r.getSamples(r.getMinX(), r.getMinY(), w, h, 0, (int[]) null);
        int n = palette.getMapSize();
        byte[] reds = new byte[n];
        byte[] greens = new byte[n];
        byte[] blues = new byte[n];
        palette.getReds(reds);
        palette.getGreens(greens);
        palette.getBlues(blues);
        byte[] rgb = new byte[3 * w * h];
        for (int i = 0; i < idx.length; i++) {
            int k = Math.min(idx[i], n - 1);
            rgb[3 * i] = reds[k];
            rgb[3 * i + 1] = greens[k];
            rgb[3 * i + 2] = blues[k];
        }
        return RgbImage.ofRgb(w, h, rgb);
    }

    private static final byte[] ICC_PROFILE = "ICC_PROFILE\0".getBytes(StandardCharsets.ISO_8859_1);

    /**
     * The JPEG without its APP2 ICC_PROFILE segments (the same array when it has none). Pillow ignores the profile;
     * ImageIO would convert the decoded pixels with it.
     */
    static byte[] withoutIccProfile(byte[] jpeg) {
        int i = 2;
        int n = jpeg.length;
        java.io.ByteArrayOutputStream out = null;
        int copiedUpTo = 0;
        while (i + 3 < n) {
            if ((jpeg[i] & 0xff) != 0xff) {
                break; // not a marker: leave the rest to the decoder
            }
            int marker = jpeg[i + 1] & 0xff;
            if (marker == 0xff) {
                i++; // fill byte
                continue;
            }
            if (marker == 0xda || marker == 0xd9) {
                break; // start of scan or end of image: the headers are over
            }
            if (marker == 0x01 || (marker >= 0xd0 && marker <= 0xd8)) {
                i += 2;
                continue;
            }
            int length = (jpeg[i + 2] & 0xff) << 8 | jpeg[i + 3] & 0xff;
            int end = i + 2 + length;
            if (length < 2 || end > n) {
                break;
            }
            if (marker == 0xe2 && length >= 2 + ICC_PROFILE.length
                    && java.util.Arrays.equals(jpeg, i + 4, i + 4 + ICC_PROFILE.length, ICC_PROFILE, 0,
                            ICC_PROFILE.length)) {
                if (out == null) {
                    out = new java.io.ByteArrayOutputStream(n);
                }
                out.write(jpeg, copiedUpTo, i - copiedUpTo);
                copiedUpTo = end;
            }
            i = end;
        }
        if (out == null) {
            return jpeg;
        }
        out.write(jpeg, copiedUpTo, n - copiedUpTo);
        return out.toByteArray();
    }

    /** The formats told apart by their first bytes; a decoder reused per thread for JPEG and PNG. */
    private enum Format {
        JPEG, PNG, OTHER;

        static Format of(byte[] b) {
            if (b.length > 3 && (b[0] & 0xff) == 0xff && (b[1] & 0xff) == 0xd8 && (b[2] & 0xff) == 0xff) {
                return JPEG;
            }
            if (b.length > 8 && (b[0] & 0xff) == 0x89 && b[1] == 'P' && b[2] == 'N' && b[3] == 'G') {
                return PNG;
            }
            return OTHER;
        }

        private ThreadLocal<ImageReader> cache() {
            return this == JPEG ? ImageDecoder.JPEG : this == PNG ? ImageDecoder.PNG : null;
        }

        ImageReader reader(ImageInputStream in) {
            ThreadLocal<ImageReader> cache = cache();
            if (cache != null && cache.get() != null) {
                ImageReader r = cache.get();
                cache.remove(); // in use; given back by release
                return r;
            }
            Iterator<ImageReader> it = this == OTHER ? ImageIO.getImageReaders(in)
                    : ImageIO.getImageReadersByFormatName(this == JPEG ? "jpeg" : "png");
            try {
                in.seek(0);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return it.hasNext() ? it.next() : null;
        }

        void release(ImageReader r) {
            r.setInput(null);
            ThreadLocal<ImageReader> cache = cache();
            if (cache != null) {
                cache.set(r);
            } else {
                r.dispose();
            }
        }

        void drop(ImageReader r) {
            r.dispose();
        }
    }

    /** An ImageIO stream over a byte array (no cache, no copy). */
    private static final class BytesInput extends ImageInputStreamImpl {
        private final byte[] bytes;

        BytesInput(byte[] bytes) {
            this.bytes = bytes;
        }

        @Override
        public int read() {
            bitOffset = 0;
            return streamPos < bytes.length ? bytes[(int) streamPos++] & 0xff : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            bitOffset = 0;
            if (streamPos >= bytes.length) {
                return len == 0 ? 0 : -1;
            }
            int n = (int) Math.min(len, bytes.length - streamPos);
            System.arraycopy(bytes, (int) streamPos, b, off, n);
            streamPos += n;
            return n;
        }

        @Override
        public long length() {
            return bytes.length;
        }
    }
}
