package org.commakit.clip;

/** Digests the decoding tests of other packages compare with the fixtures' (fixtures/decode/golden.json). */
public final class ImageDecoderTestSupport {
    private ImageDecoderTestSupport() {}

    /** SHA-256 (hex) of fp32 values written little-endian, as numpy's {@code astype("<f4").tobytes()}. */
    public static String sha256Floats(float[] x) {
        return ImageDecoderTest.sha256(ImageDecoderTest.floatsLittleEndian(x));
    }
}
