package org.commakit.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.commakit.KitException;

/**
 * SGD with momentum and weight decay exactly as {@code torch.optim.SGD} with dampening 0 and no Nesterov, which Dassl
 * uses for every prompt learner (docs/official-code-notes.md#optimiser-and-schedule):
 *
 * <pre>
 *   d = g + wd · p;   buf = d (first step), buf = μ · buf + d (later steps);   p -= lr · buf
 * </pre>
 *
 * <p>Only the given parameters (a learner's trainable ones) are touched, and among them only those that have a
 * gradient, as torch skips parameters whose {@code .grad} is None. The momentum buffers live in this optimiser's own
 * manager, created outside any step scope (docs/djl-notes.md#optimiser-state-outside-the-scope), and can be exported and restored for checkpoints.
 * After each update the gradients are zeroed in place (pitfall 3: libtorch accumulates into {@code .grad}).
 */
public final class Sgd implements AutoCloseable {
    /** Dassl's defaults for every reference config (docs/official-code-notes.md#optimiser-and-schedule). */
    public static final float MOMENTUM = 0.9f;
    public static final float WEIGHT_DECAY = 5e-4f;

    private final Map<String, NDArray> params;
    private final float momentum;
    private final float weightDecay;
    private final NDManager manager;
    private final Map<String, NDArray> buffers = new LinkedHashMap<>();

    /**
     * @param params the tensors to update, by name (a live view such as {@link
     *     org.commakit.prompt.PromptLearner#trainableParameters()} is fine)
     */
    public Sgd(Map<String, NDArray> params, float momentum, float weightDecay) {
        if (params.isEmpty()) {
            throw new IllegalArgumentException("SGD needs at least one trainable tensor; the learner has none");
        }
        if (momentum < 0 || weightDecay < 0) {
            throw new IllegalArgumentException("momentum (" + momentum + ") and weight decay (" + weightDecay
                    + ") must be >= 0");
        }
        this.params = params;
        this.momentum = momentum;
        this.weightDecay = weightDecay;
        this.manager = NDManager.newBaseManager(params.values().iterator().next().getDevice());
    }

    /** With Dassl's momentum 0.9 and weight decay 5e-4. */
    public static Sgd reference(Map<String, NDArray> params) {
        return new Sgd(params, MOMENTUM, WEIGHT_DECAY);
    }

    /** One update with learning rate {@code lr}, then the gradients are zeroed. */
    public void step(float lr) {
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            NDArray p = e.getValue();
            try (NDScope scope = new NDScope()) { // frees the temporaries and the gradient handle
                NDArray g = gradientOrNull(p);
                if (g == null) {
                    continue; // torch: p.grad is None -> no decay, no momentum, no update
                }
                NDScope.register(g);
                NDArray d = weightDecay == 0 ? g : g.add(p.mul(weightDecay));
                NDArray buf = buffers.get(e.getKey());
                if (momentum == 0) {
                    buf = d;
                } else if (buf == null) {
                    buf = d.duplicate(); // owned by this optimiser, not by the step scope
                    NDScope.unregister(buf);
                    buf.attach(manager);
                    buffers.put(e.getKey(), buf);
                } else {
                    buf.muli(momentum).addi(d);
                }
                p.subi(buf.mul(lr));
            }
        }
        zeroGradients();
    }

    /** Sets every existing gradient of the parameters to 0 in place (libtorch accumulates into them otherwise). */
    public void zeroGradients() {
        for (NDArray p : params.values()) {
            PtNDArray pt = pt(p);
            if (pt.hasGradient()) {
                try (PtNDArray g = JniUtils.getGradient(pt)) {
                    if (g != null) {
                        JniUtils.zeroGrad(pt);
                    }
                }
            }
        }
    }

    /** The gradient libtorch holds for {@code p}, or null when it has none yet (never part of a backward pass). */
    static NDArray gradientOrNull(NDArray p) {
        PtNDArray pt = pt(p);
        return pt.hasGradient() ? JniUtils.getGradient(pt) : null;
    }

    private static PtNDArray pt(NDArray p) {
        if (!(p instanceof PtNDArray)) {
            throw new IllegalStateException("the kit's SGD runs on DJL's PyTorch engine; got a "
                    + p.getClass().getName());
        }
        return (PtNDArray) p;
    }

    /**
     * The momentum buffers by parameter name, for checkpoints (empty before the first step; a parameter that never
     * had a gradient has none, as in torch). The arrays stay owned by this optimiser.
     */
    public Map<String, NDArray> state() {
        return Collections.unmodifiableMap(buffers);
    }

    /**
     * Replaces the momentum buffers by {@code state} (from {@link #state()} of an earlier run), copying them. Every
     * name must be one of the parameters' and every shape must match, else nothing is changed.
     */
    public void load(Map<String, NDArray> state, String source) {
        Set<String> unknown = new TreeSet<>(state.keySet());
        unknown.removeAll(params.keySet());
        if (!unknown.isEmpty()) {
            throw new KitException("optimiser state from " + source + " has momentum buffers " + unknown
                    + " for tensors this learner does not train (it trains " + params.keySet() + ")");
        }
        for (Map.Entry<String, NDArray> e : state.entrySet()) {
            NDArray p = params.get(e.getKey());
            if (!p.getShape().equals(e.getValue().getShape())) {
                throw new KitException("optimiser state from " + source + ": momentum buffer '" + e.getKey()
                        + "' has shape " + e.getValue().getShape() + ", the parameter has " + p.getShape());
            }
        }
        buffers.values().forEach(NDArray::close);
        buffers.clear();
        for (Map.Entry<String, NDArray> e : state.entrySet()) {
            NDArray p = params.get(e.getKey());
            // duplicate(): libtorch-owned memory that outlives the caller's arrays (HELPERS_COMMON, late addition)
            NDArray b = e.getValue().toType(p.getDataType(), false).toDevice(p.getDevice(), false).duplicate();
            b.attach(manager);
            buffers.put(e.getKey(), b);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
