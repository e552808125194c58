package org.commakit.data;

import java.nio.file.Path;

/** Reads one dataset in the CoOp layout under a data root. */
public interface DatasetReader {

    /** The CoOp NAME (the key of the templates, e.g. "OxfordPets"). */
    String name();

    /** The dataset's folder under the data root. */
    String folder();

    DatasetSplits read(Path dataRoot);

    /** The folder split entries and few-shot caches are relative to. */
    Path imageRoot(Path dataRoot);
}
