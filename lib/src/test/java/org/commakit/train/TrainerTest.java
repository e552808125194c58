package org.commakit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.google.gson.Gson;
import com.google.gson.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.commakit.KitException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The training loop, checkpoints and resume, on a linear probe over synthetic features (no CLIP needed). */
class TrainerTest {
    static final List<String> CLASSES = List.of("red", "green", "blue");

    static TrainConfig config(int epochs) {
        return Method.COOP.referenceConfig(false).with("epochs=" + epochs, "lr=0.5", "batchSize=4", "seed=5");
    }

    static SyntheticFeatures data() {
        return new SyntheticFeatures(24, 3, 6, 4, 5); // 6 batches of 4 per epoch
    }

    /** Trains a fresh probe in {@code run} until {@code untilEpoch}; returns the final checkpoint's tensor bytes. */
    static byte[] train(Path run, TrainConfig cfg, SyntheticFeatures data, int untilEpoch) {
        try (LinearProbe probe = new LinearProbe("CoOp", CLASSES, 6, 11)) {
            new Trainer(probe, new Softmax(0), cfg, run, null).fitEpochs(data, untilEpoch);
            return bytes(Checkpoint.latest(run).orElseThrow().dir().resolve(Checkpoint.PROMPT_FILE));
        }
    }

    static byte[] bytes(Path p) {
        try {
            return Files.readAllBytes(p);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Every file under {@code dir} with its bytes, to show that nothing changed. */
    static Map<String, String> snapshot(Path dir) throws IOException {
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.filter(Files::isRegularFile).toList()) {
                out.put(dir.relativize(p).toString(), java.util.HexFormat.of().formatHex(bytes(p)));
            }
        }
        return out;
    }

    @Test
    void twoRunsWithTheSameSeedEndWithIdenticalParameterBytes(@TempDir Path tmp) throws IOException {
        byte[] a = train(tmp.resolve("a"), config(3), data(), 3);
        byte[] b = train(tmp.resolve("b"), config(3), data(), 3);
        assertArrayEquals(a, b);
        assertEquals(Files.readAllLines(tmp.resolve("a/metrics.csv")), Files.readAllLines(tmp.resolve("b/metrics.csv")));
        byte[] otherSeed = train(tmp.resolve("c"), config(3).with("seed=6"),
                new SyntheticFeatures(24, 3, 6, 4, 6), 3);
        assertFalse(java.util.Arrays.equals(a, otherSeed), "another seed shuffles and augments differently");
    }

    @Test
    void resumingAfterACrashInTheMiddleOfAnEpochEndsExactlyLikeAnUninterruptedRun(@TempDir Path tmp)
            throws IOException {
        byte[] straight = train(tmp.resolve("straight"), config(3), data(), 3);
        SyntheticFeatures crashing = data();
        crashing.crashEpoch = 1;
        crashing.crashStep = 4; // three steps of epoch 2 done, their rows in metrics.csv, no checkpoint yet
        Path run = tmp.resolve("crashed");
        assertThrows(IllegalStateException.class, () -> train(run, config(3), crashing, 3));
        assertEquals(1, Checkpoint.latest(run).orElseThrow().epoch());
        assertEquals(1 + 6 + 3, Files.readAllLines(run.resolve("metrics.csv")).size());
        byte[] resumed = train(run, config(3), data(), 3);
        assertArrayEquals(straight, resumed);
        assertArrayEquals(bytes(tmp.resolve("straight/epoch-3/optimizer.safetensors")),
                bytes(run.resolve("epoch-3/optimizer.safetensors")));
        List<String> metrics = Files.readAllLines(run.resolve("metrics.csv"));
        assertEquals(1 + 3 * 6, metrics.size(), "header + 3 epochs x 6 steps, the cut epoch's rows replaced");
        assertEquals(Files.readAllLines(tmp.resolve("straight/metrics.csv")), metrics);
    }

    @Test
    void stoppingAfterAnEpochAndResumingLaterIsTheSameRun(@TempDir Path tmp) {
        byte[] straight = train(tmp.resolve("a"), config(3), data(), 3);
        train(tmp.resolve("b"), config(3), data(), 1);
        assertEquals(1, Checkpoint.latest(tmp.resolve("b")).orElseThrow().epoch());
        assertArrayEquals(straight, train(tmp.resolve("b"), config(3), data(), 3));
        assertFalse(Files.exists(tmp.resolve("b/epoch-1")), "only the last checkpoint is kept");
    }

    @Test
    void aCrashBetweenWritingACheckpointAndRenamingItLeavesThePreviousOneIntact(@TempDir Path tmp)
            throws IOException {
        byte[] straight = train(tmp.resolve("straight"), config(2), data(), 2);
        Path run = tmp.resolve("run");
        train(run, config(2), data(), 1);
        Map<String, String> before = snapshot(run.resolve("epoch-1"));
        try (LinearProbe probe = new LinearProbe("CoOp", CLASSES, 6, 11)) {
            Trainer t = new Trainer(probe, new Softmax(0), config(2), run, null).beforeCheckpointRename(() -> {
                throw new IllegalStateException("simulated crash before the rename");
            });
            assertThrows(IllegalStateException.class, () -> t.fit(data()));
        }
        assertTrue(Files.isRegularFile(run.resolve("epoch-2.tmp/checkpoint.json")), "the new one was fully written");
        assertEquals(before, snapshot(run.resolve("epoch-1")), "the previous checkpoint is untouched");
        assertEquals(1, Checkpoint.latest(run).orElseThrow().epoch(), "and still the one resumed from");
        assertArrayEquals(straight, train(run, config(2), data(), 2));
        assertFalse(Files.exists(run.resolve("epoch-2.tmp")));
    }

    @Test
    void aRunDirectoryOfAnotherConfigMethodOrClassListIsRefusedNamingTheDifferenceAndNothingChanges(
            @TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("run");
        train(run, config(2), data(), 1);
        Map<String, String> before = snapshot(run);
        try (LinearProbe probe = new LinearProbe("CoOp", CLASSES, 6, 11)) {
            byte[] params = probe.trainableParameters().get("weight").toByteArray();
            KitException e = assertThrows(KitException.class, () -> new Trainer(probe, new Softmax(0),
                    config(2).with("lr=0.1", "batchSize=8"), run, null).fit(data()));
            assertTrue(e.getMessage().contains("config lr: saved 0.5, now 0.1")
                    && e.getMessage().contains("config batchSize: saved 4, now 8")
                    && e.getMessage().contains("new run directory"), e.getMessage());
            assertArrayEquals(params, probe.trainableParameters().get("weight").toByteArray(), "learner untouched");
        }
        try (LinearProbe probe = new LinearProbe("CoOp", List.of("red", "green", "cyan"), 6, 11)) {
            KitException e = assertThrows(KitException.class,
                    () -> new Trainer(probe, new Softmax(0), config(2), run, null).fit(data()));
            assertTrue(e.getMessage().contains("class 2 saved 'blue', now 'cyan'"), e.getMessage());
        }
        try (LinearProbe probe = new LinearProbe("CoOp", CLASSES, 6, 11)) { // KgCoOp trains CoOp's learner
            TrainConfig kg = Method.KGCOOP.referenceConfig(false).with("epochs=2", "lr=0.5", "batchSize=4", "seed=5");
            KitException e = assertThrows(KitException.class,
                    () -> new Trainer(probe, new Softmax(0), kg, run, null).fit(data()));
            assertTrue(e.getMessage().contains("method: saved CoOp, now KgCoOp"), e.getMessage());
        }
        assertEquals(before, snapshot(run), "a refused resume writes nothing");
    }

    @Test
    void theCheckpointRecordsConfigClassListEpochRngRuleAndOptimizerState(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("run");
        train(run, config(3), data(), 2);
        Checkpoint c = Checkpoint.latest(run).orElseThrow();
        JsonObject meta = new Gson().fromJson(Files.readString(c.dir().resolve("checkpoint.json")), JsonObject.class);
        assertEquals(2, c.epoch());
        assertEquals("CoOp", c.method());
        assertEquals(config(3).asMap(), c.config());
        assertEquals(CLASSES, c.classnames());
        assertEquals(Checkpoint.classListHash(CLASSES), meta.get("classnamesSha256").getAsString());
        assertEquals(5, meta.getAsJsonObject("rng").get("seed").getAsLong());
        assertEquals(2, meta.getAsJsonObject("rng").get("nextEpoch").getAsInt());
        assertEquals(config(3).schedule().at(2), meta.getAsJsonObject("optimizer").get("nextLr").getAsFloat());
        assertEquals("[\"weight\",\"bias\"]", meta.getAsJsonObject("optimizer").get("bufferNames").toString());
        assertEquals("[\"scale\"]", meta.getAsJsonObject("tensors").get("frozen").toString());
        try (NDManager m = NDManager.newBaseManager()) {
            var saved = org.commakit.clip.SafeTensors.read(c.dir().resolve("prompt.safetensors"), m);
            assertEquals(List.of("weight", "bias", "scale"), new ArrayList<>(saved.keySet()));
            assertArrayEquals(new float[] {2f}, saved.get("scale").toFloatArray(), "frozen tensors never move");
        }
    }

    @Test
    void aDamagedCheckpointFileIsReportedAndNothingIsLoaded(@TempDir Path tmp) throws IOException {
        Path run = tmp.resolve("run");
        train(run, config(2), data(), 1);
        for (String name : List.of("prompt.safetensors", "optimizer.safetensors")) {
            Path f = run.resolve("epoch-1/" + name);
            byte[] good = Files.readAllBytes(f);
            byte[] bad = good.clone();
            bad[bad.length - 1] ^= 1;
            Files.write(f, bad);
            try (LinearProbe probe = new LinearProbe("CoOp", CLASSES, 6, 11)) {
                byte[] before = probe.trainableParameters().get("weight").toByteArray();
                KitException e = assertThrows(KitException.class,
                        () -> new Trainer(probe, new Softmax(0), config(2), run, null).fit(data()));
                assertTrue(e.getMessage().contains("damaged") && e.getMessage().contains(f.toString()),
                        e.getMessage());
                assertArrayEquals(before, probe.trainableParameters().get("weight").toByteArray(), name);
            }
            Files.write(f, good);
        }
    }

    @Test
    void progressIsACompactLinePerLoggedStepWithLossAccuracyLrAndSpeed(@TempDir Path tmp) {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        try (LinearProbe probe = new LinearProbe("CoOp", CLASSES, 6, 11);
                PrintStream out = new PrintStream(buf, true, StandardCharsets.UTF_8)) {
            new Trainer(probe, new Softmax(0), config(2), tmp.resolve("run"), out).logEvery(4).fit(data());
        }
        List<String> lines = buf.toString(StandardCharsets.UTF_8).lines().toList();
        assertEquals(4, lines.size(), "steps 4 and 6 (last) of each of 2 epochs:\n" + lines);
        String pattern = "\\[CoOp\\] epoch %d/2  step %d/6  loss \\d+\\.\\d{4}  acc \\d+\\.\\d%%  lr %s  \\d+ ms/step  eta "
                + "\\d+m\\d\\ds";
        assertTrue(lines.get(0).matches(String.format(pattern, 1, 4, "1\\.000e-05")), lines.get(0));
        assertTrue(lines.get(3).matches(String.format(pattern, 2, 6, "0\\.5000")), lines.get(3));
    }

    @Test
    void theLearnerIsAskedForTheObjectivesHiddenLayersAndTheModelLearns(@TempDir Path tmp) {
        try (LinearProbe probe = new LinearProbe("CoOp", CLASSES, 6, 11)) {
            SyntheticFeatures d = data();
            double before = Evaluator.evaluate(probe, d).top1();
            new Trainer(probe, new Softmax(2), config(4), tmp.resolve("run"), null).fit(d);
            assertEquals(4 * 6, probe.hiddenLayersAsked.stream().filter(h -> h == 2).count());
            double after = Evaluator.evaluate(probe, d).top1();
            assertTrue(after == 100.0 && before < 100.0, "accuracy before " + before + ", after " + after);
        }
    }

    @Test
    void trainingStepsLeaveNoLiveArraysBehind(@TempDir Path tmp) {
        NDManager system;
        try (NDManager probe = NDManager.newBaseManager()) {
            system = probe.getParentManager();
        }
        SyntheticFeatures d = new SyntheticFeatures(400, 3, 6, 4, 5); // 100 steps in one epoch
        int[] live = new int[101];
        d.beforeBatch = b -> live[b] = system.getManagedArrays().size();
        try (LinearProbe learner = new LinearProbe("CoOp", CLASSES, 6, 11)) {
            new Trainer(learner, new Softmax(0), config(1), tmp.resolve("run"), null).fit(d);
        }
        // from step 3 on (momentum buffers exist after step 1) the count of live arrays is the same before each batch
        for (int b = 3; b <= 100; b++) {
            assertEquals(live[3], live[b], "live NDArrays before batch " + b);
        }
    }

    @Test
    void dataAndLearnerWithDifferentClassCountsAreRefused(@TempDir Path tmp) {
        try (LinearProbe probe = new LinearProbe("CoOp", List.of("a", "b"), 6, 11)) {
            KitException e = assertThrows(KitException.class,
                    () -> new Trainer(probe, new Softmax(0), config(1), tmp.resolve("r"), null).fit(data()));
            assertTrue(e.getMessage().contains("3 classes") && e.getMessage().contains("2 class names"),
                    e.getMessage());
            e = assertThrows(KitException.class, () -> new Trainer(probe, new Softmax(0),
                    Method.MAPLE.referenceConfig(false), tmp.resolve("r"), null));
            assertTrue(e.getMessage().contains("MaPLe") && e.getMessage().contains("CoOp"), e.getMessage());
        }
    }
}
