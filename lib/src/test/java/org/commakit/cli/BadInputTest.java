package org.commakit.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.commakit.KitException;
import org.commakit.clip.ClipConfig;
import org.commakit.clip.ClipTokenizer;
import org.commakit.clip.ClipWeights;
import org.commakit.data.SplitJson;
import org.commakit.miniworld.MiniClip;
import org.commakit.miniworld.MiniWorld;
import org.commakit.protocol.Preset;
import org.commakit.protocol.Protocol;
import org.commakit.protocol.Reproduce;
import org.commakit.protocol.ReproduceOptions;
import org.commakit.protocol.ResultRow;
import org.commakit.protocol.ResultStore;
import org.commakit.protocol.RunFolder;
import org.commakit.train.Method;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad input and faults against {@code ./kit} (issue 18): each case asserts the exit status (2: the user's to fix),
 * one line on stderr naming the file or value and the fix, no stack trace, and an output folder with nothing
 * half-written (no {@code *.tmp}, a readable {@code results.csv}, no manifest left by a run that failed before storing
 * anything). The runs are in-process ({@link Kit#run}) on a tenth-scale mini world with a tiny random CLIP (2 blocks,
 * width 64); cases that need a JVM of their own (no java on PATH, an unwritable HOME, two processes) are
 * {@code BadInputProcessTest} in the tests module. docs/faults.md lists every case.
 *
 * <p>Full disks are tmpfs mounts made by the test and read-only folders read-only bind mounts when the tests run as
 * root (chmod does not stop root); without the permission those cases are skipped (JUnit assumptions), and a read-only
 * folder falls back to chmod for other users.
 */
class BadInputTest {

    @TempDir
    static Path tmp;
    static Path world;
    static Path clip;
    private static final Map<String, String> SAVED = new java.util.HashMap<>();

    @BeforeAll
    static void tinyWorldAndClip() throws IOException {
        world = tmp.resolve("world");
        MiniWorld.generate(world, MiniWorld.DEFAULT_SEED, new MiniWorld.Options(0.1, 2, null));
        clip = tinyClip("tiny-clip.safetensors", false);
        // the mini preset's vocabulary is copied beside -Dcomma.mini; -Dcomma.clip replaces MiniCLIP
        setProperty("comma.mini", tmp.resolve("mini-home").toString());
        setProperty("comma.clip", clip.toString());
    }

    @AfterAll
    static void restoreProperties() {
        SAVED.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    private static void setProperty(String key, String value) {
        SAVED.putIfAbsent(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    /** A random CLIP of 2 blocks, width 64, for the committed mini vocabulary; with {@code nan}, logit_scale NaN. */
    static Path tinyClip(String name, boolean nan) throws IOException {
        Path vocab = MiniClip.vocabulary(tmp.resolve("vocab"));
        int vocabSize = ClipTokenizer.load(vocab).vocabSize();
        Path file = tmp.resolve(name);
        ClipConfig config = new ClipConfig(32, 32, 8, 64, 2, 1, 77, vocabSize, 64, 2, 1);
        try (ClipWeights w = ClipWeights.initialize(config, 11, Device.cpu(), DataType.FLOAT32)) {
            if (nan) {
                w.fp32("logit_scale").set(new NDIndex("..."), Float.NaN);
            }
            w.save(file, Map.of("model", "tiny"));
        }
        return file;
    }

    // -----------------------------------------------------------------------------------------------------------
    // Running the kit and checking what it left

    record Outcome(int status, String out, String err) {}

    static Outcome kit(List<String> args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Kit.run(args.toArray(new String[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Outcome(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    static Outcome kit(String... args) {
        return kit(List.of(args));
    }

    /** The kit with {@code -Dcomma.clip} pointing at another CLIP checkpoint for this one call. */
    static Outcome kitWithClip(Path clipFile, List<String> args) {
        try {
            System.setProperty("comma.clip", clipFile.toString());
            return kit(args);
        } finally {
            System.setProperty("comma.clip", clip.toString());
        }
    }

    static List<String> plus(List<String> args, String... more) {
        List<String> all = new ArrayList<>(args);
        all.addAll(Arrays.asList(more));
        return all;
    }

    /** Zero-shot CLIP on MiniShapes, base-to-new: two test jobs, no training. */
    static List<String> zeroShot(Path out, Path data) {
        return List.of("reproduce", "--preset", "mini", "--protocol", "base2new", "--methods", "ZeroShotCLIP",
                "--seeds", "1", "--datasets", "MiniShapes", "--data", data.toString(), "--out", out.toString(),
                "--no-plots");
    }

    /** COMMA on MiniShapes, base-to-new, depth 1, one epoch of 1 shot: train, test base, test new. */
    static List<String> comma(Path out, Path data, String... settings) {
        List<String> a = new ArrayList<>(List.of("reproduce", "--preset", "mini", "--protocol", "base2new",
                "--methods", "COMMA", "--seeds", "1", "--datasets", "MiniShapes", "--data", data.toString(),
                "--out", out.toString(), "--no-plots", "--set", "depth=1", "--set", "epochs=1", "--set", "batchSize=4",
                "--set", "shots=1"));
        for (String s : settings) {
            a.add("--set");
            a.add(s);
        }
        return a;
    }

    /** Exit status 2, one line "kit <command>: ..." holding every fragment, no stack trace. */
    static void assertRefused(Outcome o, String... fragments) {
        assertEquals(2, o.status(), "exit status; stderr:\n" + o.err() + "\nstdout:\n" + o.out());
        List<String> lines = o.err().lines().toList();
        assertEquals(1, lines.size(), "one line on stderr:\n" + o.err());
        assertTrue(lines.get(0).startsWith("kit "), lines.get(0));
        assertNoStackTrace(o);
        for (String f : fragments) {
            assertTrue(lines.get(0).contains(f), "'" + f + "' missing from:\n" + lines.get(0));
        }
    }

    static void assertNoStackTrace(Outcome o) {
        for (String s : List.of(o.out(), o.err())) {
            assertFalse(s.contains("\tat ") || s.contains("Exception in thread") || s.contains("Caused by:"),
                    "a stack trace:\n" + s);
        }
    }

    /** No temporary file or folder anywhere under {@code out}, and a results file that reads. */
    static void assertNothingHalfWritten(Path out) throws IOException {
        if (!Files.exists(out)) {
            return;
        }
        try (Stream<Path> all = Files.walk(out)) {
            List<Path> temps = all.filter(p -> {
                String n = p.getFileName().toString();
                return n.endsWith(".tmp") || n.endsWith(".part");
            }).toList();
            assertEquals(List.of(), temps, "temporary files left under " + out);
        }
        ResultStore.read(out.resolve(Reproduce.RESULTS));
    }

    static List<ResultRow> rows(Path out) {
        return ResultStore.read(out.resolve(Reproduce.RESULTS));
    }

    /** A copy of the tiny world to damage. */
    static Path copyOfWorld(String name) throws IOException {
        Path copy = tmp.resolve(name);
        try (Stream<Path> all = Files.walk(world)) {
            for (Path p : all.toList()) {
                Path to = copy.resolve(world.relativize(p).toString());
                if (Files.isDirectory(p)) {
                    Files.createDirectories(to);
                } else {
                    Files.copy(p, to, StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return copy;
    }

    static Path shapesSplit(Path root) {
        return root.resolve("mini-shapes/split_zhou_MiniShapes.json");
    }

    // -----------------------------------------------------------------------------------------------------------
    // 1-5: silent wrong results

    @Test
    void aSeedInSetIsRefusedSinceSeedsAreTheirOwnJobs() throws IOException {
        Path out = tmp.resolve("seed-in-set");
        Outcome o = kit(plus(comma(out, world), "--set", "seed=5"));
        assertRefused(o, "--set seed=5", "seeds are --seeds", "--seeds 5");
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void aRerunIntoTheSameFolderWithAnotherWorldIsRefusedNamingTheDataKey() throws IOException {
        Path out = tmp.resolve("two-worlds");
        Outcome first = kit(zeroShot(out, world));
        assertEquals(0, first.status(), first.err());
        List<ResultRow> before = rows(out);
        String manifest = Files.readString(out.resolve("reproduce.properties"));
        assertTrue(manifest.contains("data.miniWorld=generator " + MiniWorld.GENERATOR_VERSION + ", seed 1, scale 0.1,")
                && manifest.contains("data.MiniShapes="), manifest);

        // the same world generated with another seed (its marker says so)
        Path otherSeed = copyOfWorld("world-seed-2");
        Path marker = otherSeed.resolve(MiniWorld.MARKER);
        Files.writeString(marker, Files.readString(marker).replace("seed=1", "seed=2"));
        Files.delete(out.resolve(Reproduce.RESULTS)); // one job left to run, so the data is looked at
        ResultStore.open(out.resolve(Reproduce.RESULTS)).append(before.get(0));
        Outcome o = kit(zeroShot(out, otherSeed));
        assertRefused(o, "data.miniWorld=generator " + MiniWorld.GENERATOR_VERSION + ", seed 1",
                "this run has data.miniWorld=generator " + MiniWorld.GENERATOR_VERSION + ", seed 2",
                "give the data root (--data, COMMA_DATA, COMMA_MINI) those results were made with");
        assertEquals(List.of(before.get(0)), rows(out), "no row of the other world");

        // a real data root without a marker: another split file is another dataset
        Path edited = copyOfWorld("world-edited-split");
        Files.delete(edited.resolve(MiniWorld.MARKER));
        Files.writeString(shapesSplit(edited), Files.readString(shapesSplit(edited)) + "\n");
        Outcome e = kit(zeroShot(tmp.resolve("two-worlds-b"), edited));
        assertEquals(0, e.status(), e.err());
        o = kit(zeroShot(tmp.resolve("two-worlds-b"), world));
        assertEquals(0, o.status(), "nothing left to run: the data is not needed");
        Files.delete(tmp.resolve("two-worlds-b").resolve(Reproduce.RESULTS));
        o = kit(zeroShot(tmp.resolve("two-worlds-b"), world));
        assertRefused(o, "data.MiniShapes=", "this run has data.MiniShapes=");
        assertNothingHalfWritten(out);
    }

    @Test
    void splitLabelsOutsideTheTrainLabelsAreRefusedInBaseToNewAndCrossDataset() throws IOException {
        Path root = copyOfWorld("world-label-99");
        String text = Files.readString(shapesSplit(root));
        int test = text.indexOf("\"test\": [");
        java.util.regex.Matcher firstTest = java.util.regex.Pattern.compile("\"test\": \\[\\s*\\[\\s*(\"[^\"]*\")")
                .matcher(text);
        assertTrue(firstTest.find());
        Files.writeString(shapesSplit(root), text.substring(0, test + 9) + "\n        [\n            "
                + firstTest.group(1) + ",\n            99,\n            \"ghost\"\n        ],"
                + text.substring(test + 9));
        int line = (int) text.substring(0, test).lines().count() + 1; // the line of the entry's "["
        String where = shapesSplit(root) + " line " + line + " (test entry 0): label 99 (\"ghost\") is not a label "
                + "of the train split (0..";
        Path out = tmp.resolve("label-99");
        assertRefused(kit(zeroShot(out, root)), "job ZeroShotCLIP/base2new/MiniShapes/seed1/test-base: ", where,
                "Correct the entry, or generate the mini world again");
        Path xd = tmp.resolve("label-99-xd");
        Outcome o = kit("reproduce", "--preset", "mini", "--protocol", "xd", "--methods", "ZeroShotCLIP", "--seeds",
                "1", "--datasets", "MiniShapes", "--data", root.toString(), "--out", xd.toString(), "--no-plots");
        assertRefused(o, "job ZeroShotCLIP/xd/MiniShapes/seed1/test-target: ", where);
        assertTrue(rows(out).isEmpty() && rows(xd).stream().noneMatch(r -> r.dataset().equals("MiniShapes")));
        assertNothingHalfWritten(out);
        assertNothingHalfWritten(xd);
    }

    @Test
    void nonFiniteAndAbsurdSettingsAreRefusedBeforeAnythingRuns() {
        Path out = tmp.resolve("absurd");
        assertRefused(kit(plus(comma(out, world), "--set", "lr=1e40")), "training setting lr='1e40'",
                "not a finite number");
        assertRefused(kit(plus(comma(out, world), "--set", "lr=NaN")), "lr='NaN'", "not a finite number");
        assertRefused(kit(plus(comma(out, world), "--set", "lr=50")), "training setting lr=50.0 is invalid",
                "a number in (0, 10]");
        assertRefused(kit(plus(comma(out, world), "--set", "momentum=1.5")), "momentum=1.5", "in [0, 1)");
        assertFalse(Files.exists(out), "nothing written");
    }

    @Test
    void aTrainingWhoseLossTurnsNaNStopsNamingJobEpochAndStepAndStoresNothing() throws IOException {
        Path nan = tinyClip("nan-clip.safetensors", true);
        Path out = tmp.resolve("nan-loss");
        Outcome o = kitWithClip(nan, comma(out, world));
        assertRefused(o, "job COMMA/base2new/MiniShapes/seed1/train-base: ", "diverged at epoch 1, step 1: the loss "
                + "is NaN", "lower the learning rate", "(no result of this job was stored)");
        assertEquals(List.of(), rows(out));
        assertFalse(Files.exists(out.resolve("reproduce.properties")), "a run that stored nothing records nothing");
        assertNothingHalfWritten(out);
    }

    @Test
    void duplicateRowsInTheResultsFileAreRefusedWhenReading() throws IOException {
        Path out = tmp.resolve("duplicates");
        Outcome first = kit(zeroShot(out, world));
        assertEquals(0, first.status(), first.err());
        Path results = out.resolve(Reproduce.RESULTS);
        List<String> lines = Files.readAllLines(results);
        Files.writeString(results, String.join("\n", lines) + "\n" + lines.get(1) + "\n");
        String expected = results + ":4 repeats ZeroShotCLIP/base2new/MiniShapes/seed1/test-base of line 2";
        assertRefused(kit(plus(zeroShot(out, world), "--dry-run")), expected, "delete the line that should not count");
        assertRefused(kit(zeroShot(out, world)), expected);
        ReproduceOptions options = ReproduceOptions.builder(Preset.MINI).protocols(java.util.Set.of(
                Protocol.BASE_TO_NEW)).methods(List.of(Method.ZERO_SHOT_CLIP)).datasets(List.of("MiniShapes"))
                .out(out).build();
        KitException e = assertThrows(KitException.class, () -> Reproduce.report(options));
        assertTrue(e.getMessage().startsWith(expected), e.getMessage());
    }

    // -----------------------------------------------------------------------------------------------------------
    // 6: one line, not a stack trace

    @Test
    void malformedSplitFilesAreOneLineNamingFileLineAndEntry() throws IOException {
        Path root = copyOfWorld("world-bad-json");
        Path split = shapesSplit(root);
        String good = Files.readString(split);
        Path out = tmp.resolve("bad-json");
        String[][] cases = {
            {"", split + " is empty; generate the mini world again: ./kit mini generate --out " + root},
            {good.replaceFirst("(\"train\": \\[\\s*\\[\\s*\"[^\"]*\",\\s*)0", "$1\"zero\""),
                split + " line 3 (train entry 0): the label is \"zero\", a string, expected a whole number from 0"},
            {good.replaceFirst("(\"train\": \\[\\s*\\[\\s*\"[^\"]*\",\\s*)0", "$11.5"),
                split + " line 3 (train entry 0): the label 1.5 is not a whole number from 0"},
            {good.replaceFirst("(\"train\": \\[\\s*\\[\\s*\"[^\"]*\",\\s*0),\\s*\"[^\"]*\"", "$1"),
                split + " line 3 (train entry 0) has only 2 values, expected [path, label, class name]"},
            {good.replaceFirst("\"val\": \\[", "\"val\": {\"x\": 1}, \"unused\": ["),
                split + " line " + (good.substring(0, good.indexOf("\"val\"")).lines().count()) + ": \"val\" is an "
                        + "object, expected a list of [path, label, class name] entries"},
            {good.substring(0, good.length() / 2), split + " is not valid JSON ("},
        };
        for (String[] c : cases) {
            Files.writeString(split, c[0]);
            Outcome o = kit(zeroShot(out, root));
            assertRefused(o, "Split file " + c[1]);
            assertNothingHalfWritten(out);
        }
        assertEquals(List.of(), rows(out));
        // the same reader behind ./kit data check and the library
        Files.writeString(split, "[1, 2]");
        KitException e = assertThrows(KitException.class, () -> SplitJson.read("MiniShapes", split,
                root.resolve("mini-shapes/images"), false));
        assertTrue(e.getMessage().contains("the file is a list, expected an object"), e.getMessage());
        Files.writeString(split, good.replaceFirst("(\"train\": \\[\\s*)\\[", "$1\"a string\", ["));
        e = assertThrows(KitException.class, () -> SplitJson.read("MiniShapes", split,
                root.resolve("mini-shapes/images"), false));
        assertTrue(e.getMessage().contains("(train entry 0) is a string, expected [path, label, class name]"),
                e.getMessage());
    }

    @Test
    void dataCheckOnAnEmptySplitFileReportsTheFileAndExitsTwo() throws IOException {
        Path root = tmp.resolve("data-root-empty-split");
        Files.createDirectories(root.resolve("dtd/images"));
        Files.writeString(root.resolve("dtd/split_zhou_DescribableTextures.json"), "");
        Outcome o = kit("data", "check", root.toString());
        assertRefused(o, "1 dataset(s) under " + root + " are present but not as expected");
        assertTrue(o.out().lines().anyMatch(l -> l.startsWith("DescribableTextures") && l.contains("ERROR")
                && l.contains("split_zhou_DescribableTextures.json is empty; run data-scripts/dtd.sh")), o.out());
    }

    @Test
    void aDamagedResultsFileIsOneLineNamingTheLineAndTheFix() throws IOException {
        Path out = tmp.resolve("damaged-results");
        Files.createDirectories(out);
        Path results = out.resolve(Reproduce.RESULTS);
        String header = String.join(",", ResultStore.HEADER);
        String[][] cases = {
            {header + "\nZeroShotCLIP,base2new,MiniShapes,one,test-base,50,10,1,,\n", results + ":2: ",
                "repair or delete that line"},
            {header + "\nZeroShotCLIP,base2new,MiniShapes,1,test-base\n", results + ":2: expected 10 fields"},
            {header + "\nFooNet,base2new,MiniShapes,1,test-base,50,10,1,,\n", results + ":2: unknown method 'FooNet'"},
            {header + "\nZeroShotCLIP,base2new,MiniShapes,1,test-base,150,10,1,,\n", results + ":2: ",
                "is not a percentage"},
            {"method,dataset,acc\nCoOp,MiniA,50\n", "has the header [method, dataset, acc]", "move it away"},
        };
        for (String[] c : cases) {
            Files.writeString(results, c[0]);
            assertRefused(kit(plus(zeroShot(out, world), "--dry-run")), Arrays.copyOfRange(c, 1, c.length));
            assertRefused(kit(zeroShot(out, world)), Arrays.copyOfRange(c, 1, c.length));
            assertEquals(c[0], Files.readString(results), "left as it was");
        }
        Files.write(results, new byte[] {(byte) 0xff, (byte) 0xfe, 0, 1});
        assertRefused(kit(zeroShot(out, world)), "is not UTF-8 text: it is damaged");
    }

    @Test
    void aDamagedManifestIsOneLineNamingTheFileAndTheFix() throws IOException {
        Path out = tmp.resolve("damaged-manifest");
        assertEquals(0, kit(zeroShot(out, world)).status());
        Path manifest = out.resolve("reproduce.properties");
        String good = Files.readString(manifest);
        Files.delete(out.resolve(Reproduce.RESULTS));
        Files.writeString(manifest, good.substring(0, good.length() / 2) + "\n\u0000garbage");
        assertRefused(kit(zeroShot(out, world)), manifest + " is damaged (line ", "restore it, or use another --out");
        Files.writeString(manifest, good.replace("preset=mini", "preset=mini\nsettings.CoOp.xd.ctxInit=\\uZZ"));
        assertRefused(kit(zeroShot(out, world)), manifest + " is damaged (Malformed \\uxxxx encoding.)");
        Files.writeString(manifest, good);
        assertEquals(0, kit(zeroShot(out, world)).status());
    }

    @Test
    void anOutputFolderThatIsAFileIsRefused() throws IOException {
        Path file = Files.writeString(tmp.resolve("out-is-a-file"), "x");
        assertRefused(kit(plus(zeroShot(file, world), "--dry-run")), "--out " + file + " is a file, not a folder");
        assertRefused(kit(zeroShot(file, world)), "--out " + file + " is a file, not a folder");
        assertEquals("x", Files.readString(file));
    }

    @Test
    void aReadOnlyResultsFolderCanBeReadButNotWrittenTo() throws Exception {
        Path out = tmp.resolve("read-only");
        assertEquals(0, kit(zeroShot(out, world)).status());
        Files.delete(out.resolve(Reproduce.RESULTS + ".lock")); // as a folder copied from elsewhere
        try (ReadOnly ro = ReadOnly.of(out)) {
            Outcome dry = kit(plus(zeroShot(out, world), "--dry-run"));
            assertEquals(0, dry.status(), dry.err());
            assertTrue(dry.out().contains("2 done, 0 to run"), dry.out());
            ReproduceOptions options = ReproduceOptions.builder(Preset.MINI).protocols(java.util.Set.of(
                    Protocol.BASE_TO_NEW)).methods(List.of(Method.ZERO_SHOT_CLIP)).datasets(List.of("MiniShapes"))
                    .seeds(List.of(1)).out(out).build();
            assertEquals(2, Reproduce.report(options).baseToNew().rowCount(), "MiniShapes and the average");
            assertRefused(kit(zeroShot(out, world)), "cannot write in the output folder " + out,
                    "give a writable --out folder");
            assertFalse(Files.exists(out.resolve(Reproduce.RESULTS + ".lock")), "reading created nothing");
        }
    }

    @Test
    void aFullDiskWhileWritingPlotsTablesOrResultsIsOneLineAndLeavesNoTemporaryFile() throws Exception {
        Path done = tmp.resolve("full-disk-source");
        assertEquals(0, kit(zeroShot(done, world)).status());
        try (Tmpfs disk = Tmpfs.mount(tmp.resolve("full-disk"), "2m")) {
            Path out = disk.dir().resolve("out");
            Files.createDirectories(out);
            for (String f : List.of(Reproduce.RESULTS, "reproduce.properties")) {
                Files.copy(done.resolve(f), out.resolve(f));
            }
            List<String> withPlots = new ArrayList<>(zeroShot(out, world));
            withPlots.remove("--no-plots");
            disk.fill(200_000); // the tables fit, a 4 MB plot page does not
            assertRefused(kit(withPlots), "cannot write the plots under " + out.resolve("plots"),
                    "No space left on device", "free some disk space and run the same command again");
            assertNothingHalfWritten(out);
            assertTrue(Files.isRegularFile(out.resolve("tables/base2new.csv")));

            Files.delete(out.resolve("tables/base2new.csv"));
            disk.fill(0);
            assertRefused(kit(zeroShot(out, world)), "cannot write the table " + out.resolve("tables/base2new.csv"),
                    "No space left on device", "free some disk space");
            assertNothingHalfWritten(out);

            disk.unfill();
            ResultStore.open(out.resolve(Reproduce.RESULTS)).remove(r -> r.phase().id().equals("test-new"));
            List<ResultRow> before = rows(out);
            disk.fill(0);
            assertRefused(kit(zeroShot(out, world)), "cannot write the results file " + out.resolve(Reproduce.RESULTS)
                    + " (it is unchanged): No space left on device", "free some disk space");
            assertEquals(before, rows(out));
            assertNothingHalfWritten(out);
            disk.unfill();
            assertEquals(0, kit(zeroShot(out, world)).status(), "the same command finishes once there is space");
            assertEquals(2, rows(out).size());
        }
    }

    @Test
    void aSecondRunOfTheSameShardIntoTheSameFolderIsRefusedAtOnce() throws IOException {
        Path out = tmp.resolve("second-process");
        ReproduceOptions options = new ReproduceCommandOptions(zeroShot(out, world)).options();
        try (RunFolder held = RunFolder.claim(options)) { // as another process running this shard would
            assertRefused(kit(zeroShot(out, world)), "another ./kit reproduce is running shard 0/1 into " + out,
                    "wait for it to end, or run another shard (--shard i/n) or another --out");
            Outcome other = kit(plus(zeroShot(out, world), "--shard", "0/2"));
            assertEquals(0, other.status(), "another shard may share the folder: " + other.err());
        }
        assertEquals(0, kit(zeroShot(out, world)).status());
    }

    /** The options a reproduce command line stands for (for the tests that hold the folder themselves). */
    record ReproduceCommandOptions(List<String> args) {
        ReproduceOptions options() {
            ReproduceCommand c = new ReproduceCommand();
            new picocli.CommandLine(c).parseArgs(args.subList(1, args.size()).toArray(new String[0]));
            return c.options(System.out);
        }
    }

    @Test
    void badMiniGenerateArgumentsAreOneLineEach() throws Exception {
        Path out = tmp.resolve("mini-generate");
        assertRefused(kit("mini", "generate"), "missing required option: '--out=DIR'", "--help");
        assertRefused(kit("mini", "generate", "--out", out.toString(), "--scale", "0"), "--scale 0.0 is outside (0, 1]");
        assertRefused(kit("mini", "generate", "--out", out.toString(), "--scale", "NaN"), "--scale NaN is outside");
        assertRefused(kit("mini", "generate", "--out", out.toString(), "--scale", "x"), "'x' is not a double",
                "--help lists the options");
        assertRefused(kit("mini", "generate", "--out", out.toString(), "--threads", "0"), "--threads 0 must be from 1");
        assertRefused(kit("mini", "generate", "--out", out.toString(), "--seed", "abc"), "'abc' is not a long");
        Path file = Files.writeString(tmp.resolve("mini-out-file"), "x");
        assertRefused(kit("mini", "generate", "--out", file.toString(), "--scale", "0.01"),
                "--out " + file + " is a file, not a folder");
        Path locked = Files.createDirectories(tmp.resolve("mini-read-only"));
        try (ReadOnly ro = ReadOnly.of(locked)) {
            assertRefused(kit("mini", "generate", "--out", locked.resolve("world").toString(), "--scale", "0.01"),
                    "cannot generate the mini world in " + locked.resolve("world"), "give a writable --out folder");
        }
        assertFalse(Files.exists(out), "nothing generated");
    }

    // -----------------------------------------------------------------------------------------------------------
    // 7-10: left-over and blocked output

    @Test
    void staleTemporaryFilesAreSweptAtTheStartAndFreshOnesKept() throws IOException {
        Path out = tmp.resolve("stale");
        assertEquals(0, kit(zeroShot(out, world)).status());
        FileTime old = FileTime.from(Instant.now().minusSeconds(3600));
        List<Path> stale = new ArrayList<>();
        for (String f : List.of("tables/base2new12345.tmp", "plots/base2new.html678.tmp",
                "reproduce.properties42.tmp", "fewshot/MiniShapes/shot_1-seed_1.json.tmp")) {
            Path p = out.resolve(f);
            Files.createDirectories(p.getParent());
            Files.writeString(p, "half a file");
            Files.setLastModifiedTime(p, old);
            stale.add(p);
        }
        Path fresh = Files.writeString(out.resolve("tables/xd999.tmp"), "another shard is writing this");
        assertEquals(0, kit(zeroShot(out, world)).status());
        for (Path p : stale) {
            assertFalse(Files.exists(p), p + " swept");
        }
        assertTrue(Files.exists(fresh), "a temporary file younger than " + RunFolder.class.getSimpleName()
                + "'s limit may be another shard's");
        Files.delete(fresh);
        assertNothingHalfWritten(out);
    }

    @Test
    void aFailedRunLeavesNoManifestSoTheCorrectedRerunRuns() throws IOException {
        Path out = tmp.resolve("poison");
        assertRefused(kit(comma(out, world, "depth=20")), "training setting depth=20 of "
                + "COMMA/base2new/MiniShapes/seed1/train-base is deeper than the 2 transformer blocks of " + clip,
                "give --set depth=N with N from 1 to 2");
        assertFalse(Files.exists(out.resolve("reproduce.properties")));

        Path truncated = tmp.resolve("truncated-clip.safetensors");
        byte[] bytes = Files.readAllBytes(clip);
        Files.write(truncated, Arrays.copyOf(bytes, bytes.length / 3));
        Outcome o = kitWithClip(truncated, comma(out, world));
        assertRefused(o, truncated.toString());
        assertFalse(Files.exists(out.resolve("reproduce.properties")));

        Outcome fixed = kit(comma(out, world));
        assertEquals(0, fixed.status(), fixed.err());
        assertEquals(3, rows(out).size());
        // a changed setting names the one key, not two long strings
        assertRefused(kit(comma(out, world, "epochs=2")), "were made with settings.COMMA.base2new.epochs=1, this run "
                + "has settings.COMMA.base2new.epochs=2 (and 1 more: settings.COMMA.xd.epochs);",
                "undo the --set epochs=... change");
        assertNothingHalfWritten(out);
    }

    @Test
    void aDamagedPromptCheckpointNamesRetrainWhichTrainsItAgain() throws IOException {
        Path out = tmp.resolve("retrain");
        assertEquals(0, kit(comma(out, world)).status());
        List<ResultRow> original = rows(out);
        String training = "COMMA/base2new/MiniShapes/seed1/train-base";
        Path prompt = out.resolve("runs").resolve(training).resolve("epoch-1/prompt.safetensors");
        byte[] bytes = Files.readAllBytes(prompt);
        bytes[bytes.length - 1] ^= 1;
        Files.write(prompt, bytes);
        ResultStore.open(out.resolve(Reproduce.RESULTS)).remove(r -> !r.phase().isTraining());

        assertRefused(kit(comma(out, world)), "job COMMA/base2new/MiniShapes/seed1/test-base: checkpoint file "
                + prompt + " is damaged", "run the same ./kit reproduce command with --retrain " + training);
        assertRefused(kit(plus(comma(out, world), "--retrain", "COMMA/base2new/MiniShapes/seed1/test-new")),
                "is a test; retrain the training it loads: --retrain " + training);
        assertRefused(kit(plus(comma(out, world), "--retrain", "COMMA/base2new/MiniFood/seed1/train-base")),
                "is not a job of this run", "--dry-run lists it");
        assertRefused(kit(plus(comma(out, world), "--retrain", training, "--dry-run")),
                "--retrain changes the results folder and --dry-run writes nothing");

        Outcome o = kit(plus(comma(out, world), "--retrain", training));
        assertEquals(0, o.status(), o.err());
        assertTrue(o.out().contains("retrain " + training + ": dropped 1 result row(s)"), o.out());
        List<ResultRow> again = rows(out);
        assertEquals(3, again.size());
        for (ResultRow r : original) { // training is deterministic: the same rows up to the wall time
            ResultRow a = again.stream().filter(x -> x.key().equals(r.key())).findFirst().orElseThrow();
            assertEquals(List.of(r.accuracy(), r.nTest(), r.epochs(), r.shots()),
                    List.of(a.accuracy(), a.nTest(), a.epochs(), a.shots()), r.key().toString());
        }

        // a run folder deleted by hand (the old advice) while its row stays: the test names --retrain too
        deleteTree(out.resolve("runs"));
        ResultStore.open(out.resolve(Reproduce.RESULTS)).remove(r -> r.phase().id().equals("test-new"));
        assertRefused(kit(comma(out, world)), "job COMMA/base2new/MiniShapes/seed1/test-new: no checkpoint in",
                "--retrain " + training);
        assertNothingHalfWritten(out);
    }

    // -----------------------------------------------------------------------------------------------------------
    // 11: smaller messages

    @Test
    void aDataRootThatIsAFileSaysSo() throws IOException {
        Path file = Files.writeString(tmp.resolve("data-root-file"), "x");
        String before = System.getProperty("comma.data");
        try {
            System.setProperty("comma.data", file.toString());
            assertRefused(kit("reproduce", "--preset", "full", "--methods", "ZeroShotCLIP", "--protocol", "base2new",
                    "--datasets", "OxfordPets", "--out", tmp.resolve("data-file-out").toString(), "--no-plots"),
                    "the full preset's data root " + file + " is a file, not a folder", "COMMA_DATA");
            assertRefused(kit("data", "check"), "data root " + file + " is a file, not a folder");
        } finally {
            if (before == null) {
                System.clearProperty("comma.data");
            } else {
                System.setProperty("comma.data", before);
            }
        }
        assertRefused(kit(zeroShot(tmp.resolve("data-file-out-2"), file)), "--data " + file + " is not a folder");
    }

    @Test
    void dataCheckOfAMissingRootExitsTwoNamingTheScripts() {
        Path missing = tmp.resolve("no-such-data-root");
        assertRefused(kit("data", "check", missing.toString()), "data root " + missing + " does not exist",
                "data-scripts/all.sh");
    }

    @Test
    void smallerArgumentMistakesAreOneLineEach() {
        assertRefused(kit("reproduce", "--seeds", "99999999999", "--dry-run"), "seed 99999999999 in --seeds "
                + "99999999999 is too large: seeds go from 0 to 2147483647");
        assertRefused(kit("reproduce", "--seeds", "-3", "--dry-run"), "seed -3 in --seeds -3 is negative");
        assertRefused(kit("probe", "--bogus"), "kit probe: unknown option: '--bogus'", "--help lists the options");
        assertRefused(kit("reproduc"), "reproduc");
        Outcome help = kit("help");
        assertEquals(0, help.status(), help.err());
        assertTrue(help.out().contains("reproduce"), help.out());
        assertRefused(kit("reproduce", "--preset", "mini", "--protocol", "dg", "--datasets", "MiniShapes",
                "--dry-run"), "--datasets MiniShapes leaves no dataset for the dg protocol; add one of MiniImageNetV2",
                "or drop dg from --protocol");
        assertRefused(kit("reproduce", "--preset", "mini", "--protocol", "xd", "--datasets", "MiniImageNetA",
                "--dry-run"), "leaves no dataset for the xd protocol");
    }

    @Test
    void aMissingClipCheckpointIsNamedOnceWithTheSettingThatPointsAtIt() {
        Path missing = tmp.resolve("no-such-clip.safetensors");
        Outcome o = kitWithClip(missing, zeroShot(tmp.resolve("missing-clip"), world));
        assertRefused(o, "the CLIP checkpoint " + missing + " named by -Dcomma.clip / COMMA_CLIP does not exist",
                "point it at a CLIP checkpoint file");
        assertFalse(o.err().contains(missing + ": " + missing), o.err());
    }

    @Test
    void anEmptyMiniDatasetFolderAdvisesGeneratingTheWorld() throws IOException {
        Path root = copyOfWorld("world-empty-shapes");
        deleteTree(root.resolve("mini-shapes"));
        Files.createDirectories(root.resolve("mini-shapes"));
        Outcome o = kit(zeroShot(tmp.resolve("empty-mini"), root));
        assertRefused(o, "Split file split_zhou_MiniShapes.json not found under " + root.resolve("mini-shapes"),
                "Generate the mini world again: ./kit mini generate --out " + root);
        assertFalse(o.err().contains("data-scripts/../kit"), o.err());
    }

    @Test
    void anUnreadableImageNamesTheFileAndAFixThatExists() throws IOException {
        Path root = copyOfWorld("world-broken-png");
        java.util.regex.Matcher firstTest = java.util.regex.Pattern.compile("\"test\": \\[\\s*\\[\\s*\"([^\"]*)\"")
                .matcher(Files.readString(shapesSplit(root)));
        assertTrue(firstTest.find());
        Path image = root.resolve("mini-shapes/images").resolve(firstTest.group(1)); // zero-shot reads test images
        Files.write(image, Arrays.copyOf(Files.readAllBytes(image), 40));
        Outcome o = kit(zeroShot(tmp.resolve("broken-png"), root));
        assertRefused(o, "Image " + image);
        assertFalse(o.err().contains("skip unreadable"), "advice naming an option reproduce does not have");
    }

    @Test
    void alreadyRightCasesStayRight(@TempDir Path t) {
        // an unknown command and a bad option were stack traces or bare usage before the picocli command line
        assertRefused(kit("frobnicate"), "frobnicate");
        assertRefused(kit("reproduce", "--frobnicate"), "unknown option: '--frobnicate'");
        assertRefused(kit("reproduce", "--out"), "missing required parameter for option '--out'");
        assertRefused(kit("reproduce", "--protocol", "b2n", "--dry-run"), "unknown protocol 'b2n'");
        assertRefused(kit("reproduce", "--set", "epoch=3", "--dry-run"), "unknown training setting 'epoch'");
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
