package org.commakit.clip;

import java.awt.image.BufferedImage;

/**
 * 8-bit RGB pixels as {@code PIL.Image.open(path).convert("RGB")} holds them (docs/image-decoding.md): a view onto
 * a byte array where the pixel (x, y) has its red, green and blue samples at
 * {@code offset + y * rowStride + x * pixelStride + red/green/blue}. The decoder hands out its own raster this way
 * without copying: a JPEG's BGR triples ({@code pixelStride} 3, red at 2), a grey image's single sample (stride 1,
 * all three at 0), or packed RGB triples.
 */
public final class RgbImage {
    private final int width;
    private final int height;
    private final byte[] data;
    private final int offset;
    private final int pixelStride;
    private final int rowStride;
    private final int red;
    private final int green;
    private final int blue;

    RgbImage(int width, int height, byte[] data, int offset, int pixelStride, int rowStride, int red, int green,
            int blue) {
        if (width < 1 || height < 1) {
            throw new IllegalArgumentException("image of " + width + "x" + height + " pixels");
        }
        this.width = width;
        this.height = height;
        this.data = data;
        this.offset = offset;
        this.pixelStride = pixelStride;
        this.rowStride = rowStride;
        this.red = red;
        this.green = green;
        this.blue = blue;
    }

    /** Packed RGB triples, row-major, {@code width * height * 3} bytes. */
    public static RgbImage ofRgb(int width, int height, byte[] rgb) {
        if (rgb.length != 3 * width * height) {
            throw new IllegalArgumentException(rgb.length + " bytes for " + width + "x" + height + " RGB pixels");
        }
        return new RgbImage(width, height, rgb, 0, 3, 3 * width, 0, 1, 2);
    }

    /** Pixels packed as {@code 0xRRGGBB}, row-major. */
    public static RgbImage ofPacked(int width, int height, int[] packed) {
        byte[] rgb = new byte[3 * width * height];
        for (int i = 0; i < width * height; i++) {
            rgb[3 * i] = (byte) (packed[i] >> 16);
            rgb[3 * i + 1] = (byte) (packed[i] >> 8);
            rgb[3 * i + 2] = (byte) packed[i];
        }
        return ofRgb(width, height, rgb);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    byte[] data() {
        return data;
    }

    int offset() {
        return offset;
    }

    int pixelStride() {
        return pixelStride;
    }

    int rowStride() {
        return rowStride;
    }

    /** Byte offset of channel {@code c} (0 red, 1 green, 2 blue) within a pixel. */
    int channel(int c) {
        return c == 0 ? red : c == 1 ? green : blue;
    }

    /** Sample {@code c} (0 red, 1 green, 2 blue) of pixel (x, y), 0..255. */
    public int sample(int x, int y, int c) {
        return data[offset + y * rowStride + x * pixelStride + channel(c)] & 0xff;
    }

    /** Packed RGB triples, row-major (what {@code numpy.asarray(image)} holds). */
    public byte[] rgbBytes() {
        byte[] out = new byte[3 * width * height];
        int i = 0;
        for (int y = 0; y < height; y++) {
            int row = offset + y * rowStride;
            for (int x = 0; x < width; x++) {
                int p = row + x * pixelStride;
                out[i++] = data[p + red];
                out[i++] = data[p + green];
                out[i++] = data[p + blue];
            }
        }
        return out;
    }

    /** Pixels packed as {@code 0xRRGGBB}, row-major. */
    public int[] packed() {
        int[] out = new int[width * height];
        int i = 0;
        for (int y = 0; y < height; y++) {
            int row = offset + y * rowStride;
            for (int x = 0; x < width; x++) {
                int p = row + x * pixelStride;
                out[i++] = (data[p + red] & 0xff) << 16 | (data[p + green] & 0xff) << 8 | data[p + blue] & 0xff;
            }
        }
        return out;
    }

    /** The {@code w x h} pixels from (x, y), sharing this image's bytes. */
    public RgbImage region(int x, int y, int w, int h) {
        if (x < 0 || y < 0 || w < 1 || h < 1 || x + w > width || y + h > height) {
            throw new IllegalArgumentException("region " + x + "," + y + " " + w + "x" + h + " outside " + width
                    + "x" + height);
        }
        return new RgbImage(w, h, data, offset + y * rowStride + x * pixelStride, pixelStride, rowStride, red, green,
                blue);
    }

    /** A {@code TYPE_INT_RGB} image of these pixels (its getRGB gives them back unchanged). */
    public BufferedImage toBufferedImage() {
        BufferedImage img = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        img.setRGB(0, 0, width, height, packed(), 0, width);
        return img;
    }
}
