package org.commakit.prompt;

import ai.djl.ndarray.NDArray;
import org.commakit.clip.Clip;

/** Small helpers shared by the learners. */
final class PromptLearners {
    private PromptLearners() {}

    /** y = x Wᵀ + b. */
    static NDArray linear(NDArray x, NDArray weight, NDArray bias) {
        return ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
    }

    /** PyTorch's default Linear init: U(-1/√fan_in, 1/√fan_in) for weight and bias. */
    static NDArray[] linearInit(ai.djl.ndarray.NDManager m, java.util.random.RandomGenerator rng, int in, int out) {
        float bound = (float) (1 / Math.sqrt(in));
        return new NDArray[] {uniform(m, rng, bound, out, in), uniform(m, rng, bound, out)};
    }

    static NDArray uniform(ai.djl.ndarray.NDManager m, java.util.random.RandomGenerator rng, float bound, long... shape) {
        ai.djl.ndarray.types.Shape s = new ai.djl.ndarray.types.Shape(shape);
        float[] v = new float[(int) s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) ((rng.nextDouble() * 2 - 1) * bound);
        }
        return m.create(v, s);
    }

    static NDArray normal(ai.djl.ndarray.NDManager m, java.util.random.RandomGenerator rng, float std, long... shape) {
        ai.djl.ndarray.types.Shape s = new ai.djl.ndarray.types.Shape(shape);
        float[] v = new float[(int) s.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (rng.nextGaussian() * std);
        }
        return m.create(v, s);
    }

    static void checkDepth(Clip clip, int depth) {
        int layers = Math.min(clip.text().layers(), clip.visual().layers());
        if (depth < 1 || depth > layers) {
            throw new org.commakit.KitException("prompt depth " + depth + " does not fit this CLIP: it must be "
                    + "between 1 and the number of transformer blocks (" + layers + "). ViT-B/16 uses 9 (3 for "
                    + "cross-dataset).");
        }
    }
}
