package org.commakit.train;

import org.commakit.data.Batch;
import org.commakit.data.BatchSource;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.commakit.Fixtures;
import org.commakit.KitException;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipTokenizer;
import org.commakit.loss.CrossEntropy;
import org.commakit.prompt.CoOp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The trainer with a real prompt learner (CoOp on the golden tiny CLIP): resume, refusal, evaluation. */
class CoOpTrainingTest {
    static Clip clip;
    static ClipTokenizer tokenizer;
    static final List<String> CLASSES = List.of("red", "green", "blue");

    @BeforeAll
    static void load() throws IOException {
        clip = Clip.load(Fixtures.fixture("prompts/tiny_clip4.safetensors"), Device.cpu(), DataType.FLOAT32);
        tokenizer = org.commakit.clip.ZeroShotClassifierTest.tinyTokenizer();
    }

    @AfterAll
    static void close() {
        clip.close();
    }

    /** 12 random images in 3 classes; the order is shuffled per epoch from (seed, epoch) only. */
    static final BatchSource DATA = new BatchSource() {
        @Override
        public Iterable<Batch> epoch(int epoch, NDManager m) {
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < 12; i++) {
                order.add(i);
            }
            java.util.Collections.shuffle(order, new java.util.Random(1000L + epoch));
            List<Batch> out = new ArrayList<>();
            for (int b = 0; b < 3; b++) {
                float[] img = new float[4 * 3 * 32 * 32];
                int[] labels = new int[4];
                for (int i = 0; i < 4; i++) {
                    int item = order.get(b * 4 + i);
                    SplittableRandom r = new SplittableRandom(item);
                    labels[i] = item % 3;
                    for (int j = 0; j < 3 * 32 * 32; j++) {
                        img[i * 3072 + j] = (float) r.nextGaussian() + labels[i];
                    }
                }
                out.add(new Batch(m.create(img, new Shape(4, 3, 32, 32)), labels));
            }
            return out;
        }

        @Override
        public int batchesPerEpoch() {
            return 3;
        }

        @Override
        public int classes() {
            return 3;
        }
    };

    static TrainConfig config(int epochs) {
        return Method.COOP.referenceConfig(false).with("epochs=" + epochs, "lr=0.05", "nCtx=2", "ctxInit=", "batchSize=4");
    }

    static float[] train(Path run, int epochs, int stopAfter) {
        try (CoOp coop = new CoOp(clip, tokenizer, CLASSES, null, 2, new SplittableRandom(7))) {
            TrainConfig cfg = config(epochs);
            if (stopAfter < epochs) { // a run cut short: same config, only the first epochs
                new Trainer(coop, new CrossEntropy(), cfg, run, null).fitEpochs(DATA, stopAfter);
                return null;
            }
            new Trainer(coop, new CrossEntropy(), cfg, run, null).fit(DATA);
            return coop.trainableParameters().get("ctx").toFloatArray();
        }
    }

    @Test
    void resumingAfterAnInterruptionEndsExactlyWhereAnUninterruptedRunEnds(@TempDir Path tmp) throws IOException {
        float[] straight = train(tmp.resolve("a"), 3, 3);
        train(tmp.resolve("b"), 3, 1); // stops after epoch 1
        assertEquals(1, Checkpoint.latest(tmp.resolve("b")).orElseThrow().epoch());
        float[] resumed = train(tmp.resolve("b"), 3, 3);
        assertArrayEquals(straight, resumed, 0f);
        List<String> metrics = Files.readAllLines(tmp.resolve("b/metrics.csv"));
        assertEquals(1 + 3 * 3, metrics.size(), "header + 3 epochs x 3 steps, no duplicates");
        assertEquals(Files.readAllLines(tmp.resolve("a/metrics.csv")), metrics);
    }

    @Test
    void aHalfWrittenCheckpointIsIgnoredAndThePreviousOneUsed(@TempDir Path tmp) throws IOException {
        float[] straight = train(tmp.resolve("a"), 2, 2);
        train(tmp.resolve("b"), 2, 1);
        Files.createDirectories(tmp.resolve("b/epoch-2.tmp"));
        Files.writeString(tmp.resolve("b/epoch-2.tmp/prompt.safetensors"), "half"); // a crash while writing
        assertArrayEquals(straight, train(tmp.resolve("b"), 2, 2), 0f);
    }

    @Test
    void aRunDirectoryFromAnotherConfigIsRefusedNamingTheDifference(@TempDir Path tmp) {
        train(tmp.resolve("r"), 2, 1);
        try (CoOp coop = new CoOp(clip, tokenizer, CLASSES, null, 2, new SplittableRandom(7))) {
            Trainer t = new Trainer(coop, new CrossEntropy(), config(2).with("lr=0.1"), tmp.resolve("r"), null);
            KitException e = assertThrows(KitException.class, () -> t.fit(DATA));
            assertTrue(e.getMessage().contains("config lr: saved 0.05, now 0.1"), e.getMessage());
        }
        try (CoOp coop = new CoOp(clip, tokenizer, List.of("red", "green", "cyan"), null, 2, new SplittableRandom(7))) {
            Trainer t = new Trainer(coop, new CrossEntropy(), config(2), tmp.resolve("r"), null);
            KitException e = assertThrows(KitException.class, () -> t.fit(DATA));
            assertTrue(e.getMessage().contains("class 2 saved 'blue', now 'cyan'"), e.getMessage());
        }
    }

    @Test
    void theLastCheckpointLoadsIntoALearnerBuiltForOtherClassesAsForNewClassEvaluation(@TempDir Path tmp) {
        float[] trained = train(tmp.resolve("r"), 2, 2);
        List<String> newClasses = List.of("cyan", "magenta", "yellow", "black");
        try (CoOp coop = new CoOp(clip, tokenizer, newClasses, null, 2, new SplittableRandom(99))) {
            Checkpoint last = Checkpoint.latest(tmp.resolve("r")).orElseThrow();
            assertEquals(2, last.epoch());
            last.loadPrompt(coop);
            assertArrayEquals(trained, coop.trainableParameters().get("ctx").toFloatArray(), 0f);
            assertEquals(newClasses, coop.classnames());
        }
        try (CoOp wider = new CoOp(clip, tokenizer, CLASSES, null, 3, new SplittableRandom(7))) {
            KitException e = assertThrows(KitException.class,
                    () -> Checkpoint.latest(tmp.resolve("r")).orElseThrow().loadPrompt(wider));
            assertTrue(e.getMessage().contains("'ctx'") && e.getMessage().contains("(2, "), e.getMessage());
        }
    }
}
