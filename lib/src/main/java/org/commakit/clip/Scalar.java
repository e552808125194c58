package org.commakit.clip;

import ai.djl.ndarray.NDArray;

/**
 * Multiplication and division by a number that autograd can safely save.
 *
 * <p>DJL's {@code x.mul(2f)} wraps the number in an array backed by a Java buffer and closes it at once; autograd
 * keeps that tensor for the backward pass, and once the garbage collector frees the buffer the gradient is computed
 * from freed memory (seen here as NaN gradients after a GC between forward and backward). These helpers give the
 * number libtorch-owned memory instead. Use them on every path that gradients flow through.
 */
public final class Scalar {
    private Scalar() {}

    /** A 0-dim array holding {@code v} in libtorch-owned memory, on {@code like}'s device. */
    public static NDArray of(NDArray like, float v) {
        try (NDArray wrapped = like.getManager().create(v)) {
            return wrapped.duplicate();
        }
    }

    public static NDArray mul(NDArray x, float v) {
        return x.mul(of(x, v));
    }

    public static NDArray div(NDArray x, float v) {
        return x.div(of(x, v));
    }
}
