package org.commakit.miniworld;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * AdamW (decoupled weight decay), as {@code torch.optim.AdamW}, for pretraining the kit's small CLIP:
 * m = β1 m + (1-β1) g; v = β2 v + (1-β2) g²; p -= lr (m̂ / (√v̂ + ε) + wd p). Prompt learning uses SGD instead.
 *
 * <p>Moment buffers live in the optimiser's own manager, outside any per-step NDScope.
 */
public final class AdamW implements AutoCloseable {
    private final NDManager manager;
    private final Map<String, NDArray> params;
    private final Map<String, Boolean> decay;
    private final Map<String, NDArray> m = new LinkedHashMap<>();
    private final Map<String, NDArray> v = new LinkedHashMap<>();
    private final float beta1;
    private final float beta2;
    private final float eps;
    private final float weightDecay;
    private int step;

    /**
     * @param decay which parameters get weight decay (CLIP practice: matrices yes; gains, biases, embeddings of
     *     tokens/positions and the logit scale no)
     */
    public AdamW(Map<String, NDArray> params, Map<String, Boolean> decay, float beta1, float beta2, float eps,
            float weightDecay) {
        this.params = params;
        this.decay = decay;
        this.beta1 = beta1;
        this.beta2 = beta2;
        this.eps = eps;
        this.weightDecay = weightDecay;
        this.manager = params.values().iterator().next().getManager().newSubManager();
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            m.put(e.getKey(), manager.zeros(e.getValue().getShape(), e.getValue().getDataType()));
            v.put(e.getKey(), manager.zeros(e.getValue().getShape(), e.getValue().getDataType()));
        }
    }

    /** One update with the gradients in {@code .grad}, which are then zeroed. */
    public void step(float lr) {
        step++;
        float c1 = (float) (1 - Math.pow(beta1, step));
        float c2 = (float) (1 - Math.pow(beta2, step));
        for (Map.Entry<String, NDArray> e : params.entrySet()) {
            NDArray p = e.getValue();
            try (ai.djl.ndarray.NDScope scope = new ai.djl.ndarray.NDScope()) { // frees every temporary below
                NDArray g = p.getGradient();
                NDArray gg = g.duplicate();
                NDArray mi = m.get(e.getKey());
                NDArray vi = v.get(e.getKey());
                mi.muli(beta1).addi(gg.mul(1 - beta1));
                vi.muli(beta2).addi(gg.square().muli(1 - beta2));
                NDArray update = mi.div(c1).divi(vi.div(c2).sqrt().addi(eps));
                if (Boolean.TRUE.equals(decay.get(e.getKey()))) {
                    p.subi(p.mul(lr * weightDecay));
                }
                p.subi(update.muli(lr));
                g.subi(g); // zero the accumulated gradient (docs/djl-notes.md#gradients-accumulate)
            }
        }
    }

    public int steps() {
        return step;
    }

    @Override
    public void close() {
        manager.close();
    }
}
