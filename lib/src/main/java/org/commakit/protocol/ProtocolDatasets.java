package org.commakit.protocol;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The dataset names each protocol runs on. The paper's lists are {@link #paper()}; the mini world passes its own names
 * to the same job matrix and tables.
 *
 * @param baseToNew the base-to-new datasets, in table row order (docs/data-protocol.md#base-to-new)
 * @param source the cross-dataset training set, trained on all classes (docs/data-protocol.md#cross-dataset)
 * @param crossDatasetTargets the cross-dataset targets, in table column order (docs/data-protocol.md#cross-dataset)
 * @param domainShiftTargets the domain-generalization targets, in table column order (docs/data-protocol.md#domain-generalization)
 */
public record ProtocolDatasets(List<String> baseToNew, String source, List<String> crossDatasetTargets,
                               List<String> domainShiftTargets) {

    /** Copies the lists and checks the names (valid, no duplicates, source not among the targets). */
    public ProtocolDatasets {
        baseToNew = checked(baseToNew, "base-to-new");
        Job.requireDatasetName(source, "cross-dataset source");
        crossDatasetTargets = checked(crossDatasetTargets, "cross-dataset target");
        domainShiftTargets = checked(domainShiftTargets, "domain-generalization target");
        if (crossDatasetTargets.contains(source) || domainShiftTargets.contains(source)) {
            throw new IllegalArgumentException("The source " + source + " is also listed as a target; the source's own "
                    + "test split is the table's Source column, not a target.");
        }
    }

    /**
     * The paper's lists, with the CoOp config names ({@code DATASET.NAME}, docs/data-protocol.md#layouts-per-dataset): 11 base-to-new datasets;
     * ImageNet to 10 targets; ImageNet to its 4 variants.
     */
    public static ProtocolDatasets paper() {
        List<String> eleven = List.of("ImageNet", "Caltech101", "OxfordPets", "StanfordCars", "OxfordFlowers",
                "Food101", "FGVCAircraft", "SUN397", "DescribableTextures", "EuroSAT", "UCF101");
        return new ProtocolDatasets(eleven, "ImageNet", eleven.subList(1, eleven.size()),
                List.of("ImageNetV2", "ImageNetSketch", "ImageNetA", "ImageNetR"));
    }

    /** The targets of a transfer protocol: the cross-dataset targets or the domain-shift targets. */
    public List<String> targets(Protocol protocol) {
        return switch (protocol) {
            case CROSS_DATASET -> crossDatasetTargets;
            case DOMAIN_GENERALIZATION -> domainShiftTargets;
            case BASE_TO_NEW -> throw new IllegalArgumentException(
                    "base2new has no targets; its datasets are baseToNew()");
        };
    }

    private static List<String> checked(List<String> names, String what) {
        if (names == null) {
            throw new IllegalArgumentException("The " + what + " list is missing; pass an empty list for none.");
        }
        Set<String> seen = new HashSet<>();
        for (String name : new ArrayList<>(names)) {
            Job.requireDatasetName(name, what);
            if (!seen.add(name)) {
                throw new IllegalArgumentException("The " + what + " list names " + name + " twice: " + names);
            }
        }
        return List.copyOf(names);
    }
}
