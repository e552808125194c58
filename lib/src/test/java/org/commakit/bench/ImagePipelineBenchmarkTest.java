package org.commakit.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./kit bench pipeline} on a tiny setting: one line per transform and thread count with positive rates, and
 * Pillow's figures beside them from the Python it is given (here a stand-in script printing fixed rates), or a note
 * saying why they are missing.
 */
class ImagePipelineBenchmarkTest {

    static String run(String python) throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        ImagePipelineBenchmark.run(6, 32, 2, 1, new int[] {1, 2}, python, new PrintStream(buf, true));
        return buf.toString();
    }

    static List<String> rows(String out) {
        return out.lines().filter(l -> l.matches("(train|test) +[12] +[0-9.]+ +[0-9.]+ +[0-9.]+ .*")).toList();
    }

    @Test
    void thePipelineCommandPrintsImagesPerSecondForEachTransformAndThreadCount() throws Exception {
        String out = run(null);
        assertTrue(out.startsWith("6 synthetic 500x375 JPEGs"), out);
        List<String> rows = rows(out);
        assertEquals(List.of("train 1", "train 2", "test 1", "test 2"),
                rows.stream().map(l -> String.join(" ", List.of(l.trim().split(" +")).subList(0, 2))).toList(), out);
        for (String row : rows) {
            String[] f = row.trim().split(" +");
            assertTrue(Double.parseDouble(f[2]) > 0 && Double.parseDouble(f[3]) > 0 && Double.parseDouble(f[4]) > 0,
                    row);
            assertTrue(row.endsWith("-"), "no Pillow figures without a Python: " + row);
        }
        assertTrue(out.contains("Pillow + torchvision: skipped (--python none)"), out);
    }

    @Test
    void pillowsRatesFromThePythonStandBesideTheKitsWithTheRatioPerCpuSecond(@TempDir Path tmp) throws Exception {
        Path fake = tmp.resolve("python");
        Files.writeString(fake, """
                #!/bin/sh
                [ "$1" = -c ] && exit 0
                for t in train test; do echo "pillow $t 1 100.0 50.0"; echo "pillow $t 2 180.0 40.0"; done
                """);
        Files.setPosixFilePermissions(fake, PosixFilePermissions.fromString("rwx------"));
        String out = run(fake.toString());
        List<String> rows = rows(out);
        assertEquals(4, rows.size(), out);
        for (String row : rows) {
            String[] f = row.trim().split(" +");
            boolean one = f[1].equals("1");
            assertEquals(one ? "100.0" : "180.0", f[5], row);
            assertEquals(one ? "50.0" : "40.0", f[6], row);
            assertEquals(String.format("%.2f", Double.parseDouble(f[3]) / (one ? 50.0 : 40.0)), f[7], row);
        }
        assertTrue(out.contains("DataLoader with <threads> worker processes"), out);

        Path without = tmp.resolve("python-without-torch");
        Files.writeString(without, "#!/bin/sh\nexit 1\n");
        Files.setPosixFilePermissions(without, PosixFilePermissions.fromString("rwx------"));
        assertTrue(run(without.toString()).contains("Pillow + torchvision: skipped (" + without
                + " lacks torch, torchvision or Pillow)"));
        assertTrue(run(tmp.resolve("nowhere").toString()).contains("Pillow + torchvision: skipped (" + tmp.resolve(
                "nowhere") + " cannot be run"));
    }
}
