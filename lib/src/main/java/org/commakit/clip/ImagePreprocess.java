package org.commakit.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.random.RandomGenerator;
import javax.imageio.ImageIO;
import org.commakit.KitException;

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
 * Bicubic is Pillow's ({@link PilBicubic}), because the reference transforms act on PIL images. The train crops
 * follow torchvision's distribution, not its random stream (which is torch's).
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

    /** Decodes a JPEG or PNG file into RGB (grey and palette images are converted, as PIL's convert("RGB")). */
    public static BufferedImage readRgb(Path file) {
        BufferedImage img;
        try {
            if (!Files.isRegularFile(file)) {
                throw new KitException("Image " + file + " not found. Check the dataset folder or re-run its "
                        + "data-script.");
            }
            img = ImageIO.read(file.toFile());
        } catch (IOException e) {
            throw new KitException("Image " + file + " cannot be decoded (" + KitException.reason(e) + "); the file "
                    + "is corrupt or truncated. Download the dataset again (./kit data check names its data-script).",
                    e);
        }
        if (img == null) {
            throw new KitException("Image " + file + " is not a readable JPEG or PNG. Download the dataset again "
                    + "(./kit data check names its data-script).");
        }
        return img;
    }

    /** Packed 0xRRGGBB pixels of an image. */
    public static int[] pixels(BufferedImage img) {
        return img.getRGB(0, 0, img.getWidth(), img.getHeight(), null, 0, img.getWidth());
    }

    /** The test transform before ToTensor: packed RGB, {@code size x size}. */
    public int[] resizeAndCenterCrop(BufferedImage img) {
        int w = img.getWidth();
        int h = img.getHeight();
        int[] resized;
        int rw;
        int rh;
        if (w <= h) { // torchvision: short side = size, long side = int(size * long / short)
            rw = size;
            rh = (int) ((long) size * h / w);
        } else {
            rh = size;
            rw = (int) ((long) size * w / h);
        }
        resized = (rw == w && rh == h) ? pixels(img) : PilBicubic.resize(pixels(img), w, h, rw, rh);
        int top = (int) Math.rint((rh - size) / 2.0);
        int left = (int) Math.rint((rw - size) / 2.0);
        return crop(resized, rw, top, left, size, size);
    }

    /** Test transform: CHW floats, normalised. */
    public float[] testTransform(BufferedImage img) {
        return normalize(resizeAndCenterCrop(img), size);
    }

    /** Train transform: RandomResizedCrop + horizontal flip, CHW floats, normalised ({@link #withoutAugmentation}). */
    public float[] trainTransform(BufferedImage img, RandomGenerator rng) {
        if (!augment) {
            return testTransform(img);
        }
        int w = img.getWidth();
        int h = img.getHeight();
        int[] box = randomResizedCropBox(w, h, rng); // top, left, height, width
        int[] cropped = crop(pixels(img), w, box[0], box[1], box[2], box[3]);
        int[] out = PilBicubic.resize(cropped, box[3], box[2], size, size);
        if (rng.nextDouble() < 0.5) {
            out = flipHorizontal(out, size, size);
        }
        return normalize(out, size);
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
            out[i] = (((p >> 16) & 0xff) / 255f - CLIP_MEAN[0]) / CLIP_STD[0];
            out[plane + i] = (((p >> 8) & 0xff) / 255f - CLIP_MEAN[1]) / CLIP_STD[1];
            out[2 * plane + i] = ((p & 0xff) / 255f - CLIP_MEAN[2]) / CLIP_STD[2];
        }
        return out;
    }
}
