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

    private static int clamp8(long acc) {
        long v = acc >> PRECISION_BITS;
        return (int) Math.max(0, Math.min(255, v));
    }

    private record Coefficients(int[] start, int[] count, long[] weights, int stride) {}

    // For output pixel i: centre (i + 0.5) * scale in input coordinates, taps within the (widened) support.
    private static Coefficients coefficients(int inSize, int outSize) {
        double scale = (double) inSize / outSize;
        double filterScale = Math.max(scale, 1.0);
        double support = 2.0 * filterScale;
        double ss = 1.0 / filterScale;
        int stride = (int) Math.ceil(support) * 2 + 1;
        int[] start = new int[outSize];
        int[] count = new int[outSize];
        long[] weights = new long[outSize * stride];
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
                weights[i * stride + x] = (long) (w < 0 ? -0.5 + w * (1 << PRECISION_BITS) : 0.5 + w * (1 << PRECISION_BITS));
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
