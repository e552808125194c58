package org.commakit.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalDouble;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.Table;

class PublishedResultsTest {

    @Test
    void bundledCopyIsByteIdenticalToTheSpecFile() throws IOException {
        Path spec = Path.of(System.getProperty("kit.root")).resolve("../shared/spec/published_results.csv");
        try (InputStream in = PublishedResults.class.getResourceAsStream(PublishedResults.RESOURCE)) {
            assertArrayEquals(Files.readAllBytes(spec), in.readAllBytes());
        }
    }

    @Test
    void readsEveryRowWithItsProvenanceAndLeavesEmptyCellsEmpty() {
        PublishedResults published = PublishedResults.load();
        assertEquals(11, published.all().size());

        PublishedResult comma = published.find(Method.COMMA, Protocol.BASE_TO_NEW, "Average").orElseThrow();
        assertEquals(OptionalDouble.of(82.42), comma.baseAccuracy());
        assertEquals(OptionalDouble.of(75.87), comma.newAccuracy());
        assertEquals(OptionalDouble.of(79.04), comma.harmonicMean(), "the HM is kept as reported");
        assertEquals(OptionalInt.of(5), comma.epochs());
        assertEquals("COMMA README (HM of its own B/N averages is 79.01)", comma.source());

        PublishedResult clip = published.find(Method.ZERO_SHOT_CLIP, Protocol.BASE_TO_NEW, "Average").orElseThrow();
        assertEquals("CLIP", clip.method());
        assertEquals(OptionalDouble.of(69.34), clip.baseAccuracy());
        assertEquals(OptionalInt.empty(), clip.epochs());
        assertEquals(OptionalDouble.empty(), clip.accuracy());

        assertFalse(published.find(Method.COMMA, Protocol.BASE_TO_NEW, "OxfordPets").isPresent());
        assertFalse(published.find(Method.COMMA, Protocol.CROSS_DATASET, "Average").isPresent());
    }

    @Test
    void tableViewKeepsEmptyCellsMissing() {
        Table t = PublishedResults.load().asTable();
        assertEquals(11, t.rowCount());
        assertEquals(11, t.doubleColumn("accuracy").countMissing());
        assertEquals(2, t.intColumn("epochs").countMissing()); // CLIP and ProDA
        assertEquals("ProDA", t.stringColumn("method").get(6));
        assertTrue(t.stringColumn("source").get(6).contains("inconsistent"));
    }

    @Test
    void userCopyWithAccuracyColumnAndPaperDatasetNamesIsMatched(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("mine.csv");
        Files.writeString(csv, """
                method,protocol,dataset,base,new,hm,epochs,source,accuracy
                MaPLe,xd,DTD,,,,2,"test fixture, not a paper number",12.34
                MaPLe,base2new,Flowers102,11.11,22.22,14.81,5,test fixture,
                """);
        PublishedResults mine = PublishedResults.read(csv);
        PublishedResult xd = mine.find(Method.MAPLE, Protocol.CROSS_DATASET, "DescribableTextures").orElseThrow();
        assertEquals(OptionalDouble.of(12.34), xd.accuracy());
        assertEquals("test fixture, not a paper number", xd.source());
        assertEquals(OptionalDouble.of(11.11),
                mine.find(Method.MAPLE, Protocol.BASE_TO_NEW, "OxfordFlowers").orElseThrow().baseAccuracy());
    }

    @Test
    void aCellThatIsNotANumberIsReportedWithItsLine(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve("bad.csv");
        Files.writeString(csv, "method,protocol,dataset,base,new,hm,epochs,source\nCoOp,base2new,Average,n/a,1,1,,x\n");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> PublishedResults.read(csv));
        assertTrue(e.getMessage().contains("bad.csv:2"), e.getMessage());
        assertTrue(e.getMessage().contains("'n/a'"), e.getMessage());
    }
}
