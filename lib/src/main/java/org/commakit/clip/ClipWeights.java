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
            NDArray a = e.getValue().toDevice(device, true).toType(DataType.FLOAT32, false);
            a.attach(manager);
            this.tensors.put(e.getKey(), a);
        }
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
