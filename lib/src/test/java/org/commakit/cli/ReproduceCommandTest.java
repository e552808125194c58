package org.commakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.commakit.KitException;
import org.commakit.miniworld.MiniClip;
import org.commakit.miniworld.MiniSchedule;
import org.commakit.train.Method;
import org.commakit.train.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code reproduce} command without training: the full dry run, argument errors, the mini schedule. */
class ReproduceCommandTest {

    private record Outcome(int status, String out, String err) {}

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        String[] all = new String[args.length + 1];
        all[0] = "reproduce";
        System.arraycopy(args, 0, all, 1, args.length);
        int status = Kit.run(all, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void fullDryRunListsEveryJobOfThePaperWithAnEstimateAndNeedsNoDataNorWeights(@TempDir Path tmp) {
        Path out = tmp.resolve("results");
        String before = System.getProperty("comma.data");
        System.setProperty("comma.data", tmp.resolve("no-data-here").toString()); // and no weights anywhere
        Outcome o;
        try {
            o = run("--preset", "full", "--protocol", "all", "--dry-run", "--out", out.toString());
        } finally {
            if (before == null) {
                System.clearProperty("comma.data");
            } else {
                System.setProperty("comma.data", before);
            }
        }
        assertEquals(0, o.status(), o.err());
        String report = o.out();
        // listed jobs per protocol and phase: base-to-new, 11 datasets x (4 trained methods x 3 seeds + zero-shot
        // CLIP once, its evaluation does not depend on the seed); cross-dataset, ImageNet -> 10 targets; domain
        // generalization, the same checkpoints on the 4 ImageNet variants
        Map<String, Long> listed = new java.util.TreeMap<>();
        report.lines().filter(l -> l.matches("\\s*\\d+\\s+\\d+ .*/seed\\d/.*")).forEach(l -> {
            String[] id = l.substring(l.lastIndexOf("  ") + 2).split(" ")[0].split("/");
            listed.merge(id[1] + " " + id[4], 1L, Long::sum);
        });
        assertEquals(Map.of("base2new train-base", 132L, "base2new test-base", 143L, "base2new test-new", 143L,
                "xd train-all", 12L, "xd test-source", 13L, "xd test-target", 130L, "dg test-target", 52L), listed);
        assertTrue(report.contains("Total: 625 jobs in 156 chains; 0 done, 625 to run."), report);
        assertTrue(report.contains("Estimated time to run: ") && report.contains(" for 625 jobs with a cost figure."),
                report);
        assertEquals(11 * 13, report.lines().filter(l -> l.contains("/base2new/") && l.endsWith("/test-new"))
                .count(), "one listed test-new job per dataset, trained method and seed, and zero-shot CLIP");
        // the calibration point of the estimate: COMMA on ImageNet base, 5 epochs x 2,000 steps ~ 1.5 h (RUN.md)
        assertTrue(report.lines().anyMatch(l -> l.contains("1 h 30 min") && l.endsWith(
                "COMMA/base2new/ImageNet/seed1/train-base")), report);
        assertFalse(Files.exists(out), "a dry run writes nothing");
    }

    /** The main job is the papers' protocol; --schedule or -Dcomma.schedule choose the short one. */
    @Test
    void theMiniMainJobRunsThePapersProtocolUnlessTheShortScheduleIsAsked(@TempDir Path tmp) {
        String before = System.getProperty("comma.schedule");
        System.clearProperty("comma.schedule");
        try {
            String[] job = {"--preset", "mini", "--protocol", "base2new", "--methods", "CoOp", "--seeds", "1",
                    "--datasets", "MiniShapes", "--dry-run", "--out", tmp.toString()};
            String papers = run(job).out();
            assertTrue(papers.startsWith("reproduce: preset mini (papers schedule), protocols base2new"), papers);
            String[] shortJob = java.util.Arrays.copyOf(job, job.length + 2);
            shortJob[job.length] = "--schedule";
            shortJob[job.length + 1] = "short";
            String quick = run(shortJob).out();
            assertTrue(quick.startsWith("reproduce: preset mini (short schedule), protocols base2new"), quick);
            // CoOp on MiniShapes' 10 base classes: 16 shots, 200 epochs of batch 32 against 4 shots, 10 epochs
            assertTrue(trainingSeconds(papers) > 20 * trainingSeconds(quick), papers + quick);
            System.setProperty("comma.schedule", "short");
            assertEquals(quick, run(job).out());
        } finally {
            if (before == null) {
                System.clearProperty("comma.schedule");
            } else {
                System.setProperty("comma.schedule", before);
            }
        }
    }

    @Test
    void shardsOfTheDryRunPartitionTheJobs(@TempDir Path tmp) {
        int total = 0;
        for (int i = 0; i < 4; i++) {
            String report = run("--preset", "full", "--dry-run", "--shard", i + "/4", "--out", tmp.toString()).out();
            String line = report.lines().filter(l -> l.startsWith("Total: ")).findFirst().orElseThrow();
            total += Integer.parseInt(line.split(" ")[1]);
        }
        assertEquals(625, total);
    }

    @Test
    void badArgumentsAreNamedWithTheFix() {
        assertError(run("--protocol", "b2n", "--dry-run"), "unknown protocol 'b2n'; use base2new, xd, dg or all");
        assertError(run("--methods", "CoOp,Foo", "--dry-run"), "unknown method 'Foo'; use any of ZeroShotCLIP");
        assertError(run("--preset", "huge", "--dry-run"), "unknown preset 'huge'; use mini");
        assertError(run("--shard", "4/4", "--dry-run"), "Shard 4/4 does not exist: expected index/count");
        assertError(run("--shard", "two", "--dry-run"), "--shard 'two' is not of the form index/count");
        assertError(run("--seeds", "1,x", "--dry-run"), "seed 'x' in --seeds 1,x is not a whole number");
        assertError(run("--preset", "mini", "--datasets", "OxfordPets", "--dry-run"),
                "--datasets names 'OxfordPets', which is not a dataset of the mini preset");
        assertError(run("--set", "epoch=3", "--dry-run"), "unknown training setting 'epoch'");
        assertError(run("--frobnicate", "--dry-run"), "unknown option: '--frobnicate'");
        assertError(run("--out"), "missing required parameter for option '--out'");
    }

    /** The estimate of the dry run's training job, in seconds (DryRun.duration writes "12.3 s" or "4.5 min"). */
    private static double trainingSeconds(String dryRun) {
        String line = dryRun.lines().filter(l -> l.endsWith("/train-base")).findFirst().orElseThrow();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("([0-9.]+) (s|min)\\s").matcher(line);
        assertTrue(m.find(), line);
        return Double.parseDouble(m.group(1)) * (m.group(2).equals("min") ? 60 : 1);
    }

    private static void assertError(Outcome o, String expected) {
        assertEquals(2, o.status(), o.out());
        assertTrue(o.err().contains(expected), "expected '" + expected + "' in:\n" + o.err());
    }

}
