package org.commakit.clip;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.commakit.KitException;

/**
 * CLIP's frozen tensors under OpenAI's state-dict names ({@code visual.conv1.weight}, {@code
 * transformer.resblocks.0.attn.in_proj_weight}, ...), whatever file format they came from.
 *
 * <p>Precision follows the reference code (OpenAI {@code convert_weights}): matrices of Conv/Linear/attention layers
 * and the two projections are kept in the compute type; LayerNorm parameters, embeddings and {@code logit_scale} stay
 * fp32 and are cast where they are used.
 */
public final class ClipWeights implements AutoCloseable {
    private final String source;
    private final NDManager manager;
    private final DataType computeType;
    private final Map<String, NDArray> tensors;

    /**
     * @param source what the tensors were read from (a path), for error messages
     * @param tensors fp32 or fp16 tensors by OpenAI name; they are moved to a new manager on {@code device}
     */
    public ClipWeights(String source, Map<String, NDArray> tensors, Device device, DataType computeType) {
        this.source = source;
        this.computeType = computeType;
        this.manager = NDManager.newBaseManager(device, "PyTorch");
        this.tensors = new LinkedHashMap<>();
        for (Map.Entry<String, NDArray> e : tensors.entrySet()) {
            // duplicate(): libtorch-owned memory. An array made by NDManager.create(...) wraps a Java buffer that
            // is freed with its wrapper; toDevice/toType on the same device and type share that buffer.
            NDArray a = e.getValue().toDevice(device, false).toType(DataType.FLOAT32, false).duplicate();
            a.attach(manager);
            this.tensors.put(e.getKey(), a);
        }
    }

    /**
     * Fresh weights for a CLIP of the given dimensions, drawn as OpenAI's {@code initialize_parameters} does
     * (normal with the same standard deviations; LayerNorm weight 1, bias 0; logit_scale = log(1/0.07)), from the
     * libtorch generator seeded with {@code seed}. Used for pretraining the kit's small CLIP and for benchmarks.
     */
    public static ClipWeights initialize(ClipConfig c, long seed, Device device, DataType computeType) {
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) seed);
        Map<String, NDArray> t = new LinkedHashMap<>();
        try (NDManager m = NDManager.newBaseManager(Device.cpu(), "PyTorch")) {
            float vs = (float) Math.pow(c.visionWidth(), -0.5);
            int patchFanIn = 3 * c.patchSize() * c.patchSize();
            t.put("visual.conv1.weight", m.randomNormal(0, (float) Math.pow(patchFanIn, -0.5),
                    new Shape(c.visionWidth(), 3, c.patchSize(), c.patchSize()), DataType.FLOAT32));
            t.put("visual.class_embedding", m.randomNormal(0, vs, new Shape(c.visionWidth()), DataType.FLOAT32));
            t.put("visual.positional_embedding",
                    m.randomNormal(0, vs, new Shape(c.visionTokens(), c.visionWidth()), DataType.FLOAT32));
            layerNormInit(m, t, "visual.ln_pre", c.visionWidth());
            blocksInit(m, t, "visual.transformer.resblocks.", c.visionLayers(), c.visionWidth());
            layerNormInit(m, t, "visual.ln_post", c.visionWidth());
            t.put("visual.proj", m.randomNormal(0, vs, new Shape(c.visionWidth(), c.embedDim()), DataType.FLOAT32));
            t.put("token_embedding.weight",
                    m.randomNormal(0, 0.02f, new Shape(c.vocabSize(), c.textWidth()), DataType.FLOAT32));
            t.put("positional_embedding",
                    m.randomNormal(0, 0.01f, new Shape(c.contextLength(), c.textWidth()), DataType.FLOAT32));
            blocksInit(m, t, "transformer.resblocks.", c.textLayers(), c.textWidth());
            layerNormInit(m, t, "ln_final", c.textWidth());
            t.put("text_projection", m.randomNormal(0, (float) Math.pow(c.textWidth(), -0.5),
                    new Shape(c.textWidth(), c.embedDim()), DataType.FLOAT32));
            t.put("logit_scale", m.create((float) Math.log(1 / 0.07)));
            return new ClipWeights("initialized(seed " + seed + ")", t, device, computeType);
        }
    }

    private static void layerNormInit(NDManager m, Map<String, NDArray> t, String prefix, int width) {
        t.put(prefix + ".weight", m.ones(new Shape(width)));
        t.put(prefix + ".bias", m.zeros(new Shape(width)));
    }

    private static void blocksInit(NDManager m, Map<String, NDArray> t, String prefix, int layers, int width) {
        float attnStd = (float) Math.pow(width, -0.5);
        float projStd = attnStd * (float) Math.pow(2 * layers, -0.5);
        float fcStd = (float) Math.pow(2 * width, -0.5);
        for (int i = 0; i < layers; i++) {
            String p = prefix + i + ".";
            t.put(p + "attn.in_proj_weight", m.randomNormal(0, attnStd, new Shape(3L * width, width), DataType.FLOAT32));
            t.put(p + "attn.in_proj_bias", m.zeros(new Shape(3L * width)));
            t.put(p + "attn.out_proj.weight", m.randomNormal(0, projStd, new Shape(width, width), DataType.FLOAT32));
            t.put(p + "attn.out_proj.bias", m.zeros(new Shape(width)));
            layerNormInit(m, t, p + "ln_1", width);
            t.put(p + "mlp.c_fc.weight", m.randomNormal(0, fcStd, new Shape(4L * width, width), DataType.FLOAT32));
            t.put(p + "mlp.c_fc.bias", m.zeros(new Shape(4L * width)));
            t.put(p + "mlp.c_proj.weight", m.randomNormal(0, projStd, new Shape(width, 4L * width), DataType.FLOAT32));
            t.put(p + "mlp.c_proj.bias", m.zeros(new Shape(width)));
            layerNormInit(m, t, p + "ln_2", width);
        }
    }

    /**
     * Makes every tensor trainable (for pretraining a CLIP from scratch, fp32 only); returns them by name.
     * The frozen-CLIP use of the kit never calls this.
     */
    public Map<String, NDArray> makeTrainable() {
        if (computeType != DataType.FLOAT32) {
            throw new IllegalStateException("pretraining runs in fp32; these weights compute in " + computeType);
        }
        for (NDArray a : tensors.values()) {
            a.setRequiresGradient(true);
        }
        return Collections.unmodifiableMap(tensors);
    }

    /** Writes the weights as safetensors under OpenAI's names (fp32), atomically. */
    public void save(java.nio.file.Path file, Map<String, String> metadata) {
        SafeTensors.write(file, tensors, metadata);
    }

    public String source() {
        return source;
    }

    public NDManager manager() {
        return manager;
    }

    public DataType computeType() {
        return computeType;
    }

    public Set<String> names() {
        return Collections.unmodifiableSet(tensors.keySet());
    }

    public boolean has(String name) {
        return tensors.containsKey(name);
    }

    /** The fp32 tensor under an OpenAI name. */
    public NDArray fp32(String name) {
        NDArray a = tensors.get(name);
        if (a == null) {
            throw new KitException("CLIP checkpoint " + source + " has no tensor '" + name + "'. The file is not a "
                    + "complete CLIP ViT checkpoint; re-download it with data-scripts/clip_weights.sh.");
        }
        return a;
    }

    public Shape shape(String name) {
        return fp32(name).getShape();
    }

    /** The tensor in the compute type (weights of Conv/Linear/attention and the projections). */
    NDArray matrix(String name) {
        NDArray a = fp32(name);
        if (computeType == DataType.FLOAT32) {
            return a;
        }
        NDArray c = a.toType(computeType, false);
        c.attach(manager);
        return c;
    }

    Linear linear(String prefix) {
        return new Linear(matrix(prefix + ".weight"), matrix(prefix + ".bias"));
    }

    LayerNorm layerNorm(String prefix) {
        return new LayerNorm(fp32(prefix + ".weight"), fp32(prefix + ".bias"));
    }

    /** Checks a tensor's shape, naming the tensor, the file, both shapes and the fix. */
    void expectShape(String name, Shape expected, String because) {
        Shape actual = shape(name);
        if (!actual.equals(expected)) {
            throw new KitException("CLIP checkpoint " + source + ": tensor '" + name + "' has shape " + actual
                    + " but " + expected + " was expected (" + because + "). The file is damaged or mixes two "
                    + "models; re-download it with data-scripts/clip_weights.sh.");
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
