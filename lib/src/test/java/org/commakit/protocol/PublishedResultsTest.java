package org.commakit.protocol;

import org.commakit.train.Method;
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
    void bundledFileHoldsThePerDatasetAndTransferTablesWithASourceForEveryRow() {
        PublishedResults published = PublishedResults.load();
        assertEquals(105, published.all().size());
        assertTrue(published.all().stream().allMatch(r -> !r.source().isBlank()), "every row names its source");
        for (Method m : new Method[] {Method.ZERO_SHOT_CLIP, Method.COOP, Method.COCOOP, Method.MAPLE}) {
            for (String d : ProtocolDatasets.paper().baseToNew()) {
                assertTrue(published.find(m, Protocol.BASE_TO_NEW, d).isPresent(), m + " " + d);
            }
        }
        for (Method m : new Method[] {Method.COOP, Method.COCOOP, Method.MAPLE}) {
            for (String d : ProtocolDatasets.paper().crossDatasetTargets()) {
                assertTrue(published.find(m, Protocol.CROSS_DATASET, d).orElseThrow().accuracy().isPresent(), m + d);
            }
            for (String d : ProtocolDatasets.paper().domainShiftTargets()) {
                assertTrue(published.find(m, Protocol.DOMAIN_GENERALIZATION, d).orElseThrow().accuracy().isPresent(),
                        m + d);
            }
        }
        // cells read from the papers' tables, in the file's spellings (Flowers102, DTD, ImageNet-Sketch)
        assertEquals(OptionalDouble.of(97.60),
                published.find(Method.COOP, Protocol.BASE_TO_NEW, "OxfordFlowers").orElseThrow().baseAccuracy());
        assertEquals(OptionalDouble.of(48.75), published.find(Method.COCOOP, Protocol.DOMAIN_GENERALIZATION,
                "ImageNetSketch").orElseThrow().accuracy());
        assertFalse(published.find(Method.COMMA, Protocol.BASE_TO_NEW, "OxfordPets").isPresent(),
                "COMMA's per-dataset table could not be read");
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
