package org.commakit.data;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.commakit.KitException;

/** The 11 benchmarks and 4 ImageNet variants in the CoOp layout, by CoOp NAME (docs/data-protocol.md#layouts-per-dataset). */
public final class Benchmarks {
    private Benchmarks() {}

    private static final Map<String, DatasetReader> READERS = new LinkedHashMap<>();

    static {
        add(new FolderDatasets.ImageNet("ImageNet", "imagenet"));
        add(json("Caltech101", "caltech-101", "101_ObjectCategories"));
        add(json("OxfordPets", "oxford_pets", "images"));
        add(json("StanfordCars", "stanford_cars", ""));
        add(json("OxfordFlowers", "oxford_flowers", "jpg"));
        add(json("Food101", "food-101", "images"));
        add(new FolderDatasets.Aircraft("FGVCAircraft", "fgvc_aircraft"));
        add(json("SUN397", "sun397", "SUN397"));
        add(json("DescribableTextures", "dtd", "images"));
        add(json("EuroSAT", "eurosat", "2750"));
        add(json("UCF101", "ucf101", "UCF-101-midframes"));
        add(new FolderDatasets.ImageNetV2("ImageNetV2", "imagenetv2"));
        add(new FolderDatasets.Variant("ImageNetSketch", "imagenet-sketch", "images"));
        add(new FolderDatasets.Variant("ImageNetA", "imagenet-adversarial", "imagenet-a"));
        add(new FolderDatasets.Variant("ImageNetR", "imagenet-rendition", "imagenet-r"));
    }

    /** The 11 datasets of the base-to-new table, in the papers' row order. */
    public static final List<String> BASE_TO_NEW = List.of("ImageNet", "Caltech101", "OxfordPets", "StanfordCars",
            "OxfordFlowers", "Food101", "FGVCAircraft", "SUN397", "DescribableTextures", "EuroSAT", "UCF101");

    /** The 10 cross-dataset targets. */
    public static final List<String> CROSS_DATASET_TARGETS = BASE_TO_NEW.subList(1, BASE_TO_NEW.size());

    /** The 4 domain-generalization targets. */
    public static final List<String> DOMAIN_GENERALIZATION = List.of("ImageNetV2", "ImageNetSketch", "ImageNetA",
            "ImageNetR");

    private static JsonSplitDataset json(String name, String folder, String images) {
        return new JsonSplitDataset(name, folder, "split_zhou_" + name + ".json", images, true);
    }

    private static void add(DatasetReader r) {
        READERS.put(r.name(), r);
    }

    public static DatasetReader get(String name) {
        DatasetReader r = READERS.get(name);
        if (r != null) {
            return r;
        }
        throw new KitException("unknown dataset '" + name + "'; the benchmarks are " + READERS.keySet()
                + " (the mini world's datasets are in the mini preset's catalog)");
    }

    public static List<String> names() {
        return List.copyOf(READERS.keySet());
    }

    /** The real benchmarks as a {@link DatasetCatalog}: their readers and CoOp's hand-crafted templates. */
    public static DatasetCatalog catalog() {
        return CATALOG;
    }

    private static final DatasetCatalog CATALOG = new DatasetCatalog() {
        @Override
        public List<String> names() {
            return Benchmarks.names();
        }

        @Override
        public DatasetReader reader(String dataset) {
            return get(dataset);
        }

        @Override
        public String template(String dataset) {
            return Templates.coop(dataset);
        }

        @Override
        public String knowledgeTemplate(String dataset) {
            return Templates.knowledge(dataset);
        }
    };
}
