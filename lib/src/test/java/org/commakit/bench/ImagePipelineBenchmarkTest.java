package org.commakit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.commakit.Kit;
import org.junit.jupiter.api.Test;

/** {@code ./kit bench pipeline} on a tiny setting: one line per transform and thread count, with a positive rate. */
class ImagePipelineBenchmarkTest {

    @Test
    void thePipelineCommandPrintsImagesPerSecondForEachTransformAndThreadCount() throws Exception {
        PrintStream old = System.out;
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        System.setOut(new PrintStream(buf, true));
        try {
            Kit.main(new String[] {"bench", "pipeline", "--images", "6", "--size", "32", "--batch", "2", "--epochs",
                "1", "--threads", "1,2"});
        } finally {
            System.setOut(old);
        }
        String out = buf.toString();
        assertTrue(out.startsWith("6 synthetic 500x375 JPEGs"), out);
        List<String> rows = out.lines().filter(l -> l.matches("(train|test) +[12] +[0-9.]+ +[0-9.]+")).toList();
        assertEquals(List.of("train 1", "train 2", "test 1", "test 2"),
                rows.stream().map(l -> l.replaceAll(" +", " ").replaceAll(" [0-9.]+ [0-9.]+$", "")).toList(), out);
        assertTrue(rows.stream().allMatch(l -> Double.parseDouble(l.trim().split(" +")[2]) > 0), out);
    }
}
