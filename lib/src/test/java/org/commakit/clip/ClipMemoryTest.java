package org.commakit.clip;

import static org.junit.jupiter.api.Assertions.assertEquals;

import ai.djl.Device;
import ai.djl.ndarray.BaseNDManager;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.nio.file.Path;
import java.util.Map;
import org.commakit.Fixtures;
import org.junit.jupiter.api.Test;

/** A forward pass leaves nothing behind in the frozen CLIP's manager: all results belong to the caller's manager. */
class ClipMemoryTest {
    @Test
    void repeatedForwardPassesDoNotGrowTheWeightsManager() {
        Path dir = Fixtures.fixture("clip/tiny_clip");
        try (Clip clip = Clip.load(dir.resolve("tiny_clip_hf.safetensors"), Device.cpu(), DataType.FLOAT32);
                NDManager io = NDManager.newBaseManager()) {
            Map<String, NDArray> data = SafeTensors.read(dir.resolve("io.safetensors"), io);
            BaseNDManager weights = (BaseNDManager) clip.weights().manager();
            int before = weights.getManagedArrays().size();
            for (int i = 0; i < 5; i++) {
                try (NDManager step = NDManager.newBaseManager()) {
                    NDArray images = data.get("images").duplicate();
                    images.attach(step);
                    NDArray tokens = data.get("text").duplicate();
                    tokens.attach(step);
                    clip.logits(clip.encodeImage(images), clip.encodeText(tokens));
                }
            }
            assertEquals(before, weights.getManagedArrays().size());
        }
    }
}
