package org.commakit.protocol;

import java.util.Arrays;
import java.util.stream.Collectors;

/** The three evaluation protocols (COMMA.md §7, PROTOCOL.md §5); {@link #id()} matches {@code published_results.csv}. */
public enum Protocol {
    /** Train on the base half of the classes, test on base and on new classes (§7.1). */
    BASE_TO_NEW("base2new"),
    /** Train on ImageNet, all classes; test on 10 other datasets (§7.2). */
    CROSS_DATASET("xd"),
    /** The cross-dataset checkpoints tested on the four ImageNet variants (§7.3). */
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
