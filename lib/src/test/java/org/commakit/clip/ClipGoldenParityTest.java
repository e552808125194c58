package org.commakit.clip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.Map;
import org.commakit.Fixtures;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Golden parity with PyTorch: fixtures/clip/make_tiny_clip.py builds a tiny CLIP (2 heads per tower, 2 layers,
 * 32 px, patch 8, context 77) and writes it as an OpenAI-style TorchScript archive and as Hugging Face safetensors,
 * with inputs and the fp32 outputs of torch 1.13. Tolerance 1e-5: fp32 with a different summation order.
 */
class ClipGoldenParityTest {
    static final float TOLERANCE = 1e-5f;

    @ParameterizedTest
    @ValueSource(strings = {"tiny_clip_openai.pt", "tiny_clip_hf.safetensors"})
    void imageFeaturesTextFeaturesAndLogitsMatchPyTorch(String checkpoint) {
        Path dir = Fixtures.fixture("clip/tiny_clip");
        try (Clip clip = Clip.load(dir.resolve(checkpoint), Device.cpu(), DataType.FLOAT32);
                NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> io = SafeTensors.read(dir.resolve("io.safetensors"), m);
            NDArray image = clip.encodeImage(io.get("images"));
            NDArray text = clip.encodeText(io.get("text"));
            NDArray logits = clip.logits(image, text);
            assertClose("image features", io.get("image_features"), image);
            assertClose("text features", io.get("text_features"), text);
            assertClose("logits", io.get("logits_per_image"), logits);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"tiny_clip_openai.pt", "tiny_clip_hf.safetensors"})
    void dimensionsAreInferredFromTheWeightsAsBuildModelDoes(String checkpoint) {
        try (Clip clip = Clip.load(Fixtures.fixture("clip/tiny_clip/" + checkpoint), Device.cpu(), DataType.FLOAT32)) {
            assertEquals(new ClipConfig(32, 32, 8, 128, 2, 2, 77, 1000, 128, 2, 2), clip.config());
            assertEquals(Math.exp(2.30078125), clip.logitScale(), 1e-5); // 2.3 rounded to fp16
        }
    }

    @org.junit.jupiter.api.Test
    void bothFormatsGiveTheSameInMemoryWeights() {
        Path dir = Fixtures.fixture("clip/tiny_clip");
        try (ClipWeights a = ClipCheckpoint.read(dir.resolve("tiny_clip_openai.pt"), Device.cpu(), DataType.FLOAT32);
                ClipWeights b = ClipCheckpoint.read(
                        dir.resolve("tiny_clip_hf.safetensors"), Device.cpu(), DataType.FLOAT32)) {
            assertEquals(a.names(), b.names());
            for (String name : a.names()) {
                assertEquals(a.shape(name), b.shape(name), name);
                float diff = a.fp32(name).sub(b.fp32(name)).abs().max().getFloat();
                assertEquals(0f, diff, 0f, name);
            }
        }
    }

    static void assertClose(String what, NDArray expected, NDArray actual) {
        assertEquals(expected.getShape(), actual.getShape(), what + " shape");
        float err = expected.sub(actual.toType(DataType.FLOAT32, false)).abs().max().getFloat();
        assertTrue(err <= TOLERANCE, what + ": max abs error " + err + " > " + TOLERANCE);
    }
}
