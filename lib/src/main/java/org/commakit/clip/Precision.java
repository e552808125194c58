package org.commakit.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * Casts between the compute type (fp16 on a GPU, as the reference code runs; fp32 on a CPU) and fp32.
 *
 * <p>DJL's {@code toType} runs without autograd (TOOLCHAIN pitfall 4), which would silently cut the gradient of a
 * prompt that passes through an fp32 LayerNorm. So a cast of an array that carries a gradient goes through ops that
 * autograd records: up-casts multiply by a one-element fp32 array (type promotion), down-casts copy into a buffer of
 * the target type with an indexed assignment.
 */
public final class Precision {
    private Precision() {}

    /** Returns {@code x} in {@code type}; {@code x} itself when it already has it; keeps the autograd graph. */
    public static NDArray cast(NDArray x, DataType type) {
        if (x.getDataType() == type) {
            return x;
        }
        if (!x.hasGradient()) {
            return x.toType(type, false);
        }
        if (type == DataType.FLOAT32) {
            return x.mul(x.getManager().create(new float[] {1f}));
        }
        NDArray out = x.getManager().zeros(x.getShape(), type, x.getDevice());
        out.set(new NDIndex("..."), x);
        return out;
    }

    /** The compute type a device gets by default: fp16 on a GPU (the reference's PREC fp16), fp32 on a CPU. */
    public static DataType defaultFor(ai.djl.Device device) {
        return device.isGpu() ? DataType.FLOAT16 : DataType.FLOAT32;
    }
}
