package org.commakit.clip;

import ai.djl.ndarray.NDArray;

/**
 * y = x W^T + b, with W as stored by PyTorch: [out, in]. Frozen; weights in the compute type. One libtorch call,
 * {@code torch::nn::functional::linear} through DJL's {@code Linear.linear}: the bias is added inside the matrix
 * product (addmm), also for the [batch, tokens, width] inputs of the transformer blocks, not as a second operation.
 */
record Linear(NDArray weight, NDArray bias) {

    NDArray forward(NDArray x) {
        return ai.djl.nn.core.Linear.linear(x, weight, bias).singletonOrThrow();
    }
}
