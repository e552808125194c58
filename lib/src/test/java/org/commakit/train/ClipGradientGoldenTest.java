package org.commakit.train;

import org.commakit.data.Batch;
import org.commakit.miniworld.ClipPretraining;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.Map;
import org.commakit.Fixtures;
import org.commakit.clip.Clip;
import org.commakit.clip.SafeTensors;
import org.junit.jupiter.api.Test;

/**
 * Gradients through the whole CLIP match PyTorch: fixtures/clip/make_clip_grad_golden.py computes CLIP's symmetric
 * contrastive loss on the tiny CLIP and its gradient for 11 tensors (embeddings, blocks, projections, logit scale).
 * Tolerance 1e-5 relative to the largest gradient entry: fp32 with another summation order.
 */
class ClipGradientGoldenTest {
    @Test
    void contrastiveLossAndWeightGradientsMatchPyTorch() {
        Path dir = Fixtures.fixture("clip/tiny_clip");
        try (Clip clip = Clip.load(dir.resolve("tiny_clip_hf.safetensors"), Device.cpu(), DataType.FLOAT32);
                NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> io = SafeTensors.read(dir.resolve("io.safetensors"), m);
            Map<String, NDArray> golden = SafeTensors.read(dir.resolve("grads.safetensors"), m);
            Map<String, NDArray> params = clip.weights().makeTrainable();
            float loss;
            try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                ClipPretraining.Batch b = new ClipPretraining.Batch(io.get("images"), io.get("text").get(":3"));
                NDArray l = ClipPretraining.contrastiveLoss(ClipPretraining.logits(clip, b, params.get("logit_scale")));
                gc.backward(l);
                loss = l.getFloat();
            }
            assertEquals(golden.get("loss").getFloat(0), loss, 1e-5);
            for (Map.Entry<String, NDArray> e : golden.entrySet()) {
                if (e.getKey().equals("loss")) {
                    continue;
                }
                NDArray g = params.get(e.getKey()).getGradient();
                float scale = Math.max(1e-3f, e.getValue().abs().max().getFloat());
                float err = g.sub(e.getValue()).abs().max().getFloat() / scale;
                assertTrue(err < 1e-5, e.getKey() + ": relative max error " + err);
            }
        }
    }
}
