package org.commakit.protocol;

import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The methods the protocols compare (COMMA.md §8.1). {@link #id()} is the name the kit writes into job lists, result
 * files and table headers; {@link #publishedName()} is the row name in {@code published_results.csv}.
 */
public enum Method {
    /** CLIP with the hand-crafted CUSTOM template, no training ({@code ZeroshotCLIP}, PROTOCOL.md §5). */
    ZERO_SHOT_CLIP("ZeroShotCLIP", "CLIP", false),
    COOP("CoOp", "CoOp", true),
    COCOOP("CoCoOp", "CoCoOp", true),
    KGCOOP("KgCoOp", "KgCoOp", true),
    MAPLE("MaPLe", "MaPLe", true),
    COMMA("COMMA", "COMMA", true);

    private final String id;
    private final String publishedName;
    private final boolean trains;

    Method(String id, String publishedName, boolean trains) {
        this.id = id;
        this.publishedName = publishedName;
        this.trains = trains;
    }

    /** The kit's name: job lists, result files, table columns. */
    public String id() {
        return id;
    }

    /** The method's row name in the published results (e.g. zero-shot CLIP is {@code CLIP} there). */
    public String publishedName() {
        return publishedName;
    }

    /** Whether the method learns prompts; a method that does not has evaluation jobs only. */
    public boolean trains() {
        return trains;
    }

    /** The five methods of the COMMA paper's tables: zero-shot CLIP, CoOp, CoCoOp, MaPLe, COMMA (KgCoOp is optional). */
    public static List<Method> paperMethods() {
        return List.of(ZERO_SHOT_CLIP, COOP, COCOOP, MAPLE, COMMA);
    }

    /** The method whose {@link #id()} is {@code id} (exact spelling). */
    public static Method fromId(String id) {
        for (Method m : values()) {
            if (m.id.equals(id)) {
                return m;
            }
        }
        throw new IllegalArgumentException("Unknown method '" + id + "'. Expected one of "
                + Arrays.stream(values()).map(Method::id).collect(Collectors.joining(", ")) + ".");
    }
}
