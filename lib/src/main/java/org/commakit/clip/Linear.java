package org.commakit.clip;

import ai.djl.ndarray.NDArray;

/** y = x W^T + b, with W as stored by PyTorch: [out, in]. Frozen; weights in the compute type. */
record Linear(NDArray weight, NDArray bias) {

    NDArray forward(NDArray x) {
        return ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
    }
}
