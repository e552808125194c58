package org.commakit.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.commakit.clip.ClipConfig;
import org.commakit.clip.ClipTokenizer;
import org.commakit.clip.ClipWeights;
import org.commakit.miniworld.MiniClip;
import org.commakit.miniworld.MiniWorld;
import org.commakit.train.Checkpoint;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code kill -9} in the middle of {@code ./kit reproduce}, then the same command again, ends with the tables of an
 * uninterrupted run. On a tenth-scale mini world with a tiny random CLIP (2 blocks, width 64): zero-shot CLIP and COMMA
 * (depth 2, 1 shot, 2 epochs), seed 1, base-to-new on MiniShapes, cross-dataset MiniImageNet -> MiniShapes, domain
 * generalization on MiniImageNetA: 12 jobs in 4 chains, 2 of them trainings. The runs are separate JVMs started like
 * {@code ./kit}; the kill is a real SIGKILL, sent while the cross-dataset training is between its first and last
 * epoch, after the base-to-new chains are done.
 */
class ReproduceResumeTest {

    @TempDir
    static Path tmp;
    static Path world;
    static Path clip;

    @BeforeAll
    static void tinyWorldAndClip() throws IOException {
        world = tmp.resolve("world");
        MiniWorld.generate(world, MiniWorld.DEFAULT_SEED, new MiniWorld.Options(0.1, 2, null));
        Path vocab = MiniClip.vocabulary(tmp.resolve("vocab")); // the committed vocabulary the command loads
        int vocabSize = ClipTokenizer.load(vocab).vocabSize();
        clip = tmp.resolve("tiny-clip.safetensors");
        // heads = width / 64 when loading, as OpenAI's build_model; 2 blocks per tower
        ClipConfig config = new ClipConfig(32, 32, 8, 64, 2, 1, 77, vocabSize, 64, 2, 1);
        ClipWeights.initialize(config, 11, Device.cpu(), DataType.FLOAT32).save(clip, Map.of("model", "tiny"));
    }

    private static List<String> args(Path out) {
        return List.of("reproduce", "--preset", "mini", "--protocol", "all", "--methods", "ZeroShotCLIP,COMMA",
                "--seeds", "1", "--datasets", "MiniShapes,MiniImageNetA", "--data", world.toString(),
                "--set", "depth=2", "--set", "epochs=2", "--set", "batchSize=4", "--set", "shots=1", "--out", out.toString(),
                "--verbose", "--no-plots", "--workers", "1");
    }

    private static ProcessBuilder kit(Path out, Path log) throws IOException {
        return kit(args(out), log);
    }

    private static ProcessBuilder kit(List<String> args, Path log) throws IOException {
        Files.createDirectories(log.getParent());
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xss4m", "-Dai.djl.offline=true", "-Dai.djl.pytorch.num_threads=1",
                "-Dai.djl.pytorch.num_interop_threads=1", "-Dorg.slf4j.simpleLogger.defaultLogLevel=error",
                "-Dcomma.mini=" + world, "-Dcomma.clip=" + clip, "-cp", classpath(), "org.commakit.cli.Kit"));
        cmd.addAll(args);
        return new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
    }

    private static String classpath() {
        String surefire = System.getProperty("surefire.test.class.path");
        return surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
    }

    /** The runs' output, kept for reading after the test: {@code lib/target/reproduce-resume-test/*.log}. */
    static final Path LOGS = Path.of("target", "reproduce-resume-test");

    private static String runToTheEnd(Path out, String name) throws Exception {
        return runToTheEnd(args(out), name);
    }

    private static String runToTheEnd(List<String> args, String name) throws Exception {
        Path log = LOGS.resolve(name + ".log");
        long t0 = System.nanoTime();
        Process p = kit(args, log).start();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), name + " did not finish in 5 minutes");
        System.out.printf("%s run: %.1f s%n", name, (System.nanoTime() - t0) / 1e9);
        String text = Files.readString(log);
        assertEquals(0, p.exitValue(), name + " failed:\n" + text);
        return text;
    }

    @Test
    void killedAndRestartedRunGivesTheTablesOfAnUninterruptedOne() throws Exception {
        Path straight = tmp.resolve("uninterrupted");
        runToTheEnd(straight, "uninterrupted");

        Path resumed = tmp.resolve("resumed");
        Path crossDatasetTraining = resumed.resolve("runs/COMMA/xd/MiniImageNet/seed1/train-all");
        Process p = kit(resumed, LOGS.resolve("killed.log")).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.isDirectory(crossDatasetTraining.resolve("epoch-1")) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        assertTrue(p.isAlive(), "the run ended before the cross-dataset training reached epoch 1:\n"
                + Files.readString(LOGS.resolve("killed.log")));
        p.destroyForcibly(); // SIGKILL: no shutdown hook, no finally block runs
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        int epochAtKill = Checkpoint.latest(crossDatasetTraining).orElseThrow().epoch();
        assertEquals(1, epochAtKill, "killed between epoch 1 and 2");
        List<ResultRow> before = ResultStore.open(resumed.resolve(Reproduce.RESULTS)).rows();
        // zero-shot CLIP's 2 base-to-new and 3 transfer tests, COMMA's base-to-new chain: train, test base, test new
        assertEquals(8, before.size(), before.toString());

        String log = runToTheEnd(resumed, "restarted");
        assertTrue(log.contains("12 jobs in 4 chains for this shard; 8 done, 4 to run."), log);
        assertTrue(log.contains("resuming from " + crossDatasetTraining.resolve("epoch-" + epochAtKill)), log);

        for (String table : List.of("base2new", "xd", "dg")) {
            Path a = straight.resolve("tables").resolve(table + ".csv");
            Path b = resumed.resolve("tables").resolve(table + ".csv");
            assertEquals(Files.readString(a), Files.readString(b), table + ".csv differs after the resume");
        }
        assertEquals(withoutWallTime(straight), withoutWallTime(resumed), "results.csv beyond wall times");
        List<ResultRow> rows = ResultStore.open(resumed.resolve(Reproduce.RESULTS)).rows();
        assertEquals(12, rows.size());
        assertEquals(2, rows.stream().filter(r -> r.phase().isTraining()).count());
        assertTrue(rows.stream().filter(r -> !r.phase().isTraining())
                .allMatch(r -> r.nTest() > 0 && r.accuracy() >= 0 && r.accuracy() <= 100), rows.toString());
        // the chance level of a 20-class world with a random CLIP is 5-10 %; the numbers must at least be there
        String b2n = Files.readString(resumed.resolve("tables/base2new.csv"));
        assertTrue(b2n.startsWith("Dataset,ZeroShotCLIP Base,ZeroShotCLIP New,ZeroShotCLIP HM,COMMA Base,"), b2n);
        assertTrue(b2n.contains("\nMiniShapes,") && b2n.contains("\nAverage,"), b2n);
        assertTrue(b2n.lines().skip(1).noneMatch(l -> l.contains(",,") || l.endsWith(",")), "no empty cell:\n" + b2n);
    }

    /**
     * Worker processes (docs/reproduce.md#workers) give the tables of one process byte for byte: zero-shot CLIP, CoOp
     * and COMMA, seeds 1 and 2 (22 jobs in 9 chains), once with {@code --workers 1} and once with {@code --workers 2}
     * (each worker one libtorch thread, as the one process here).
     */
    @Test
    void twoWorkerProcessesGiveTheTablesOfOneProcessByteForByte() throws Exception {
        List<String> common = List.of("reproduce", "--preset", "mini", "--protocol", "all", "--methods",
                "ZeroShotCLIP,CoOp,COMMA", "--seeds", "1,2", "--datasets", "MiniShapes,MiniImageNetA", "--data",
                world.toString(), "--set", "depth=2", "--set", "epochs=2", "--set", "batchSize=4", "--set", "shots=1",
                "--no-plots");
        Path one = tmp.resolve("one-process");
        Path two = tmp.resolve("two-workers");
        List<String> a = new ArrayList<>(common);
        a.addAll(List.of("--out", one.toString(), "--workers", "1"));
        String oneLog = runToTheEnd(a, "one-process");
        List<String> b = new ArrayList<>(common);
        b.addAll(List.of("--out", two.toString(), "--workers", "2", "--verbose"));
        String twoLog = runToTheEnd(b, "two-workers");
        assertTrue(twoLog.contains("2 worker processes, one libtorch thread each"), twoLog);
        assertTrue(twoLog.contains("[w1] [COMMA]") || twoLog.contains("[w2] [COMMA]"), "training lines, tagged:\n"
                + twoLog);
        int jobs = ResultStore.open(one.resolve(Reproduce.RESULTS)).rows().size();
        assertTrue(jobs > 12, "jobs: " + jobs);
        assertTrue(twoLog.contains("[" + jobs + "/" + jobs + "] "), "every job's progress line:\n" + twoLog);
        assertTrue(oneLog.contains("[" + jobs + "/" + jobs + "] "), oneLog);
        for (String table : List.of("base2new", "xd", "dg")) {
            assertEquals(Files.readString(one.resolve("tables").resolve(table + ".csv")),
                    Files.readString(two.resolve("tables").resolve(table + ".csv")), table + ".csv");
        }
        assertEquals(withoutWallTime(one), withoutWallTime(two), "results.csv beyond wall times");
        assertEquals(Files.readString(one.resolve("reproduce.properties")).lines().skip(1).toList(),
                Files.readString(two.resolve("reproduce.properties")).lines().skip(1).toList(), "the same manifest");
        // the tables' text as printed by each, too
        assertEquals(printedTables(oneLog, jobs), printedTables(twoLog, jobs));
    }

    private static String printedTables(String log, int jobs) {
        int last = log.indexOf("\n", log.indexOf("[" + jobs + "/" + jobs + "] "));
        return log.substring(last, log.indexOf("Wrote ", last));
    }

    /**
     * {@code kill -9} of the parent of two workers while they train: the workers stop too (their input ends), and the
     * same command again ends with the tables of an uninterrupted one-process run.
     */
    @Test
    void killingTheParentOfWorkersStopsThemAndTheRerunGivesTheSameTables() throws Exception {
        Path straight = tmp.resolve("straight-for-workers");
        runToTheEnd(straight, "straight-for-workers");
        Path killed = tmp.resolve("killed-workers");
        List<String> two = new ArrayList<>(args(killed));
        two.set(two.indexOf("--workers") + 1, "2");
        Path training = killed.resolve("runs/COMMA/xd/MiniImageNet/seed1/train-all");
        Process p = kit(two, LOGS.resolve("killed-workers.log")).start();
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (!Files.isDirectory(training.resolve("epoch-1")) && p.isAlive() && System.nanoTime() < deadline) {
            Thread.sleep(2);
        }
        List<ProcessHandle> workers = p.descendants().toList();
        assertTrue(p.isAlive(), "the run ended before the training reached epoch 1:\n"
                + Files.readString(LOGS.resolve("killed-workers.log")));
        // the other worker may have run out of chains and ended already
        assertTrue(workers.size() >= 1 && workers.size() <= 2, "worker processes: " + workers);
        p.destroyForcibly();
        assertTrue(p.waitFor(1, TimeUnit.MINUTES));
        for (ProcessHandle w : workers) {
            assertTrue(w.onExit().completeOnTimeout(null, 30, TimeUnit.SECONDS).get() != null || !w.isAlive(),
                    "worker " + w.pid() + " outlived its parent");
        }
        assertTrue(ResultStore.open(killed.resolve(Reproduce.RESULTS)).rows().size() < 12, "killed before the end");
        runToTheEnd(two, "killed-workers-rerun");
        for (String table : List.of("base2new", "xd", "dg")) {
            assertEquals(Files.readString(straight.resolve("tables").resolve(table + ".csv")),
                    Files.readString(killed.resolve("tables").resolve(table + ".csv")), table + ".csv");
        }
        assertEquals(withoutWallTime(straight), withoutWallTime(killed), "results.csv beyond wall times");
    }

    /** A worker's error is the run's one line (exit 2), and the run stores nothing, as one process would. */
    @Test
    void aFailingWorkerStopsTheRunWithItsOneLine() throws Exception {
        Path out = tmp.resolve("failing-workers");
        List<String> a = new ArrayList<>(args(out));
        a.set(a.indexOf("--workers") + 1, "2");
        a.set(a.indexOf("depth=2"), "depth=5");
        Path log = LOGS.resolve("failing-workers.log");
        Process p = kit(a, log).start();
        assertTrue(p.waitFor(2, TimeUnit.MINUTES));
        String text = Files.readString(log);
        assertEquals(2, p.exitValue(), text);
        assertTrue(text.contains("kit reproduce: training setting depth=5 of ") && text.contains("is deeper than the "
                + "2 transformer blocks of " + clip), text);
        assertTrue(text.lines().noneMatch(l -> l.startsWith("\tat ")), "no stack trace:\n" + text);
        assertTrue(!Files.exists(out.resolve("reproduce.properties")) && !Files.exists(out.resolve(Reproduce.RESULTS)),
                "nothing stored");
    }

    /** The results file sorted by key, the wall-time column blanked. */
    private static String withoutWallTime(Path out) throws IOException {
        try (Stream<String> lines = Files.lines(out.resolve(Reproduce.RESULTS), StandardCharsets.UTF_8)) {
            return lines.skip(1).map(l -> {
                String[] f = l.split(",", -1);
                f[7] = "";
                return String.join(",", f);
            }).sorted().collect(Collectors.joining(File.separator.equals("/") ? "\n" : "\r\n"));
        }
    }
}
