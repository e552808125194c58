package org.commakit.data;

import org.commakit.train.Evaluator;
import org.commakit.train.Trainer;
import ai.djl.ndarray.NDManager;
import java.util.SplittableRandom;

/**
 * The batches of each epoch, for the {@link Trainer} and the {@link Evaluator}.
 *
 * <p>Resume rule: the order of epoch {@code e} and every random augmentation in it must be a function of the run's
 * seed and {@code e} alone (never of a generator carried over from earlier epochs), e.g. drawn from
 * {@link #epochSeed(long, int) epochSeed(seed, e)}, so that a run resumed at epoch {@code e} sees exactly the batches
 * an uninterrupted run sees. Nothing else in training is random, so a checkpoint needs no RNG state beyond the seed
 * and the epoch.
 */
public interface BatchSource {

    /**
     * The batches of epoch {@code epoch} (0-based), created lazily or not; their arrays belong to {@code manager}
     * (the trainer closes each batch's images after its step).
     */
    Iterable<Batch> epoch(int epoch, NDManager manager);

    int batchesPerEpoch();

    /** The number of classes the labels range over. */
    int classes();

    /** The seed of epoch {@code epoch}'s shuffle and augmentation: a fixed mix of the run's seed and the epoch. */
    static long epochSeed(long seed, int epoch) {
        // SplitMix64 (SplittableRandom's first output) of a distinct number per (seed, epoch): unrelated streams
        return new SplittableRandom(seed * 0x9E3779B97F4A7C15L + epoch).nextLong();
    }
}
