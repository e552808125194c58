package org.commakit.protocol;

import java.util.Arrays;
import java.util.stream.Collectors;

/**
 * One step of a protocol for one method, dataset and seed (docs/data-protocol.md#the-three-protocols). Training phases write a checkpoint; test
 * phases load one (unless the method does not train) and produce an accuracy.
 */
public enum Phase {
    /** Base-to-new: 16 shots of the base classes; the last epoch's checkpoint is kept. */
    TRAIN_BASE("train-base", true),
    /** Base-to-new: the base classes' test split gives the Base accuracy. */
    TEST_BASE("test-base", false),
    /** Base-to-new: prompt learner rebuilt with the new class names, new classes' test split gives New. */
    TEST_NEW("test-new", false),
    /** Cross-dataset: 16 shots of all source (ImageNet) classes. */
    TRAIN_ALL("train-all", true),
    /** Cross-dataset: the source's own test split, all classes (the papers' "Source" column). */
    TEST_SOURCE("test-source", false),
    /** Cross-dataset and domain generalization: a target's full test split, all its classes. */
    TEST_TARGET("test-target", false);

    private final String id;
    private final boolean training;

    Phase(String id, boolean training) {
        this.id = id;
        this.training = training;
    }

    /** The name used in job lists and result files. */
    public String id() {
        return id;
    }

    /** Whether this phase trains (and writes a checkpoint) rather than evaluates. */
    public boolean isTraining() {
        return training;
    }

    /** The phase whose {@link #id()} is {@code id}. */
    public static Phase fromId(String id) {
        for (Phase p : values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown phase '" + id + "'. Expected one of "
                + Arrays.stream(values()).map(Phase::id).collect(Collectors.joining(", ")) + ".");
    }
}
