package org.commakit.protocol;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The three evaluation protocols (docs/data-protocol.md#the-three-protocols, docs/data-protocol.md#evaluation); {@link #id()} matches {@code published_results.csv}. */
public enum Protocol {
    /** Train on the base half of the classes, test on base and on new classes (docs/data-protocol.md#base-to-new). */
    BASE_TO_NEW("base2new"),
    /** Train on ImageNet, all classes; test on 10 other datasets (docs/data-protocol.md#cross-dataset). */
    CROSS_DATASET("xd"),
    /** The cross-dataset checkpoints tested on the four ImageNet variants (docs/data-protocol.md#domain-generalization). */
    DOMAIN_GENERALIZATION("dg");

    private final String id;

    Protocol(String id) {
        this.id = id;
    }

    /** The short name used in result files and in the published results. */
    public String id() {
        return id;
    }

    /** The protocol whose {@link #id()} is {@code id}. */
    public static Protocol fromId(String id) {
        for (Protocol p : values()) {
            if (p.id.equals(id)) {
                return p;
            }
        }
        throw new IllegalArgumentException("Unknown protocol '" + id + "'. Expected one of "
                + Arrays.stream(values()).map(Protocol::id).collect(Collectors.joining(", ")) + ".");
    }
}
