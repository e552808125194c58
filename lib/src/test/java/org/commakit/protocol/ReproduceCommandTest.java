package org.commakit.protocol;

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
import org.commakit.data.mini.MiniClip;
import org.commakit.train.MiniSchedule;
import org.commakit.train.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The {@code reproduce} command without training: the full dry run, argument errors, the mini schedule. */
class ReproduceCommandTest {

    private record Outcome(int status, String out, String err) {}

    private static Outcome run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = ReproduceCommand.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
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
        assertError(run("--frobnicate", "--dry-run"), "unknown option '--frobnicate'");
        assertError(run("--out"), "--out needs a value, e.g. --out results/mini");
    }

    private static void assertError(Outcome o, String expected) {
        assertEquals(2, o.status(), o.out());
        assertTrue(o.err().contains(expected), "expected '" + expected + "' in:\n" + o.err());
    }

    @Test
    void miniScheduleChangesOnlyShotsEpochsBatchAndDepthAndFitsMiniClip() {
        int blocks = MiniClip.config(1000).textLayers();
        for (String method : TrainConfig.METHODS) {
            for (boolean xd : new boolean[] {false, true}) {
                TrainConfig mini = MiniSchedule.config(method, xd, "MiniShapes", 2);
                Map<String, String> reference = TrainConfig.preset(method, xd, 16, "MiniShapes").asMap();
                Set<String> changed = new TreeSet<>();
                mini.asMap().forEach((k, v) -> {
                    if (!v.equals(reference.get(k))) {
                        changed.add(k);
                    }
                });
                assertTrue(Set.of("shots", "epochs", "batchSize", "depth", "seed").containsAll(changed),
                        method + " " + changed);
                assertTrue(mini.depth() <= blocks, method + " depth " + mini.depth() + " > " + blocks);
                assertEquals(MiniSchedule.SHOTS, mini.shots());
                assertEquals(2, mini.seed());
            }
        }
        assertFalse(org.commakit.Preset.MINI.augmentsTraining(), "the mini world trains on the test transform");
        assertTrue(org.commakit.Preset.FULL.augmentsTraining());
        assertEquals(3, MiniSchedule.config("COMMA", false, "MiniShapes", 1).depth());
        assertEquals(0.0035f, MiniSchedule.config("COMMA", false, "MiniShapes", 1).lr(), "reference lr kept");
    }

    @Test
    void withoutAugmentationTheTrainTransformIsTheTestTransform() {
        java.awt.image.BufferedImage img = new java.awt.image.BufferedImage(40, 30,
                java.awt.image.BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < 30; y++) {
            for (int x = 0; x < 40; x++) {
                img.setRGB(x, y, (x * 6) << 16 | (y * 8) << 8 | (x + y));
            }
        }
        org.commakit.clip.ImagePreprocess pre = new org.commakit.clip.ImagePreprocess(32);
        float[] test = pre.testTransform(img);
        org.junit.jupiter.api.Assertions.assertArrayEquals(test,
                pre.withoutAugmentation().trainTransform(img, new java.util.SplittableRandom(5)));
        assertFalse(java.util.Arrays.equals(test, pre.trainTransform(img, new java.util.SplittableRandom(5))),
                "the reference train transform crops at random");
    }

    @Test
    void aRerunWithOtherSettingsIsRefusedNamingTheSetting(@TempDir Path folder) {
        RunManifest.check(folder, Map.of("preset", "mini", "settings.COMMA.base2new", "epochs=3"));
        RunManifest.check(folder, Map.of("preset", "mini", "settings.CoOp.base2new", "epochs=10")); // added
        KitException e = org.junit.jupiter.api.Assertions.assertThrows(KitException.class,
                () -> RunManifest.check(folder, Map.of("settings.COMMA.base2new", "epochs=1",
                        "settings.CoOp.base2new", "epochs=10")));
        assertTrue(e.getMessage().contains("settings.COMMA.base2new: recorded epochs=3, now epochs=1")
                && e.getMessage().contains("Use another --out folder"), e.getMessage());
        assertFalse(e.getMessage().contains("CoOp"), e.getMessage());
        assertEquals(List.of("# What the results in this folder were made with (COMMA kit, reproduce). A rerun must "
                + "match.", "preset=mini", "settings.COMMA.base2new=epochs\\=3",
                "settings.CoOp.base2new=epochs\\=10"), readLines(folder.resolve(RunManifest.FILE)));
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
