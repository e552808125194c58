package org.commakit.data;

import java.nio.file.Path;

/**
 * A dataset described by a CoOp split file: {@code <root>/<folder>/<splitFile>} with entries relative to
 * {@code <root>/<folder>/<imageFolder>} (OxfordPets.read_split). Nine of the eleven benchmarks and every mini-world
 * target dataset are read by this one class.
 */
public record JsonSplitDataset(String name, String folder, String splitFile, String imageFolder, boolean checkFiles)
        implements DatasetReader {

    @Override
    public DatasetSplits read(Path dataRoot) {
        Path dir = FolderDatasets.existing(dataRoot, this);
        return SplitJson.read(name, dir.resolve(splitFile), imageRoot(dataRoot), checkFiles);
    }

    @Override
    public Path imageRoot(Path dataRoot) {
        return imageFolder.isEmpty() ? dataRoot.resolve(folder) : dataRoot.resolve(folder).resolve(imageFolder);
    }
}
