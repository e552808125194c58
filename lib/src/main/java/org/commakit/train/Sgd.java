package org.commakit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * SGD with momentum and weight decay exactly as {@code torch.optim.SGD} (dampening 0, no Nesterov), which Dassl uses
 * for every prompt learner (COMMA.md §6.2):
 *
 * <pre>
 *   d = g + wd · p;   buf = d (first step), buf = μ · buf + d (later);   p -= lr · buf
 * </pre>
 *
 * Only parameters with a gradient are updated. The momentum buffers belong to this optimiser's manager, created
 * outside any step scope (TOOLCHAIN pitfall 2); gradients are zeroed after each step (pitfall 3).
 */
public final class Sgd implements AutoCloseable {
    private final Map<String, NDArray> params;
    private final float momentum;
    private final float weightDecay;
    private final NDManager manager;
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();

    public Sgd(Map<String, NDArray> params, float momentum, float weightDecay) {
        this.params = params;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.manager = params.values().iterator().next().getManager().newSubManager();
    }

    /** One update with learning rate {@code lr}; then zeroes the gradients. */
    public void step(float lr) {
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            NDArray p = e.getValue();
            try (NDScope scope = new NDScope()) { // frees the temporaries and the gradient handle
                NDArray g = p.getGradient();
                NDArray d = g.add(p.mul(weightDecay));
                NDArray buf = buffers.get(e.getKey());
                if (buf == null) {
                    buf = d.duplicate();
                    NDScope.unregister(buf);
                    buf.attach(manager);
                    buffers.put(e.getKey(), buf);
                } else {
                    buf.muli(momentum).addi(d);
                }
                p.subi(buf.mul(lr));
                g.subi(g);
            }
        }
    }

    /** Momentum buffers by parameter name (for checkpoints). */
    public Map<String, NDArray> state() {
        return java.util.Collections.unmodifiableMap(buffers);
    }

    /** Restores momentum buffers saved by {@link #state()}. */
    public void load(Map<String, NDArray> state) {
        for (Map.Entry<String, NDArray> e : state.entrySet()) {
            NDArray b = e.getValue().duplicate();
            b.attach(manager);
            NDArray old = buffers.put(e.getKey(), b);
            if (old != null) {
                old.close();
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
