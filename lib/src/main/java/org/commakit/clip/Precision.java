package org.commakit.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.pytorch.jni.JniUtils;

/**
 * Casts between the compute type (fp16 on a GPU, as the reference code runs; fp32 on a CPU) and fp32.
 *
 * <p>DJL's {@code toType} runs without autograd (docs/djl-notes.md#casts-cut-the-graph), which would silently cut a prompt's gradient.
 * While autograd records (inside a {@code GradientCollector}) casts therefore use ops that autograd sees: an up-cast
 * multiplies by a one-element fp32 array (type promotion), a down-cast copies into a buffer of the target type with
 * an indexed assignment. ({@code NDArray.hasGradient()} cannot tell whether an intermediate result is part of a
 * graph, so the grad mode decides.)
 */
public final class Precision {
    private Precision() {}

    /** Returns {@code x} in {@code type}; {@code x} itself when it already has it; keeps the autograd graph. */
    public static NDArray cast(NDArray x, DataType type) {
        if (x.getDataType() == type) {
            return x;
        }
        if (!JniUtils.isGradMode()) {
            return x.toType(type, false);
        }
        if (type == DataType.FLOAT32) {
            return x.mul(Scalar.of(x, 1f).toType(DataType.FLOAT32, false).reshape(1)); // 1-dim: promotes
        }
        NDArray out = x.getManager().zeros(x.getShape(), type, x.getDevice());
        out.set(new NDIndex(":"), x);
        return out;
    }

    /** The compute type a device gets by default: fp16 on a GPU (the reference's PREC fp16), fp32 on a CPU. */
    public static DataType defaultFor(ai.djl.Device device) {
        return device.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32;
    }
}
