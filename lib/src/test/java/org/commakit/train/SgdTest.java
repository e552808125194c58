package org.commakit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import com.google.gson.Gson;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.commakit.Fixtures;
import org.commakit.KitException;
import org.commakit.clip.SafeTensors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SgdTest {
    static final Path GOLDEN = Fixtures.fixture("train/sgd_golden.safetensors");
    static final List<String> NAMES = List.of("ctx", "deep", "unused");

    /** Parameters initialised from the golden file's "init.*" tensors, each requiring a gradient. */
    static Map<String, NDArray> params(NDManager m, Map<String, NDArray> golden) {
        Map<String, NDArray> p = new LinkedHashMap<>();
        for (String n : NAMES) {
            NDArray a = golden.get("init." + n).duplicate();
            a.attach(m);
            a.setRequiresGradient(true);
            p.put(n, a);
        }
        return p;
    }

    /** g = 2 H p + C through autograd: loss = Σ H·p·p + Σ C·p over "ctx" and "deep" ("unused" gets no gradient). */
    static void backward(Map<String, NDArray> p, Map<String, NDArray> golden) {
        try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
            NDArray loss = null;
            for (String n : List.of("ctx", "deep")) {
                NDArray x = p.get(n);
                NDArray term = golden.get("H." + n).mul(x).mul(x).sum().add(golden.get("C." + n).mul(x).sum());
                loss = loss == null ? term : loss.add(term);
            }
            gc.backward(loss);
        }
    }

    @Test
    void threeStepsMatchTorchOptimSgdWithMomentumAndWeightDecay() {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> golden = SafeTensors.read(GOLDEN, m);
            Map<String, String> meta = metadata();
            float[] lrs = new Gson().fromJson(meta.get("lrs"), float[].class);
            @SuppressWarnings("unchecked")
            Map<String, List<Double>> cases = new Gson().fromJson(meta.get("cases"), Map.class);
            assertEquals(2, cases.size());
            for (Map.Entry<String, List<Double>> c : cases.entrySet()) {
                Map<String, NDArray> p = params(m, golden);
                try (Sgd sgd = new Sgd(p, c.getValue().get(0).floatValue(), c.getValue().get(1).floatValue())) {
                    for (int step = 1; step <= lrs.length; step++) {
                        backward(p, golden);
                        sgd.step(lrs[step - 1]);
                        for (String n : NAMES) {
                            String key = c.getKey() + ".step" + step + "." + n;
                            // 1e-6 absolute on values of order 1 (measured: within 5e-7): torch fuses a + α·b into one
                            // FMA where DJL multiplies then adds, so last-bit differences appear and add up
                            assertArrayEquals(golden.get(key).toFloatArray(), p.get(n).toFloatArray(), 1e-6f, key);
                            NDArray buf = golden.get(c.getKey() + ".step" + step + ".buf." + n);
                            if (buf == null) {
                                assertNull(sgd.state().get(n), "torch keeps no momentum buffer for " + n);
                            } else {
                                assertArrayEquals(buf.toFloatArray(), sgd.state().get(n).toFloatArray(), 1e-6f,
                                        key + " momentum");
                            }
                        }
                    }
                    assertArrayEquals(golden.get("init.unused").toFloatArray(), p.get("unused").toFloatArray(), 0f,
                            "a parameter without gradient is neither decayed nor moved, as in torch");
                }
            }
        }
    }

    static Map<String, String> metadata() {
        try {
            byte[] bytes = Files.readAllBytes(GOLDEN);
            long n = java.nio.ByteBuffer.wrap(bytes, 0, 8).order(java.nio.ByteOrder.LITTLE_ENDIAN).getLong();
            var header = new Gson().fromJson(new String(bytes, 8, (int) n, StandardCharsets.UTF_8),
                    com.google.gson.JsonObject.class);
            Map<String, String> out = new LinkedHashMap<>();
            header.getAsJsonObject("__metadata__").entrySet().forEach(e -> out.put(e.getKey(),
                    e.getValue().getAsString()));
            return out;
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void gradientsAreZeroedAfterEveryStepSoTheyNeverAccumulate() {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> golden = SafeTensors.read(GOLDEN, m);
            Map<String, NDArray> p = params(m, golden);
            try (Sgd sgd = new Sgd(p, 0.9f, 5e-4f)) {
                backward(p, golden);
                float[] first = Sgd.gradientOrNull(p.get("ctx")).toFloatArray();
                sgd.step(0f); // lr 0: the parameters stay, so the next gradient must equal the first one
                assertArrayEquals(new float[first.length], Sgd.gradientOrNull(p.get("ctx")).toFloatArray(), 0f);
                backward(p, golden);
                float[] second = Sgd.gradientOrNull(p.get("ctx")).toFloatArray();
                assertArrayEquals(first, second, 0f, "a second backward after a step must not add to the first");
                assertNull(Sgd.gradientOrNull(p.get("unused")), "never-used parameters keep no gradient");
            }
        }
    }

    @Test
    void exportedMomentumResumesExactlyWhereTheOptimiserStopped(@TempDir Path tmp) {
        float[] lrs = {0.05f, 0.2f, 0.1f};
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> golden = SafeTensors.read(GOLDEN, m);
            Map<String, NDArray> straight = params(m, golden);
            try (Sgd sgd = new Sgd(straight, 0.9f, 5e-4f)) {
                for (float lr : lrs) {
                    backward(straight, golden);
                    sgd.step(lr);
                }
            }
            Map<String, NDArray> resumed = params(m, golden);
            try (Sgd first = new Sgd(resumed, 0.9f, 5e-4f)) {
                backward(resumed, golden);
                first.step(lrs[0]);
                SafeTensors.write(tmp.resolve("sgd.safetensors"), first.state(), null);
            }
            try (Sgd second = new Sgd(resumed, 0.9f, 5e-4f); NDManager r = NDManager.newBaseManager()) {
                second.load(SafeTensors.read(tmp.resolve("sgd.safetensors"), r), "sgd.safetensors");
                for (int i = 1; i < lrs.length; i++) {
                    backward(resumed, golden);
                    second.step(lrs[i]);
                }
            }
            for (String n : NAMES) {
                assertArrayEquals(straight.get(n).toFloatArray(), resumed.get(n).toFloatArray(), 0f, n);
            }
        }
    }

    @Test
    void loadingMomentumForOtherTensorsOrShapesIsRefusedAndChangesNothing() {
        try (NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> golden = SafeTensors.read(GOLDEN, m);
            Map<String, NDArray> p = params(m, golden);
            try (Sgd sgd = new Sgd(p, 0.9f, 5e-4f)) {
                backward(p, golden);
                sgd.step(0.1f);
                float[] before = sgd.state().get("ctx").toFloatArray();
                KitException e = assertThrows(KitException.class,
                        () -> sgd.load(Map.of("proj.weight", m.zeros(new Shape(2))), "ckpt"));
                assertTrue(e.getMessage().contains("proj.weight") && e.getMessage().contains("ctx"), e.getMessage());
                e = assertThrows(KitException.class, () -> sgd.load(Map.of("ctx", m.zeros(new Shape(4, 2))), "ckpt"));
                assertTrue(e.getMessage().contains("(4, 2)") && e.getMessage().contains("(2, 4)"), e.getMessage());
                assertArrayEquals(before, sgd.state().get("ctx").toFloatArray(), 0f);
                assertFalse(sgd.state().containsKey("proj.weight"));
            }
        }
    }
}
