package org.commakit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code ./kit data check}: sizes against docs/data-protocol.md#sizes, split files that contradict their data, broken datasets. */
class DataRootCheckTest {

    /** The report's text; {@code bad[0]} receives the number of present datasets that are not ok. */
    static String report(Path root, int[] bad) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        bad[0] = DataRootCheck.report(root, new PrintStream(buf, true));
        return buf.toString();
    }

    static String line(String report, String dataset) {
        return report.lines().filter(l -> l.startsWith(dataset + " ")).findFirst().orElseThrow();
    }

    /** A two-class EuroSAT: folders AnnualCrop and Forest, the split file naming label 1 {@code secondName}. */
    static void tinyEuroSat(Path root, String secondName) throws IOException {
        DatasetLayoutsTest.splitFile(root.resolve("eurosat/split_zhou_EuroSAT.json"), root.resolve("eurosat/2750"),
                new String[][] {{"AnnualCrop/AnnualCrop_1.jpg", "0", "Annual Crop Land"},
                    {"Forest/Forest_1.jpg", "1", secondName}},
                new String[][] {{"Forest/Forest_2.jpg", "1", secondName}},
                new String[][] {{"AnnualCrop/AnnualCrop_3.jpg", "0", "Annual Crop Land"}});
    }

    @Test
    void anEmptyRootListsEveryDatasetAsMissingWithItsScriptAndExpectedSizes(@TempDir Path root) {
        int[] bad = new int[1];
        String out = report(root, bad);
        assertEquals(0, bad[0]);
        assertEquals(15, out.lines().filter(l -> l.matches("\\S+ +missing .*")).count(), out);
        assertTrue(line(out, "EuroSAT").endsWith("10/13500/5400/8100  (run data-scripts/eurosat.sh)"), out);
        assertTrue(line(out, "ImageNetA").contains("200/-/-/7500"), out);
        assertTrue(line(out, "SUN397").contains("397/15880/3970/19850"), out);
    }

    @Test
    void aPresentDatasetIsComparedWithTheTableAndWithItsOwnFiles(@TempDir Path root) throws IOException {
        tinyEuroSat(root, "Forest");
        int[] bad = new int[1];
        String sat = line(report(root, bad), "EuroSAT");
        assertEquals(1, bad[0]);
        assertTrue(sat.matches("EuroSAT +MISMATCH +2 +2 +1 +1 +10/13500/5400/8100"), sat);

        tinyEuroSat(root, "Woods"); // label 1's folder is Forest, renamed "Forest"
        sat = line(report(root, bad), "EuroSAT");
        assertEquals(1, bad[0]);
        assertTrue(sat.startsWith("EuroSAT              DIFFERS") && sat.endsWith(
                "(label 1: dataset files say \"Forest\", the split file \"Woods\")"), sat);
    }

    @Test
    void aDatasetWithAMissingSplitFileOrImageIsAnErrorLineNotACrash(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("oxford_pets"));
        tinyEuroSat(root, "Forest");
        Files.delete(root.resolve("eurosat/2750/Forest/Forest_2.jpg"));
        int[] bad = new int[1];
        String out = report(root, bad);
        assertEquals(2, bad[0]);
        String pets = line(out, "OxfordPets");
        assertTrue(pets.contains("ERROR") && pets.contains("split_zhou_OxfordPets.json not found"), pets);
        String sat = line(out, "EuroSAT");
        assertTrue(sat.contains("ERROR") && sat.contains(root.resolve("eurosat/2750/Forest/Forest_2.jpg") + " (val entry 0"),
                sat);
        assertTrue(out.endsWith("2 dataset(s) present but not as expected (see the lines above).\n"), out);
    }
}
