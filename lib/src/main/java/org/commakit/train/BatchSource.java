package org.commakit.train;

import ai.djl.ndarray.NDManager;

/**
 * Batches of one epoch. The order and any augmentation must depend only on the source's seed and {@code epoch}, so
 * that a resumed run sees exactly the batches an uninterrupted run would.
 */
public interface BatchSource {

    /** The batches of epoch {@code epoch} (0-based); arrays are created in {@code manager}. */
    Iterable<Batch> epoch(int epoch, NDManager manager);

    int batchesPerEpoch();

    /** The number of classes the labels range over. */
    int classes();
}
