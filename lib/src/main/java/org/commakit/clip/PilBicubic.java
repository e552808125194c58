package org.commakit.clip;

/**
 * Bicubic resampling of 8-bit RGB images as Pillow computes it for {@code Image.resize(size, BICUBIC)}, which is
 * what torchvision's transforms do to the PIL images of the reference code (docs/data-protocol.md#preprocessing):
 *
 * <ul>
 *   <li>separable: a horizontal pass, then a vertical pass, each rounded and clamped to 8 bits;
 *   <li>kernel with a = -0.5 and support 2, widened by the scale factor when shrinking (built-in antialiasing);
 *   <li>weights normalised to sum 1, then used as fixed-point numbers with 22 fractional bits.
 * </ul>
 *
 * Pixels are packed RGB ints ({@code 0xRRGGBB}), row-major.
 */
public final class PilBicubic {
    private PilBicubic() {}

    private static final int PRECISION_BITS = 32 - 8 - 2;

    /** Resizes {@code w x h} pixels to {@code outW x outH}. */
    public static int[] resize(int[] rgb, int w, int h, int outW, int outH) {
        int[] horizontal = outW == w ? rgb : pass(rgb, w, h, outW, true);
        return outH == h ? horizontal : pass(horizontal, outW, h, outH, false);
    }

    // one separable pass along x (horizontal) or y
    private static int[] pass(int[] in, int w, int h, int outSize, boolean horizontal) {
        int inSize = horizontal ? w : h;
        Coefficients c = coefficients(inSize, outSize);
        int outW = horizontal ? outSize : w;
        int outH = horizontal ? h : outSize;
        int[] out = new int[outW * outH];
        for (int y = 0; y < outH; y++) {
            for (int x = 0; x < outW; x++) {
                int o = horizontal ? x : y;
                int start = c.start[o];
                long r = 1L << (PRECISION_BITS - 1);
                long g = r;
                long b = r;
                for (int k = 0; k < c.count[o]; k++) {
                    int p = horizontal ? in[y * w + start + k] : in[(start + k) * w + x];
                    long weight = c.weights[o * c.stride + k];
                    r += ((p >> 16) & 0xff) * weight;
                    g += ((p >> 8) & 0xff) * weight;
                    b += (p & 0xff) * weight;
                }
                out[y * outW + x] = (clamp8(r) << 16) | (clamp8(g) << 8) | clamp8(b);
            }
        }
        return out;
    }

    /**
     * One pass from decoded pixels to the output: the resize of a box to the output sizes of {@code xs} and {@code ys}
     * with Pillow's arithmetic (horizontal pass rounded to 8 bits, then vertical), computing only the outputs of the window
     * {@code [kx, kx + kw) x [ky, ky + kh)}, mirrored left-right when {@code flip}. Box pixel (u, v) is
     * {@code img}'s pixel (u - originX, v - originY): {@code img} need only hold the pixels the window reads.
     * {@code xs}/{@code ys} null: that axis keeps its size (Pillow skips the pass). The window's pixel (x, y), channel
     * c goes to {@code planes[c * kw * kh + y * kw + x]} as {@code lut[c][value]} when {@code planes} is given, else
     * to {@code packed[y * kw + x]} as {@code 0xRRGGBB}. The outputs are those of {@link #resize} followed by a crop.
     */
    static void resampleWindow(RgbImage img, int originX, int originY, Coefficients xs, Coefficients ys, int kx,
            int ky, int kw, int kh, boolean flip, float[][] lut, float[] planes, int[] packed) {
        byte[] data = img.data();
        int ps = img.pixelStride();
        int rs = img.rowStride();
        int r0 = img.channel(0);
        int g0 = img.channel(1);
        int b0 = img.channel(2);
        int yFirst = ys == null ? ky : ys.first(ky);
        int yEnd = ys == null ? ky + kh : ys.end(ky, kh);
        int rowLen = 3 * kw;
        int[] tmp = scratch((yEnd - yFirst) * rowLen);
        int half = 1 << (PRECISION_BITS - 1);
        for (int v = yFirst; v < yEnd; v++) {
            int row = img.offset() + (v - originY) * rs - originX * ps;
            int t = (v - yFirst) * rowLen;
            if (xs == null) {
                for (int x = kx; x < kx + kw; x++, t += 3) {
                    int p = row + x * ps;
                    tmp[t] = data[p + r0] & 0xff;
                    tmp[t + 1] = data[p + g0] & 0xff;
                    tmp[t + 2] = data[p + b0] & 0xff;
                }
                continue;
            }
            int[] start = xs.start;
            int[] count = xs.count;
            int[] weights = xs.weights;
            int stride = xs.stride;
            for (int x = kx; x < kx + kw; x++, t += 3) {
                int r = half;
                int g = half;
                int b = half;
                int p = row + start[x] * ps;
                int wi = x * stride;
                for (int k = 0, n = count[x]; k < n; k++, p += ps) {
                    int w = weights[wi + k];
                    r += (data[p + r0] & 0xff) * w;
                    g += (data[p + g0] & 0xff) * w;
                    b += (data[p + b0] & 0xff) * w;
                }
                tmp[t] = clip8(r);
                tmp[t + 1] = clip8(g);
                tmp[t + 2] = clip8(b);
            }
        }
        int plane = kw * kh;
        int[] acc = new int[rowLen];
        for (int y = ky; y < ky + kh; y++) {
            int[] line;
            int lineOff;
            if (ys == null) {
                line = tmp;
                lineOff = (y - yFirst) * rowLen;
            } else {
                java.util.Arrays.fill(acc, half);
                int wi = y * ys.stride;
                int base = (ys.start[y] - yFirst) * rowLen;
                for (int k = 0, n = ys.count[y]; k < n; k++, base += rowLen) {
                    int w = ys.weights[wi + k];
                    for (int i = 0; i < rowLen; i++) {
                        acc[i] += tmp[base + i] * w;
                    }
                }
                for (int i = 0; i < rowLen; i++) {
                    acc[i] = clip8(acc[i]);
                }
                line = acc;
                lineOff = 0;
            }
            int out = (y - ky) * kw;
            for (int x = 0; x < kw; x++) {
                int o = out + (flip ? kw - 1 - x : x);
                int i = lineOff + 3 * x;
                if (planes != null) {
                    planes[o] = lut[0][line[i]];
                    planes[plane + o] = lut[1][line[i + 1]];
                    planes[2 * plane + o] = lut[2][line[i + 2]];
                } else {
                    packed[o] = line[i] << 16 | line[i + 1] << 8 | line[i + 2];
                }
            }
        }
    }

    /** The horizontal pass's rows, reused by each thread (they are as large as a decoded image). */
    private static final ThreadLocal<int[]> SCRATCH = new ThreadLocal<>();

    private static int[] scratch(int n) {
        int[] a = SCRATCH.get();
        if (a == null || a.length < n) {
            a = new int[n];
            SCRATCH.set(a);
        }
        return a;
    }

    private static int clip8(int acc) {
        int v = acc >> PRECISION_BITS;
        return v < 0 ? 0 : v > 255 ? 255 : v;
    }

    private static int clamp8(long acc) {
        long v = acc >> PRECISION_BITS;
        return (int) Math.max(0, Math.min(255, v));
    }

    /** Per output pixel {@code o}: the first input pixel, the number of taps and their fixed-point weights. */
    record Coefficients(int[] start, int[] count, int[] weights, int stride) {
        /** The input pixels {@code [first, end)} that the outputs {@code [from, from + n)} read. */
        int first(int from) {
            return start[from];
        }

        int end(int from, int n) {
            int e = 0;
            for (int o = from; o < from + n; o++) {
                e = Math.max(e, start[o] + count[o]);
            }
            return e;
        }
    }

    // For output pixel i: centre (i + 0.5) * scale in input coordinates, taps within the (widened) support.
    static Coefficients coefficients(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = 2.0 * filterScale;
        double ss = 1.0 / filterScale;
        int stride = (int) Math.ceil(support) * 2 + 1;
        int[] start = new int[outSize];
        int[] count = new int[outSize];
        int[] weights = new int[outSize * stride];
        double[] k = new double[stride];
        for (int i = 0; i < outSize; i++) {
            double centre = (i + 0.5) * scale;
            int xmin = Math.max((int) (centre - support + 0.5), 0);
            int xmax = Math.min((int) (centre + support + 0.5), inSize) - xmin;
            double sum = 0;
            for (int x = 0; x < xmax; x++) {
                double w = cubic((x + xmin - centre + 0.5) * ss);
                k[x] = w;
                sum += w;
            }
            for (int x = 0; x < xmax; x++) {
                double w = sum != 0 ? k[x] / sum : k[x];
                weights[i * stride + x] = (int) (w < 0 ? -0.5 + w * (1 << PRECISION_BITS)
                        : 0.5 + w * (1 << PRECISION_BITS));
            }
            start[i] = xmin;
            count[i] = xmax;
        }
        return new Coefficients(start, count, weights, stride);
    }

    // Keys' cubic convolution kernel with a = -0.5
    private static double cubic(double x) {
        double a = -0.5;
        x = Math.abs(x);
        if (x < 1.0) {
            return ((a + 2.0) * x - (a + 3.0)) * x * x + 1;
        }
        if (x < 2.0) {
            return (((x - 5) * x + 8) * x - 4) * a;
        }
        return 0.0;
    }
}
