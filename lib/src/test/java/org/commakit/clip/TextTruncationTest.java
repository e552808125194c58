package org.commakit.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import org.junit.jupiter.api.Test;

/**
 * Encoding token ids runs only the positions up to the last EOT; under the causal mask that gives the features of the
 * full 77-token pass (to float rounding), which this test compares directly.
 */
class TextTruncationTest {
    @Test
    void shortPassEqualsFullContextPass() {
        ClipConfig cfg = new ClipConfig(32, 16, 8, 64, 1, 1, 77, 50, 64, 2, 1);
        try (Clip clip = Clip.of(ClipWeights.initialize(cfg, 5, Device.cpu(), DataType.FLOAT32));
                NDManager m = NDManager.newBaseManager()) {
            int[][] ids = new int[3][77];
            int[][] prompts = {{48, 3, 4, 49}, {48, 7, 49}, {48, 1, 2, 3, 4, 5, 6, 49}};
            for (int i = 0; i < 3; i++) {
                System.arraycopy(prompts[i], 0, ids[i], 0, prompts[i].length);
            }
            NDArray tokens = clip.tokens(m, ids);
            float[] shortPass = clip.encodeText(tokens).toFloatArray();
            TextTransformer t = clip.text();
            float[] fullPass = t.forward(t.tokenEmbedding(tokens), TextTransformer.eotIndices(tokens),
                    LayerHook.NONE).toFloatArray();
            assertEquals(3 * 32, shortPass.length);
            assertArrayEquals(fullPass, shortPass, 1e-5f);
        }
    }
}
