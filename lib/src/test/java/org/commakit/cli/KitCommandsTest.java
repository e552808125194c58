package org.commakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line: every command is reachable, and a bad argument is one line with exit status 2. */
class KitCommandsTest {

    record Outcome(int status, String out, String err) {}

    static Outcome kit(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Kit.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void aWorkerCountBelowOneIsOneLineBeforeAnythingRuns() {
        for (String[] args : new String[][] {{"reproduce", "--workers", "0", "--dry-run"},
                {"bench", "reproduce", "--workers", "-2"}}) {
            Outcome o = kit(args);
            assertEquals(2, o.status(), String.join(" ", args) + ": " + o.err());
            assertEquals(1, o.err().strip().lines().count(), o.err());
            assertTrue(o.err().contains("--workers") && o.err().contains("1"), o.err());
            assertTrue(o.out().isEmpty(), "ran before refusing: " + o.out());
        }
    }

    @Test
    void anUnknownBenchScheduleIsOneLineBeforeAnythingRuns() {
        Outcome o = kit("bench", "reproduce", "--schedule", "long");
        assertEquals(2, o.status(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains("unknown mini schedule 'long'") && o.err().contains("papers"), o.err());
        assertTrue(o.out().isEmpty(), "ran before refusing: " + o.out());
    }

    @Test
    void withoutACommandTheUsageListsEveryCommand() {
        Outcome o = kit();
        assertEquals(0, o.status(), o.err());
        for (String c : new String[] {"reproduce", "probe", "sides", "data", "mini", "bench", "rehearse",
                "help"}) {
            assertTrue(o.out().contains("  " + c + " "), c + " missing from:\n" + o.out());
        }
        // the kit script's own commands, which picocli does not know
        assertTrue(o.out().contains("  test ") && o.out().contains("  notebook "), o.out());
    }

    @Test
    void rehearseRefusesAnOutputFolderThatIsAFileOrHoldsAnotherScale(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("file"), "x");
        Outcome o = kit("rehearse", "--out", file.toString());
        assertEquals(2, o.status());
        assertEquals("kit rehearse: --out " + file + " is a file, not a folder; give a folder for the rehearsal (it is "
                + "created when missing)", o.err().strip());
        Path other = Files.createDirectories(tmp.resolve("long"));
        Files.writeString(other.resolve("rehearsal.properties"), "scale=long\nweights_seed=16\n");
        o = kit("rehearse", "--out", other.toString());
        assertEquals(2, o.status());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().contains("holds a rehearsal of another scale") && o.err().contains("give another --out"),
                o.err());
    }

    @Test
    void anUnknownCommandIsOneLineWithStatusTwo() {
        Outcome o = kit("reproduc");
        assertEquals(2, o.status());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().contains("reproduc") && o.err().contains("--help"), o.err());
    }

    @Test
    void probeRefusesADatasetOfTheOtherPresetNamingTheChoices() {
        Outcome o = kit("probe", "--preset", "mini", "--datasets", "Food101");
        assertEquals(2, o.status());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().contains("'Food101' is not a base-to-new dataset of the mini preset")
                && o.err().contains("MiniFood"), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace");
    }

    @Test
    void sidesRefusesAMissingRunFolderAnUnknownProtocolAndAMethodWithoutSides(@TempDir Path tmp) {
        Path missing = tmp.resolve("no-run");
        Outcome o = kit("sides", "--run", missing.toString());
        assertEquals(2, o.status());
        assertEquals("kit sides: --run " + missing + " is not a folder; give the results folder of ./kit reproduce "
                + "(its --out, e.g. results/mini-papers)", o.err().strip());
        o = kit("sides", "--run", tmp.toString(), "--protocol", "fewshot");
        assertEquals(2, o.status());
        assertEquals("kit sides: --protocol fewshot is not known; use xd or base2new", o.err().strip());
        o = kit("sides", "--run", tmp.toString(), "--methods", "CoCoOp");
        assertEquals(2, o.status());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().contains("CoCoOp") && o.err().contains("choose from CoOp, MaPLe, COMMA"), o.err());
        o = kit("sides", "--run", tmp.toString(), "--methods", "MaPLe", "--seeds", "1");
        assertEquals(2, o.status());
        assertEquals(1, o.err().lines().count(), o.err());
        assertTrue(o.err().contains("no xd checkpoint of MaPLe seed 1") && o.err().contains("./kit reproduce "
                + "--protocol xd --methods MaPLe --seeds 1 --out " + tmp), o.err());
        assertFalse(o.err().contains("\tat "), "no stack trace");
    }

    @Test
    void dataCheckOfAFileIsRefusedAndOfAnEmptyRootListsTheMissingDatasets(@TempDir Path tmp) throws Exception {
        Path file = Files.writeString(tmp.resolve("root.txt"), "x");
        Outcome o = kit("data", "check", file.toString());
        assertEquals(2, o.status());
        assertTrue(o.err().contains("is a file, not a folder"), o.err());
        o = kit("data", "check", tmp.toString());
        assertEquals(0, o.status(), o.err());
        assertEquals(15, o.out().lines().filter(l -> l.contains("missing")).count(), o.out());
    }

    @Test
    void miniGenerateNeedsAnOutputFolderAndAScaleInRange(@TempDir Path tmp) {
        Outcome o = kit("mini", "generate");
        assertEquals(2, o.status());
        assertTrue(o.err().contains("--out"), o.err());
        o = kit("mini", "generate", "--out", tmp.toString(), "--scale", "2");
        assertEquals(2, o.status());
        assertTrue(o.err().contains("--scale 2.0 is outside (0, 1]"), o.err());
    }

    @Test
    void anUnknownScheduleOrAMissingMiniClipIsOneLineBeforeAnythingRuns(@TempDir Path tmp) {
        Outcome o = kit("reproduce", "--schedule", "long", "--dry-run");
        assertEquals(2, o.status(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains("'long'") && o.err().contains("papers") && o.err().contains("short"), o.err());
        assertTrue(o.out().isEmpty(), "ran before refusing: " + o.out());
        o = kit("mini", "zeroshot", "--clip", tmp.resolve("none.safetensors").toString());
        assertEquals(2, o.status(), o.err());
        assertEquals(1, o.err().strip().lines().count(), o.err());
        assertTrue(o.err().contains("none.safetensors") && o.err().contains("./kit mini pretrain"), o.err());
        assertTrue(o.out().isEmpty(), "ran before refusing: " + o.out());
    }
}
