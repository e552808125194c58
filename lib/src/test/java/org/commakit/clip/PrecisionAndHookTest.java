package org.commakit.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.Map;
import org.commakit.Fixtures;
import org.junit.jupiter.api.Test;

class PrecisionAndHookTest {

    @Test
    void castsToAndFromHalfKeepTheGradient() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray a = m.create(new float[] {1, 2, 3});
            a.setRequiresGradient(true);
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                NDArray half = Precision.cast(a.mul(2), DataType.FLOAT16);
                assertEquals(DataType.FLOAT16, half.getDataType());
                NDArray back = Precision.cast(half.mul(half), DataType.FLOAT32);
                assertEquals(DataType.FLOAT32, back.getDataType());
                gc.backward(back.sum());
            }
            assertArrayEquals(new float[] {8, 16, 24}, a.getGradient().toFloatArray(), 0f); // d((2x)^2)/dx = 8x
        }
    }

    @Test
    void replaceTokensOverwritesExactlyTheGivenPositionsOfEverySequence() {
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = m.arange(2 * 5 * 3).toType(DataType.FLOAT32, false).reshape(2, 5, 3);
            NDArray prompts = m.create(new float[] {-1, -1, -1, -2, -2, -2}, new Shape(2, 3));
            NDArray y = LayerHook.replaceTokens(x, 1, prompts);
            assertEquals(new Shape(2, 5, 3), y.getShape());
            for (int b = 0; b < 2; b++) {
                assertArrayEquals(x.get(b, 0).toFloatArray(), y.get(b, 0).toFloatArray());
                assertArrayEquals(new float[] {-1, -1, -1}, y.get(b, 1).toFloatArray());
                assertArrayEquals(new float[] {-2, -2, -2}, y.get(b, 2).toFloatArray());
                assertArrayEquals(x.get("{}, 3:", b).toFloatArray(), y.get("{}, 3:", b).toFloatArray());
            }
        }
    }

    @Test
    void hooksSeeEveryBlockAndAnIdentityHookChangesNothing() {
        Path dir = Fixtures.fixture("clip/tiny_clip");
        try (Clip clip = Clip.load(dir.resolve("tiny_clip_openai.pt"), Device.cpu(), DataType.FLOAT32);
                NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> io = SafeTensors.read(dir.resolve("io.safetensors"), m);
            int[] seen = new int[clip.config().textLayers()];
            LayerHook counting = new LayerHook() {
                @Override
                public void afterBlock(int block, NDArray x) {
                    seen[block]++;
                    assertEquals(new Shape(4, 77, 128), x.getShape());
                }
            };
            NDArray tokens = io.get("text");
            NDArray hooked = clip.text().forward(clip.text().tokenEmbedding(tokens),
                    TextTransformer.eotIndices(tokens), counting);
            assertArrayEquals(new int[] {1, 1}, seen);
            assertEquals(0f, hooked.sub(clip.encodeText(tokens)).abs().max().getFloat(), 0f);
        }
    }

    @Test
    void halfPrecisionForwardStaysCloseToFp32() {
        // The GPU path runs fp16 as the reference code; on the CPU the same code runs in fp16 for this check.
        // Tolerance 2e-2: fp16 has an 11-bit mantissa and the features are O(1).
        Path dir = Fixtures.fixture("clip/tiny_clip");
        try (Clip clip = Clip.load(dir.resolve("tiny_clip_hf.safetensors"), Device.cpu(), DataType.FLOAT16);
                NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> io = SafeTensors.read(dir.resolve("io.safetensors"), m);
            NDArray image = clip.encodeImage(io.get("images"));
            NDArray text = clip.encodeText(io.get("text"));
            assertEquals(DataType.FLOAT16, image.getDataType());
            float errI = image.toType(DataType.FLOAT32, false).sub(io.get("image_features")).abs().max().getFloat();
            float errT = text.toType(DataType.FLOAT32, false).sub(io.get("text_features")).abs().max().getFloat();
            assertTrue(errI < 2e-2 && errT < 2e-2, "fp16 errors " + errI + ", " + errT);
        }
    }
}
