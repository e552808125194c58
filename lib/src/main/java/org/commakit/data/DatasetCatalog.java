package org.commakit.data;

import java.util.List;

/**
 * The datasets a preset's protocols run on, found by name: each one's reader and hand-crafted templates. The real
 * benchmarks are {@link Benchmarks#catalog()}; the mini world has its own (its {@code MiniDatasets.catalog()}), so
 * this package never needs to know the mini world.
 */
public interface DatasetCatalog {

    /** The names this catalog knows, in table order. */
    List<String> names();

    /** The reader of {@code dataset}; an unknown name is a {@link org.commakit.KitException} listing the known. */
    DatasetReader reader(String dataset);

    /** CoOp's hand-crafted template of {@code dataset}: zero-shot CLIP's single prompt ({@code {}} = class name). */
    String template(String dataset);

    /**
     * The template KgCoOp's and COMMA's frozen reference reads (docs/data-protocol.md, "Templates"): CoOp's, except
     * for DescribableTextures.
     */
    default String knowledgeTemplate(String dataset) {
        return template(dataset);
    }

    /** Whether {@code dataset} is one of {@link #names()}. */
    default boolean has(String dataset) {
        return names().contains(dataset);
    }
}
