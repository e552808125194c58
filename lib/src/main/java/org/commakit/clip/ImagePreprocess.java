package org.commakit.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * CLIP's image preprocessing, as the reference configs (docs/data-protocol.md#preprocessing):
 *
 * <ul>
 *   <li>test: resize the short side to {@code size} (bicubic, long side truncated as torchvision does), centre crop
 *       ({@code round} half to even offsets), /255, normalise with CLIP's mean and std;
 *   <li>train: RandomResizedCrop (scale (0.08, 1), ratio (3/4, 4/3), 10 tries then a centre-crop fallback) to
 *       {@code size x size} (bicubic), horizontal flip with p = 0.5, /255, normalise.
 * </ul>
 *
 * Bicubic is Pillow's ({@link PilBicubic}), because the reference transforms act on PIL images, and files are decoded
 * as Pillow decodes them ({@link ImageDecoder}, docs/image-decoding.md). The train crops follow torchvision's
 * distribution, not its random stream (which is torch's). The transforms of a file decode only the pixels their crop
 * reads and compute only the output pixels, in one pass.
 */
public final class ImagePreprocess {
    public static final float[] CLIP_MEAN = {0.48145466f, 0.4578275f, 0.40821073f};
    public static final float[] CLIP_STD = {0.26862954f, 0.26130258f, 0.27577711f};

    private final int size;
    private final boolean augment;

    public ImagePreprocess(int size) {
        this(size, true);
    }

    private ImagePreprocess(int size, boolean augment) {
        if (size < 1) {
            throw new IllegalArgumentException("image size must be positive, got " + size);
        }
        this.size = size;
        this.augment = augment;
    }

    /**
     * The same preprocessing whose train transform is the test transform: no random crop, no flip. For the mini
     * world ({@code train.MiniSchedule}), whose 32-px objects a crop of 8 % of the area removes and whose classes a
     * flip can change (left and right arrows).
     */
    public ImagePreprocess withoutAugmentation() {
        return new ImagePreprocess(size, false);
    }

    /** Whether {@link #trainTransform} crops and flips at random. */
    public boolean augments() {
        return augment;
    }

    public int size() {
        return size;
    }

    /**
     * Decodes an image file as {@code PIL.Image.open(file).convert("RGB")} does ({@link ImageDecoder}), as a
     * {@code TYPE_INT_RGB} image. The transforms read files themselves ({@link #testTransform(Path)}), faster.
     */
    public static BufferedImage readRgb(Path file) {
        return ImageDecoder.read(file).toBufferedImage();
    }

    /** Packed 0xRRGGBB pixels of an image, read from its raster by Pillow's rules ({@link ImageDecoder}). */
    public static int[] pixels(BufferedImage img) {
        return ImageDecoder.fromBufferedImage(img).packed();
    }

    /** The test transform before ToTensor: packed RGB, {@code size x size}. */
    public int[] resizeAndCenterCrop(BufferedImage img) {
        return resizeAndCenterCrop(ImageDecoder.fromBufferedImage(img));
    }

    /** The test transform before ToTensor: packed RGB, {@code size x size}. */
    public int[] resizeAndCenterCrop(RgbImage img) {
        TestPlan p = testPlan(img.width(), img.height());
        int[] out = new int[size * size];
        PilBicubic.resampleWindow(img, 0, 0, p.xs, p.ys, p.left, p.top, size, size, false, null, null, out);
        return out;
    }

    /** Test transform: CHW floats, normalised. */
    public float[] testTransform(BufferedImage img) {
        return testTransform(ImageDecoder.fromBufferedImage(img));
    }

    /** Test transform: CHW floats, normalised. */
    public float[] testTransform(RgbImage img) {
        TestPlan p = testPlan(img.width(), img.height());
        float[] out = new float[3 * size * size];
        PilBicubic.resampleWindow(img, 0, 0, p.xs, p.ys, p.left, p.top, size, size, false, LUT, out, null);
        return out;
    }

    /**
     * Test transform of an image file: decodes only the rows and columns that the centre crop's pixels read (the
     * same values as decoding all of it), resizes, crops and normalises in one pass.
     */
    public float[] testTransform(Path file) {
        ImageDecoder.Opened o = ImageDecoder.open(file);
        TestPlan p = testPlan(o.width(), o.height());
        int x0 = p.xs == null ? p.left : p.xs.first(p.left);
        int x1 = p.xs == null ? p.left + size : p.xs.end(p.left, size);
        int y0 = p.ys == null ? p.top : p.ys.first(p.top);
        int y1 = p.ys == null ? p.top + size : p.ys.end(p.top, size);
        RgbImage img = o.read(x0, y0, x1 - x0, y1 - y0);
        float[] out = new float[3 * size * size];
        PilBicubic.resampleWindow(img, x0, y0, p.xs, p.ys, p.left, p.top, size, size, false, LUT, out, null);
        return out;
    }

    /** Train transform: RandomResizedCrop + horizontal flip, CHW floats, normalised ({@link #withoutAugmentation}). */
    public float[] trainTransform(BufferedImage img, RandomGenerator rng) {
        return trainTransform(ImageDecoder.fromBufferedImage(img), rng);
    }

    /** Train transform: RandomResizedCrop + horizontal flip, CHW floats, normalised ({@link #withoutAugmentation}). */
    public float[] trainTransform(RgbImage img, RandomGenerator rng) {
        if (!augment) {
            return testTransform(img);
        }
        int[] box = randomResizedCropBox(img.width(), img.height(), rng); // top, left, height, width
        return cropResizeFlip(img.region(box[1], box[0], box[3], box[2]), rng);
    }

    /**
     * Train transform of an image file: decodes only the random crop's box, then resizes, flips and normalises it in
     * one pass. The same values and random draws as {@link #trainTransform(RgbImage, RandomGenerator)}.
     */
    public float[] trainTransform(Path file, RandomGenerator rng) {
        if (!augment) {
            return testTransform(file);
        }
        ImageDecoder.Opened o = ImageDecoder.open(file);
        int[] box = randomResizedCropBox(o.width(), o.height(), rng);
        return cropResizeFlip(o.read(box[1], box[0], box[3], box[2]), rng);
    }

    private float[] cropResizeFlip(RgbImage box, RandomGenerator rng) {
        PilBicubic.Coefficients xs = box.width() == size ? null : PilBicubic.coefficients(box.width(), size);
        PilBicubic.Coefficients ys = box.height() == size ? null : PilBicubic.coefficients(box.height(), size);
        boolean flip = rng.nextDouble() < 0.5;
        float[] out = new float[3 * size * size];
        PilBicubic.resampleWindow(box, 0, 0, xs, ys, 0, 0, size, size, flip, LUT, out, null);
        return out;
    }

    /** Resize of the short side to {@code size} (the long side truncated, as torchvision), then the centre crop. */
    private record TestPlan(PilBicubic.Coefficients xs, PilBicubic.Coefficients ys, int top, int left) {}

    private TestPlan testPlan(int w, int h) {
        int rw;
        int rh;
        if (w <= h) { // torchvision: short side = size, long side = int(size * long / short)
            rw = size;
            rh = (int) ((long) size * h / w);
        } else {
            rh = size;
            rw = (int) ((long) size * w / h);
        }
        int top = (int) Math.rint((rh - size) / 2.0);
        int left = (int) Math.rint((rw - size) / 2.0);
        return new TestPlan(rw == w ? null : PilBicubic.coefficients(w, rw), rh == h ? null
                : PilBicubic.coefficients(h, rh), top, left);
    }

    /** torchvision RandomResizedCrop.get_params: {top, left, height, width}. */
    public static int[] randomResizedCropBox(int w, int h, RandomGenerator rng) {
        double area = (double) w * h;
        double logLo = Math.log(3.0 / 4.0);
        double logHi = Math.log(4.0 / 3.0);
        for (int attempt = 0; attempt < 10; attempt++) {
            double target = area * (0.08 + (1.0 - 0.08) * rng.nextDouble());
            double ratio = Math.exp(logLo + (logHi - logLo) * rng.nextDouble());
            int cw = (int) Math.rint(Math.sqrt(target * ratio)); // Python round: half to even
            int ch = (int) Math.rint(Math.sqrt(target / ratio));
            if (cw > 0 && cw <= w && ch > 0 && ch <= h) {
                int top = rng.nextInt(h - ch + 1);
                int left = rng.nextInt(w - cw + 1);
                return new int[] {top, left, ch, cw};
            }
        }
        // fallback: centre crop with the aspect ratio clamped to [3/4, 4/3]
        double inRatio = (double) w / h;
        int cw;
        int ch;
        if (inRatio < 3.0 / 4.0) {
            cw = w;
            ch = (int) Math.rint(w / (3.0 / 4.0));
        } else if (inRatio > 4.0 / 3.0) {
            ch = h;
            cw = (int) Math.rint(h * (4.0 / 3.0));
        } else {
            cw = w;
            ch = h;
        }
        return new int[] {(h - ch) / 2, (w - cw) / 2, ch, cw};
    }

    /** A batch [n, 3, size, size] of CHW float images. */
    public NDArray toNDArray(NDManager manager, List<float[]> chw) {
        int plane = 3 * size * size;
        float[] all = new float[chw.size() * plane];
        for (int i = 0; i < chw.size(); i++) {
            System.arraycopy(chw.get(i), 0, all, i * plane, plane);
        }
        return manager.create(all, new Shape(chw.size(), 3, size, size));
    }

    static int[] crop(int[] rgb, int w, int top, int left, int ch, int cw) {
        int[] out = new int[ch * cw];
        for (int y = 0; y < ch; y++) {
            System.arraycopy(rgb, (top + y) * w + left, out, y * cw, cw);
        }
        return out;
    }

    static int[] flipHorizontal(int[] rgb, int w, int h) {
        int[] out = new int[rgb.length];
        for (int y = 0; y < h; y++) {
            for (int x = 0; x < w; x++) {
                out[y * w + x] = rgb[y * w + (w - 1 - x)];
            }
        }
        return out;
    }

    /** ToTensor (/255, CHW) and Normalize with CLIP's mean and std. */
    static float[] normalize(int[] rgb, int size) {
        int plane = size * size;
        float[] out = new float[3 * plane];
        for (int i = 0; i < plane; i++) {
            int p = rgb[i];
            out[i] = LUT[0][(p >> 16) & 0xff];
            out[plane + i] = LUT[1][(p >> 8) & 0xff];
            out[2 * plane + i] = LUT[2][p & 0xff];
        }
        return out;
    }

    /** ToTensor and Normalize of each 8-bit value per channel, in fp32 as torch computes them: (v / 255 - mean) / std. */
    private static final float[][] LUT = new float[3][256];

    static {
        for (int c = 0; c < 3; c++) {
            for (int v = 0; v < 256; v++) {
                LUT[c][v] = (v / 255f - CLIP_MEAN[c]) / CLIP_STD[c];
            }
        }
    }
}
