package org.commakit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code ./kit bench pipeline} on a tiny setting: one line per transform and thread count, with a positive rate. */
class ImagePipelineBenchmarkTest {

    @Test
    void thePipelineCommandPrintsImagesPerSecondForEachTransformAndThreadCount() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ImagePipelineBenchmark.run(6, 32, 2, 1, new int[] {1, 2}, new PrintStream(buf, true));
        String out = buf.toString();
        assertTrue(out.startsWith("6 synthetic 500x375 JPEGs"), out);
        List<String> rows = out.lines().filter(l -> l.matches("(train|test) +[12] +[0-9.]+ +[0-9.]+")).toList();
        assertEquals(List.of("train 1", "train 2", "test 1", "test 2"),
                rows.stream().map(l -> l.replaceAll(" +", " ").replaceAll(" [0-9.]+ [0-9.]+$", "")).toList(), out);
        assertTrue(rows.stream().allMatch(l -> Double.parseDouble(l.trim().split(" +")[2]) > 0), out);
    }
}
