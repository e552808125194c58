package org.commakit.prompt;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.commakit.KitException;

/**
 * A prompt learner's own tensors by name, split into trainable ones (they get gradients and optimiser updates) and
 * frozen ones (kept in checkpoints only). Long-lived: created in the learner's manager, outside any step scope.
 */
public final class PromptParameters implements AutoCloseable {
    private final NDManager manager;
    private final DataType type;
    private final Map<String, NDArray> trainable = new LinkedHashMap<>();
    private final Map<String, NDArray> frozen = new LinkedHashMap<>();

    public PromptParameters(NDManager parent, DataType type) {
        this.manager = parent.newSubManager();
        this.type = type;
    }

    public NDManager manager() {
        return manager;
    }

    /** Registers a tensor (copied into this manager, in the compute type). */
    public NDArray add(String name, NDArray value, boolean train) {
        return add(name, value, train, type);
    }

    /**
     * Registers a tensor kept in fp32 whatever the compute type: the prompt tensors the official code keeps as fp32
     * masters under fp16 (MaPLe's couplings, the deep prompts, COMMA's generators 2..J-1;
     * docs/official-code-notes.md#precision). Users cast them to the compute type where they meet fp16 activations
     * ({@code Precision.cast}, which keeps the gradient), and the optimiser updates them in fp32.
     */
    public NDArray addFp32(String name, NDArray value, boolean train) {
        return add(name, value, train, DataType.FLOAT32);
    }

    private NDArray add(String name, NDArray value, boolean train, DataType as) {
        NDArray a = value.toType(as, false).duplicate();
        a.attach(manager);
        a.setRequiresGradient(train);
        (train ? trainable : frozen).put(name, a);
        return a;
    }

    public NDArray get(String name) {
        NDArray a = trainable.containsKey(name) ? trainable.get(name) : frozen.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no prompt tensor named '" + name + "'");
        }
        return a;
    }

    public Map<String, NDArray> trainable() {
        return Collections.unmodifiableMap(trainable);
    }

    public Map<String, NDArray> frozen() {
        return Collections.unmodifiableMap(frozen);
    }

    public Set<String> names() {
        Set<String> all = new java.util.LinkedHashSet<>(trainable.keySet());
        all.addAll(frozen.keySet());
        return all;
    }

    /**
     * Replaces every tensor's values by {@code state}'s (a checkpoint or golden fixture); names and shapes must match
     * exactly. {@code source} names where the state came from, for the error message.
     */
    public void load(Map<String, NDArray> state, String source) {
        Set<String> missing = new java.util.TreeSet<>(names());
        missing.removeAll(state.keySet());
        Set<String> unexpected = new java.util.TreeSet<>(state.keySet());
        unexpected.removeAll(names());
        if (!missing.isEmpty() || !unexpected.isEmpty()) {
            throw new KitException("prompt-learner state from " + source + " does not fit this learner: missing "
                    + missing + ", unexpected " + unexpected + ". It was saved by another method or configuration "
                    + "(prompt depth, n_ctx, mode); load it into a learner built with the same settings.");
        }
        for (Map.Entry<String, NDArray> e : state.entrySet()) {
            NDArray current = get(e.getKey());
            if (!current.getShape().equals(e.getValue().getShape())) {
                throw new KitException("prompt tensor '" + e.getKey() + "' from " + source + " has shape "
                        + e.getValue().getShape() + ", this learner has " + current.getShape()
                        + " (another CLIP backbone or n_ctx?)");
            }
            boolean train = trainable.containsKey(e.getKey());
            // each tensor keeps its own type (fp32 masters stay fp32)
            NDArray a = e.getValue().toType(current.getDataType(), false).toDevice(manager.getDevice(), false)
                    .duplicate();
            a.attach(manager);
            a.setRequiresGradient(train);
            current.close();
            (train ? trainable : frozen).put(e.getKey(), a);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
