package org.commakit.protocol;

import org.commakit.train.Method;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * One unit of protocol work: a method, a protocol, a dataset, a seed and a phase (docs/data-protocol.md#the-three-protocols).
 *
 * <p>{@code trainedOn} names the dataset whose training job made the checkpoint this job loads: the dataset itself for
 * base-to-new tests, the source (ImageNet) for cross-dataset and domain-generalization tests, and the empty string for
 * jobs that load none (training jobs, and every job of a method that does not train).
 */
public record Job(Method method, Protocol protocol, String dataset, int seed, Phase phase, String trainedOn) {

    private static final Pattern DATASET_NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    /** Checks that the phase belongs to the protocol and that {@code trainedOn} is what the phase needs. */
    public Job {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(protocol, "protocol");
        Objects.requireNonNull(phase, "phase");
        requireDatasetName(dataset, "dataset");
        if (seed < 0) {
            throw new IllegalArgumentException("Seed " + seed + " of " + dataset + " is negative; seeds are 1, 2, 3 in "
                    + "the papers (any value >= 0 is accepted).");
        }
        if (!phaseBelongsTo(phase, protocol)) {
            throw new IllegalArgumentException("Phase " + phase.id() + " is not part of protocol " + protocol.id()
                    + " (base2new: train-base, test-base, test-new; xd: train-all, test-source, test-target; "
                    + "dg: test-target).");
        }
        if (phase.isTraining() && !method.trains()) {
            throw new IllegalArgumentException(method.id() + " learns nothing, so it has no " + phase.id() + " job.");
        }
        trainedOn = trainedOn == null ? "" : trainedOn;
        String expected = expectedTrainedOn(method, phase, dataset, trainedOn);
        if (!trainedOn.equals(expected)) {
            throw new IllegalArgumentException("Job " + method.id() + "/" + protocol.id() + "/" + dataset + "/"
                    + phase.id() + " must load the checkpoint trained on '" + expected + "', not '" + trainedOn
                    + "' (empty means: no checkpoint).");
        }
    }

    /** A base-to-new job (train-base, test-base or test-new) on {@code dataset}. */
    public static Job baseToNew(Method method, String dataset, int seed, Phase phase) {
        boolean loads = method.trains() && !phase.isTraining();
        return new Job(method, Protocol.BASE_TO_NEW, dataset, seed, phase, loads ? dataset : "");
    }

    /** Cross-dataset training on all classes of {@code source}. */
    public static Job trainAll(Method method, String source, int seed) {
        return new Job(method, Protocol.CROSS_DATASET, source, seed, Phase.TRAIN_ALL, "");
    }

    /** The all-class checkpoint tested on the source's own test split (the "Source" column). */
    public static Job testSource(Method method, String source, int seed) {
        return new Job(method, Protocol.CROSS_DATASET, source, seed, Phase.TEST_SOURCE, method.trains() ? source : "");
    }

    /** The all-class checkpoint trained on {@code source} tested on {@code target} (xd or dg). */
    public static Job testTarget(Method method, Protocol protocol, String target, String source, int seed) {
        requireDatasetName(source, "source");
        return new Job(method, protocol, target, seed, Phase.TEST_TARGET, method.trains() ? source : "");
    }

    /** The key shared with this job's stored result. */
    public ResultKey key() {
        return new ResultKey(method, protocol, dataset, seed, phase);
    }

    /** A readable, path-safe name, e.g. {@code COMMA/base2new/OxfordPets/seed1/test-new}; usable as a folder. */
    public String id() {
        return key().toString();
    }

    /** The training job whose checkpoint this job loads, if any (same method and seed). */
    public Optional<Job> checkpointJob() {
        if (trainedOn.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(protocol == Protocol.BASE_TO_NEW
                ? baseToNew(method, trainedOn, seed, Phase.TRAIN_BASE)
                : trainAll(method, trainedOn, seed));
    }

    @Override
    public String toString() {
        return trainedOn.isEmpty() || trainedOn.equals(dataset) ? id() : id() + " (checkpoint from " + trainedOn + ")";
    }

    private static boolean phaseBelongsTo(Phase phase, Protocol protocol) {
        return switch (phase) {
            case TRAIN_BASE, TEST_BASE, TEST_NEW -> protocol == Protocol.BASE_TO_NEW;
            case TRAIN_ALL, TEST_SOURCE -> protocol == Protocol.CROSS_DATASET;
            case TEST_TARGET -> protocol == Protocol.CROSS_DATASET || protocol == Protocol.DOMAIN_GENERALIZATION;
        };
    }

    private static String expectedTrainedOn(Method method, Phase phase, String dataset, String given) {
        if (!method.trains() || phase.isTraining()) {
            return "";
        }
        return switch (phase) {
            case TEST_BASE, TEST_NEW, TEST_SOURCE -> dataset;
            // a target's checkpoint comes from another dataset (the source); any valid name other than the target
            default -> !given.isEmpty() && !given.equals(dataset) && DATASET_NAME.matcher(given).matches()
                    ? given : "<source dataset other than " + dataset + ">";
        };
    }

    static void requireDatasetName(String name, String what) {
        if (name == null || !DATASET_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("The " + what + " name '" + name + "' is not usable: expected letters, "
                    + "digits, '.', '_' or '-' (a dataset config name such as OxfordPets), since it names folders.");
        }
    }
}
