package org.commakit.data;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import org.commakit.KitException;

/**
 * {@code ./kit data check [dataRoot]}: reads every benchmark under a data root and prints its classes and split sizes
 * beside the expected ones (docs/data-protocol.md#sizes), compares each split file's class names with those the dataset's own
 * files give (docs/data-protocol.md#class-names), and marks missing datasets with the data-script that prepares them. Exits with
 * status 1 when a present dataset does not match.
 */
public final class DataRootCheck {
    private DataRootCheck() {}

    /** Expected classes, train, val, test (val = test for ImageNet; -1 where the split does not exist). */
    static final Map<String, int[]> EXPECTED = new LinkedHashMap<>();

    static {
        EXPECTED.put("ImageNet", new int[] {1000, -1, -1, 50000});
        EXPECTED.put("Caltech101", new int[] {100, 4128, 1649, 2465});
        EXPECTED.put("OxfordPets", new int[] {37, 2944, 736, 3669});
        EXPECTED.put("StanfordCars", new int[] {196, 6509, 1635, 8041});
        EXPECTED.put("OxfordFlowers", new int[] {102, 4093, 1633, 2463});
        EXPECTED.put("Food101", new int[] {101, 50500, 20200, 30300});
        EXPECTED.put("FGVCAircraft", new int[] {100, 3334, 3333, 3333});
        EXPECTED.put("SUN397", new int[] {397, 15880, 3970, 19850});
        EXPECTED.put("DescribableTextures", new int[] {47, 2820, 1128, 1692});
        EXPECTED.put("EuroSAT", new int[] {10, 13500, 5400, 8100});
        EXPECTED.put("UCF101", new int[] {101, 7639, 1898, 3783});
        EXPECTED.put("ImageNetV2", new int[] {1000, -1, -1, 10000});
        EXPECTED.put("ImageNetSketch", new int[] {1000, -1, -1, 50889});
        EXPECTED.put("ImageNetA", new int[] {200, -1, -1, 7500});
        EXPECTED.put("ImageNetR", new int[] {200, -1, -1, 30000});
    }

    /**
     * Prints one line per dataset: "ok", "MISMATCH" (sizes differ from the table), "DIFFERS" (the split file's class
     * names contradict the dataset's own files, {@link ClassnameRules}), "ERROR" (present but unreadable) or
     * "missing" (with its data-script). Returns the number of present datasets that are not ok.
     */
    public static int report(Path root, PrintStream out) {
        out.println("data root: " + root);
        out.printf("%-20s %-9s %8s %8s %8s %8s  %s%n", "dataset", "status", "classes", "train", "val", "test",
                "expected (classes/train/val/test)");
        int bad = 0;
        for (Map.Entry<String, int[]> e : EXPECTED.entrySet()) {
            int[] x = e.getValue();
            String expected = x[0] + "/" + (x[1] < 0 ? "-" : x[1]) + "/" + (x[2] < 0 ? "-" : x[2]) + "/" + x[3];
            DatasetReader reader = Benchmarks.get(e.getKey());
            if (!Files.isDirectory(root.resolve(reader.folder()))) {
                out.printf("%-20s %-9s %8s %8s %8s %8s  %s  (run data-scripts/%s)%n", e.getKey(), "missing", "-", "-",
                        "-", "-", expected, DataRoot.scriptFor(e.getKey()));
                continue;
            }
            try {
                DatasetSplits s = reader.read(root);
                boolean splitsOk = x[1] < 0 || (s.train().size() == x[1] && s.val().size() == x[2]);
                boolean sizesOk = s.numClasses() == x[0] && s.test().size() == x[3] && splitsOk;
                Optional<String> differs = ClassnameRules.fromLayout(e.getKey(), root.resolve(reader.folder()),
                        reader.imageRoot(root)).flatMap(names -> ClassnameRules.disagreement(s.classnames(), names));
                String status = differs.isPresent() ? "DIFFERS" : sizesOk ? "ok" : "MISMATCH";
                bad += status.equals("ok") ? 0 : 1;
                out.printf("%-20s %-9s %8d %8d %8d %8d  %s%s%n", e.getKey(), status, s.numClasses(), s.train().size(),
                        s.val().size(), s.test().size(), expected, differs.map(d -> "  (" + d + ")").orElse(""));
            } catch (RuntimeException ex) { // one unreadable dataset never hides the report of the others
                bad++;
                String why = ex instanceof KitException ? ex.getMessage() : "unexpected " + ex.getClass()
                        .getSimpleName() + ": " + ex.getMessage();
                out.printf("%-20s %-9s %8s %8s %8s %8s  %s  (%s)%n", e.getKey(), "ERROR", "-", "-", "-", "-",
                        expected, why.strip().replaceAll("\\s*\\R\\s*", " "));
            }
        }
        if (bad > 0) {
            out.println(bad + " dataset(s) present but not as expected (see the lines above).");
        }
        return bad;
    }
}
