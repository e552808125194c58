package org.commakit.protocol;

import org.commakit.train.Method;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.commakit.KitException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultStoreTest {

    private static final ProtocolDatasets MINI = new ProtocolDatasets(List.of("MiniA", "MiniB"), "MiniSource",
            List.of("MiniA"), List.of("MiniSourceSketch"));

    private static JobMatrix miniMatrix() {
        return JobMatrix.build(List.of(Method.ZERO_SHOT_CLIP, Method.COOP), List.of(1, 2), MINI,
                EnumSet.allOf(Protocol.class));
    }

    /** A fake job runner: a deterministic row per job, counting how many jobs it really ran. */
    private static int runPending(JobMatrix matrix, ResultStore store) throws IOException {
        int ran = 0;
        for (Job job : matrix.jobs()) {
            if (store.has(job)) {
                continue;
            }
            ran++;
            int h = Math.abs(job.id().hashCode());
            store.append(job.phase().isTraining()
                    ? ResultRow.trained(job, 10 + h % 7, 5, 16)
                    : ResultRow.tested(job, h % 97, 100, 1.5, job.method().trains() ? 5 : -1,
                            job.method().trains() ? 16 : -1));
        }
        return ran;
    }

    private static List<Path> tempFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList();
        }
    }

    @Test
    void rowsRoundTripExactlyIncludingEmptyCells(@TempDir Path dir) throws IOException {
        ResultStore store = ResultStore.open(dir.resolve("out/results.csv"));
        Job train = Job.baseToNew(Method.COMMA, "OxfordPets", 1, Phase.TRAIN_BASE);
        Job test = Job.baseToNew(Method.COMMA, "OxfordPets", 1, Phase.TEST_NEW);
        ResultRow trained = ResultRow.trained(train, Double.NaN, 5, 16);
        ResultRow tested = ResultRow.tested(test, 1771, 1883, 42.125, 5, 16);
        store.append(trained);
        store.append(tested);
        assertEquals(List.of(trained, tested), ResultStore.open(dir.resolve("out/results.csv")).rows());
        assertEquals(100.0 * 1771 / 1883, store.find(test).orElseThrow().accuracy(), 0.0);
        List<String> lines = Files.readAllLines(store.file());
        assertEquals(String.join(",", ResultStore.HEADER), lines.get(0));
        assertEquals("COMMA,base2new,OxfordPets,1,train-base,,0,,5,16", lines.get(1));
        assertTrue(lines.get(2).startsWith("COMMA,base2new,OxfordPets,1,test-new,94.05204460966"), lines.get(2));
    }

    @Test
    void hasMakesARerunSkipEveryFinishedJob(@TempDir Path dir) throws IOException {
        ResultStore store = ResultStore.open(dir.resolve("results.csv"));
        JobMatrix matrix = miniMatrix();
        assertEquals(matrix.size(), runPending(matrix, store));
        assertEquals(0, runPending(matrix, ResultStore.open(dir.resolve("results.csv"))));
        assertEquals(matrix.size(), store.rows().size());
    }

    @Test
    void aCrashBeforeTheRenameLeavesThePreviousFileAndTheRerunFinishesTheRest(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("results.csv");
        AtomicInteger appends = new AtomicInteger();
        ResultStore crashing = ResultStore.open(file, temp -> {
            if (appends.incrementAndGet() == 4) {
                assertTrue(Files.size(temp) > Files.size(file), "the new file is complete in the temp file");
                throw new IOException("simulated crash before rename");
            }
        });
        JobMatrix matrix = miniMatrix();
        KitException crash = assertThrows(KitException.class, () -> runPending(matrix, crashing));
        assertTrue(crash.getMessage().endsWith("(it is unchanged): simulated crash before rename"), crash.getMessage());

        List<String> lines = Files.readAllLines(file);
        assertEquals(1 + 3, lines.size(), "header and the three rows written before the crash");
        for (String line : lines.subList(1, lines.size())) {
            assertEquals(ResultStore.HEADER.size(), line.split(",", -1).length, line);
        }
        assertEquals(List.of(), tempFiles(dir));
        assertEquals(matrix.size() - 3, runPending(matrix, ResultStore.open(file)));
        assertEquals(matrix.size(), ResultStore.open(file).rows().size());
    }

    @Test
    void aTempFileLeftByAKilledWriterIsIgnoredAndDeleted(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("results.csv");
        ResultStore store = ResultStore.open(file);
        Job done = Job.baseToNew(Method.COOP, "MiniA", 1, Phase.TEST_BASE);
        store.append(ResultRow.tested(done, 80, 100, 3, 5, 16));
        byte[] before = Files.readAllBytes(file);
        // what a process killed mid-write leaves: the temp file with a half-written last row, never renamed
        Path stale = dir.resolve("results.csv.8351007.tmp");
        Files.writeString(stale, new String(before) + "CoOp,base2new,MiniA,1,test-new,7");
        Path unrelated = dir.resolve("other.csv.1.tmp");
        Files.writeString(unrelated, "not ours");

        ResultStore reopened = ResultStore.open(file);
        assertFalse(Files.exists(stale));
        assertTrue(Files.exists(unrelated), "only this store's temp files are cleaned");
        assertEquals(List.of(ResultRow.tested(done, 80, 100, 3, 5, 16)), reopened.rows());
        assertFalse(reopened.has(Job.baseToNew(Method.COOP, "MiniA", 1, Phase.TEST_NEW)));
        assertTrue(reopened.has(done));
    }

    @Test
    void concurrentWritersLoseNoRow(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("results.csv");
        List<Job> jobs = miniMatrix().jobs();
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                Shard shard = new Shard(t, 4);
                futures.add(pool.submit(() -> runPending(miniMatrix().shard(shard), ResultStore.open(file))));
            }
            for (Future<?> f : futures) {
                f.get();
            }
        } finally {
            pool.shutdown();
        }
        assertEquals(jobs.size(), ResultStore.open(file).rows().size());
        for (Job job : jobs) {
            assertTrue(ResultStore.open(file).has(job), job.id());
        }
    }

    @Test
    void aSecondResultForTheSameJobIsRefused(@TempDir Path dir) throws IOException {
        ResultStore store = ResultStore.open(dir.resolve("results.csv"));
        Job job = Job.testTarget(Method.COOP, Protocol.CROSS_DATASET, "MiniA", "MiniSource", 1);
        store.append(ResultRow.tested(job, 50, 100, 1, 2, 16));
        KitException e = assertThrows(KitException.class,
                () -> store.append(ResultRow.tested(job, 51, 100, 1, 2, 16)));
        assertTrue(e.getMessage().contains("CoOp/xd/MiniA/seed1/test-target"), e.getMessage());
        assertEquals(1, store.rows().size());
    }

    @Test
    void aFileWithAnotherHeaderIsRefusedWithTheFix(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("results.csv");
        Files.writeString(file, "method,dataset,acc\nCoOp,MiniA,50\n");
        KitException e = assertThrows(KitException.class, () -> ResultStore.open(file));
        assertTrue(e.getMessage().contains("move it away"), e.getMessage());
    }

    @Test
    void aTestResultWithoutAccuracyIsRefused() {
        Job job = Job.baseToNew(Method.COOP, "MiniA", 1, Phase.TEST_BASE);
        assertThrows(IllegalArgumentException.class, () -> ResultRow.trained(job, 1, 5, 16));
        assertThrows(IllegalArgumentException.class, () -> ResultRow.tested(job, 101, 100, 1, 5, 16));
    }
}
