package org.commakit.data;

import java.nio.file.Path;
import java.util.Map;

/** Where datasets live: {@code -Dcomma.data=...}, else {@code $COMMA_DATA}, else {@code ~/.comma/data}. */
public final class DataRoot {
    private DataRoot() {}

    public static Path get() {
        String p = System.getProperty("comma.data");
        if (p == null || p.isBlank()) {
            p = System.getenv("COMMA_DATA");
        }
        return p == null || p.isBlank() ? Path.of(System.getProperty("user.home"), ".comma", "data") : Path.of(p);
    }

    private static final Map<String, String> SCRIPTS = Map.ofEntries(
            Map.entry("ImageNet", "imagenet.sh"), Map.entry("Caltech101", "caltech101.sh"),
            Map.entry("OxfordPets", "oxford_pets.sh"), Map.entry("StanfordCars", "stanford_cars.sh"),
            Map.entry("OxfordFlowers", "oxford_flowers.sh"), Map.entry("Food101", "food101.sh"),
            Map.entry("FGVCAircraft", "fgvc_aircraft.sh"), Map.entry("SUN397", "sun397.sh"),
            Map.entry("DescribableTextures", "dtd.sh"), Map.entry("EuroSAT", "eurosat.sh"),
            Map.entry("UCF101", "ucf101.sh"), Map.entry("ImageNetV2", "imagenetv2.sh"),
            Map.entry("ImageNetSketch", "imagenet_sketch.sh"), Map.entry("ImageNetA", "imagenet_a.sh"),
            Map.entry("ImageNetR", "imagenet_r.sh"));

    /** The data-script under {@code data-scripts/} that prepares a benchmark; null for another name (a mini one). */
    public static String scriptFor(String dataset) {
        return SCRIPTS.get(dataset);
    }

    /**
     * What makes a dataset present: its data-script for a benchmark and the settings that move the data root; for
     * a mini-world dataset, {@code ./kit mini generate}. A sentence starting with a verb, without the final period.
     */
    public static String howToPrepare(String dataset, Path dataRoot) {
        String script = SCRIPTS.get(dataset);
        if (script == null) {
            return "generate the mini world again: ./kit mini generate --out " + dataRoot + " (the mini preset "
                    + "regenerates its own world when it finds it damaged)";
        }
        return "run data-scripts/" + script + ", or point COMMA_DATA (or -Dcomma.data) at the folder that holds the "
                + "datasets";
    }
}
