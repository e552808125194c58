package org.commakit.data;

import ai.djl.ndarray.NDArray;

/** A batch of preprocessed images [batch, 3, res, res] and their labels. */
public record Batch(NDArray images, int[] labels) {}
