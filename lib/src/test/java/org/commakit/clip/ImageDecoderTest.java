package org.commakit.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import java.util.zip.GZIPInputStream;
import org.commakit.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Decoding as Pillow 9.4 does (docs/image-decoding.md): fixtures/decode/make_decode_golden.py writes grey (L), grey +
 * alpha, RGBA, palette (with and without transparency, 4-bit), bilevel, and 16-bit grey, RGB, grey + alpha and RGBA
 * PNGs; baseline (4:4:4, 4:2:2, 4:2:0), progressive, grey, CMYK (with and without an Adobe marker), YCCK,
 * ICC-profile (sRGB and linear RGB) and EXIF-rotated JPEGs; with the uint8 pixels of
 * {@code Image.open(f).convert("RGB")} and the tensor of torchvision's test transform (Resize(224, BICUBIC),
 * CenterCrop(224), ToTensor, Normalize). The kit's pixels and tensors are identical, bit for bit.
 */
class ImageDecoderTest {
    static final Path DIR = Fixtures.fixture("decode");
    static final JsonObject CASES = cases();

    static JsonObject cases() {
        try {
            return JsonParser.parseString(Files.readString(DIR.resolve("golden.json"))).getAsJsonObject()
                    .getAsJsonObject("cases");
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    static Stream<String> files() {
        return CASES.keySet().stream().sorted();
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    static byte[] floatsLittleEndian(float[] x) {
        ByteBuffer b = ByteBuffer.allocate(4 * x.length).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(x);
        return b.array();
    }

    static byte[] rgbOf(int[] packed) {
        return RgbImage.ofPacked(packed.length, 1, packed).rgbBytes();
    }

    @ParameterizedTest
    @MethodSource("files")
    void pixelsAreThoseOfPillowsConvertRgb(String file) throws IOException {
        JsonObject c = CASES.getAsJsonObject(file);
        RgbImage img = ImageDecoder.read(DIR.resolve(file));
        assertEquals(c.getAsJsonArray("size").get(0).getAsInt(), img.width(), file);
        assertEquals(c.getAsJsonArray("size").get(1).getAsInt(), img.height(), file);
        byte[] actual = img.rgbBytes();
        Path raw = DIR.resolve(file + ".rgb.gz");
        if (Files.exists(raw)) {
            byte[] expected;
            try (InputStream in = new GZIPInputStream(Files.newInputStream(raw))) {
                expected = in.readAllBytes();
            }
            int max = 0;
            int differ = 0;
            for (int i = 0; i < expected.length; i++) {
                int d = Math.abs((expected[i] & 0xff) - (actual[i] & 0xff));
                max = Math.max(max, d);
                differ += d > 0 ? 1 : 0;
            }
            assertEquals(0, max, file + " (mode " + c.get("mode").getAsString() + "): " + differ
                    + " samples differ from Pillow's, by up to " + max);
        }
        assertEquals(c.get("rgb_sha256").getAsString(), sha256(actual), file);
    }

    @ParameterizedTest
    @MethodSource("files")
    void testTransformIsTorchvisionsBitForBit(String file) {
        JsonObject c = CASES.getAsJsonObject(file);
        ImagePreprocess pre = new ImagePreprocess(224);
        RgbImage img = ImageDecoder.read(DIR.resolve(file));
        assertEquals(c.get("crop224_sha256").getAsString(), sha256(rgbOf(pre.resizeAndCenterCrop(img))), file);
        float[] fromFile = pre.testTransform(DIR.resolve(file));
        assertEquals(c.get("tensor_sha256").getAsString(), sha256(floatsLittleEndian(fromFile)), file);
        assertArrayEquals(pre.testTransform(img), fromFile, file + ": decoding only the pixels the crop reads");
    }

    @Test
    void theFusedTransformsGiveTheValuesOfResizeThenCropThenNormalise() {
        // the reference, step by step as before the one-pass transforms: crop, PilBicubic.resize, flip, normalise
        ImagePreprocess pre = new ImagePreprocess(224);
        for (String name : List.of("coffee_landscape", "astronaut_portrait", "motorcycle_odd", "rocket_upscale")) {
            Path file = ImagePreprocessTest.DIR.resolve(name + ".png");
            RgbImage img = ImageDecoder.read(file);
            int[] px = img.packed();
            int w = img.width();
            int h = img.height();
            for (int seed = 0; seed < 6; seed++) {
                SplittableRandom r = new SplittableRandom(seed);
                int[] box = ImagePreprocess.randomResizedCropBox(w, h, r);
                int[] out = PilBicubic.resize(ImagePreprocess.crop(px, w, box[0], box[1], box[2], box[3]), box[3],
                        box[2], 224, 224);
                if (r.nextDouble() < 0.5) {
                    out = ImagePreprocess.flipHorizontal(out, 224, 224);
                }
                float[] expected = ImagePreprocess.normalize(out, 224);
                assertArrayEquals(expected, pre.trainTransform(img, new SplittableRandom(seed)), name + " " + seed);
                assertArrayEquals(expected, pre.trainTransform(file, new SplittableRandom(seed)), name + " " + seed);
            }
        }
    }
}
