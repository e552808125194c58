package org.commakit.clip;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/** LayerNorm over the last axis (eps 1e-5), computed in fp32 with fp32 weights and cast back, as CLIP's subclass. */
record LayerNorm(NDArray weight, NDArray bias) {

    NDArray forward(NDArray x) {
        DataType type = x.getDataType();
        NDArray y = ai.djl.nn.norm.LayerNorm.layerNorm(
                        Precision.cast(x, DataType.FLOAT32), new Shape(weight.getShape().get(0)), weight, bias, 1e-5f)
                .singletonOrThrow();
        return Precision.cast(y, type);
    }
}
