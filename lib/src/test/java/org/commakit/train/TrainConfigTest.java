package org.commakit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.commakit.KitException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TrainConfigTest {

    /** method, epochs, lr, batch, nCtx, ctxInit, depth as in docs/official-code-notes.md#configurations-per-method-and-protocol and docs/data-protocol.md#preprocessing's table. */
    static void assertReference(TrainConfig c, String method, int epochs, float lr, int batch, int nCtx,
            String ctxInit, int depth) {
        assertEquals(List.of(method, epochs, lr, batch, nCtx, ctxInit, depth),
                List.of(c.method().id(), c.epochs(), c.lr(), c.batchSize(), c.nCtx(), c.ctxInit(), c.depth()));
        // Dassl defaults for all (docs/official-code-notes.md#optimiser-and-schedule)
        assertEquals(List.of(0.9f, 5e-4f, 1, 1e-5f), List.of(c.momentum(), c.weightDecay(), c.warmupEpochs(),
                c.warmupLr()));
    }

    @Test
    void referenceConfigsAreThoseOfTheOfficialFiles() {
        assertReference(Method.COMMA.referenceConfig(false), "COMMA", 5, 0.0035f, 4, 2, "a photo of a", 9);
        assertReference(Method.COMMA.referenceConfig(true), "COMMA", 2, 0.0026f, 4, 2, "a photo of a", 3);
        assertReference(Method.MAPLE.referenceConfig(false), "MaPLe", 5, 0.0035f, 4, 2, "a photo of a", 9);
        assertReference(Method.MAPLE.referenceConfig(true), "MaPLe", 2, 0.0026f, 4, 2, "a photo of a", 3);
        assertReference(Method.COCOOP.referenceConfig(false), "CoCoOp", 10, 0.002f, 1, 4, "a photo of a", 0);
        assertReference(Method.KGCOOP.referenceConfig(false), "KgCoOp", 100, 0.002f, 128, 4, "a photo of a", 0);
        TrainConfig comma = Method.COMMA.referenceConfig(false);
        assertEquals(List.of(1f, 1, "faithful"), List.of(comma.kpWeight(), comma.kpLayers(), comma.commaMode().id()));
        assertEquals(8f, Method.KGCOOP.referenceConfig(false).kgWeight());
        assertEquals(0f, Method.MAPLE.referenceConfig(false).kpWeight());
        assertEquals(List.of("CoOp", "CoCoOp", "CoOp", "MaPLe", "COMMA", "ProDA", "CTP-TFT"), Method.trained().stream()
                .map(Method::learnerId).toList(), "KgCoOp trains CoOp's learner with its own loss");
        // ProDA: 100 epochs (the published average's), CoOp's optimiser, 4 random vectors; CTP/TFT: CoCoOp's file
        assertReference(Method.PRODA.referenceConfig(false), "ProDA", 100, 0.002f, 32, 4, "", 0);
        assertReference(Method.CTP_TFT.referenceConfig(true), "CTP-TFT", 10, 0.002f, 1, 4, "a photo of a", 0);
        TrainConfig proda = Method.PRODA.referenceConfig(false).with("prodaPrompts=8", "prodaPromptBatch=2");
        assertEquals(new org.commakit.prompt.ProDA.Settings(8, 2, 1f, "mixed", true), proda.proda());
        assertEquals(proda, proda.with(proda.asMap(), "a map"));
        assertEquals("", Method.COOP.referenceConfig(false).asMap().get("prodaPrompts"), "another method's key");
        KitException bad = assertThrows(KitException.class,
                () -> Method.CTP_TFT.referenceConfig(false).with("tftLambdaLearnable=maybe"));
        assertTrue(bad.getMessage().contains("tftLambdaLearnable='maybe'"), bad.getMessage());
    }

    @Test
    void coOpTrainsFourVectorsFromAPhotoOfAAndItsFewShotEpochsFollowTheShotCountExceptOnImageNet() {
        assertReference(Method.COOP.referenceConfig(false), "CoOp", 200, 0.002f, 32, 4, "a photo of a", 0);
        assertReference(Method.COOP.referenceConfig(true), "CoOp", 50, 0.002f, 32, 4, "a photo of a", 0);
        assertEquals("CoOp/vit_b16_ctxv1.yaml", Method.of("coop").referenceFile(false, 16, null));
        int[] shots = {1, 2, 4, 8, 16};
        int[] epochs = {50, 100, 100, 200, 200};
        for (int i = 0; i < shots.length; i++) {
            TrainConfig c = Method.COOP.fewShotReferenceConfig(shots[i], "OxfordPets");
            assertReference(c, "CoOp", epochs[i], 0.002f, 32, 16, "", 0);
            assertEquals(shots[i], c.shots());
            assertEquals(50, Method.COOP.fewShotReferenceConfig(shots[i], "ImageNet").epochs());
        }
        assertEquals("CoOp/vit_b16.yaml", Method.of("coop").fewShotReferenceFile(16, null));
    }

    @Test
    void aKeyValueFileWithCommentsPicksThePresetAndOverridesIt(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("run.conf");
        Files.writeString(f, "# cross-dataset COMMA, seed 2\nmethod = COMMA\nprotocol = cross-dataset\n\n"
                + "seed = 2   # second seed\nctxInit = \"a photo of a\"\ncommaMode = as-described\n");
        TrainConfig c = TrainConfig.load(f);
        assertEquals(Method.COMMA.referenceConfig(true).with("seed=2", "commaMode=as-described"), c);
        assertEquals(0.01f, TrainConfig.load(f, "lr=0.01").lr(), "command-line overrides beat the file");
    }

    @Test
    void aJsonFileWorksTheSameWay(@TempDir Path tmp) throws IOException {
        Path f = tmp.resolve("run.json");
        Files.writeString(f, "{\"method\": \"CoOp\", \"protocol\": \"few-shot\", \"shots\": 2, \"dataset\": \"DTD\","
                + " \"batchSize\": 16}");
        TrainConfig c = TrainConfig.load(f);
        assertEquals(Method.COOP.fewShotReferenceConfig(2, "DTD").with("batchSize=16"), c);
        assertEquals(100, c.epochs());
    }

    @Test
    void unknownKeysAndMethodsAreErrorsNamingTheKeyAndTheValidOnes(@TempDir Path tmp) throws IOException {
        KitException e = assertThrows(KitException.class, () -> Method.of("ProGrad").referenceConfig(false));
        assertTrue(e.getMessage().contains("ProGrad") && e.getMessage().contains("CoOp, CoCoOp, KgCoOp, MaPLe, "
                + "COMMA"), e.getMessage());
        e = assertThrows(KitException.class, () -> Method.COMMA.referenceConfig(false).with("learning_rate=1"));
        assertTrue(e.getMessage().contains("'learning_rate'") && e.getMessage().contains("lr,"), e.getMessage());
        Path f = tmp.resolve("bad.conf");
        Files.writeString(f, "method = MaPLe\nbatch_size = 8\n");
        e = assertThrows(KitException.class, () -> TrainConfig.load(f));
        assertTrue(e.getMessage().contains("'batch_size'") && e.getMessage().contains(f.toString())
                && e.getMessage().contains("batchSize") && e.getMessage().contains("protocol"), e.getMessage());
        Files.writeString(f, "method = MaPLe\nprotocol = zero-shot\n");
        e = assertThrows(KitException.class, () -> TrainConfig.load(f));
        assertTrue(e.getMessage().contains("zero-shot") && e.getMessage().contains("cross-dataset"), e.getMessage());
        Files.writeString(f, "lr = 0.1\n");
        e = assertThrows(KitException.class, () -> TrainConfig.load(f));
        assertTrue(e.getMessage().contains("method = COMMA"), e.getMessage());
        Files.writeString(f, "method = COMMA\nlr = 0.1\nlr = 0.2\n");
        e = assertThrows(KitException.class, () -> TrainConfig.load(f));
        assertTrue(e.getMessage().contains("line 3") && e.getMessage().contains("twice"), e.getMessage());
        e = assertThrows(KitException.class, () -> TrainConfig.load(tmp.resolve("missing.conf")));
        assertTrue(e.getMessage().contains("missing.conf") && e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void badValuesAreErrorsNamingTheSettingAndWhatIsExpected() {
        TrainConfig c = Method.COMMA.referenceConfig(false);
        KitException e = assertThrows(KitException.class, () -> c.with("lr=fast"));
        assertTrue(e.getMessage().contains("lr='fast'") && e.getMessage().contains("not a number"), e.getMessage());
        e = assertThrows(KitException.class, () -> c.with("epochs=0"));
        assertTrue(e.getMessage().contains("epochs=0") && e.getMessage().contains("from 1 to 10000"), e.getMessage());
        e = assertThrows(KitException.class, () -> c.with("commaMode=fast"));
        assertTrue(e.getMessage().contains("faithful") && e.getMessage().contains("as-described"), e.getMessage());
        e = assertThrows(KitException.class, () -> c.with("depth=0"));
        assertTrue(e.getMessage().contains("depth=0"), e.getMessage());
        e = assertThrows(KitException.class, () -> c.with("method=MaPLe"));
        assertTrue(e.getMessage().contains("Method.referenceConfig"), e.getMessage());
        e = assertThrows(KitException.class, () -> c.with("lr"));
        assertTrue(e.getMessage().contains("key=value"), e.getMessage());
    }

    @Test
    void nonFiniteAndAbsurdValuesAreRefusedStatingTheBounds() {
        TrainConfig c = Method.COMMA.referenceConfig(false);
        // 1e40 overflows a float to Infinity; NaN and Infinity never reach the trainer
        for (String v : new String[] {"1e40", "NaN", "Infinity", "-Infinity"}) {
            KitException e = assertThrows(KitException.class, () -> c.with("lr=" + v));
            assertTrue(e.getMessage().contains("lr='" + v + "'") && e.getMessage().contains("not a finite number"),
                    e.getMessage());
        }
        String[][] bounds = {{"lr=11", "lr=11.0", "in (0, 10]"}, {"lr=0", "lr=0.0", "in (0, 10]"},
            {"warmupLr=20", "warmupLr=20.0", "in [0, 10]"}, {"momentum=1", "momentum=1.0", "in [0, 1)"},
            {"weightDecay=2", "weightDecay=2.0", "in [0, 1]"}, {"kpWeight=1e6", "kpWeight=1000000.0", "[0, 1000]"},
            {"epochs=100000", "epochs=100000", "from 1 to 10000"}, {"batchSize=0", "batchSize=0", "from 1 to 65536"},
            {"nCtx=100", "nCtx=100", "from 1 to 64"}, {"depth=49", "depth=49", "from 1 to 48"},
            {"shots=0", "shots=0", "from 1 to 100000"}, {"seed=-1", "seed=-1", "at least 0"}};
        for (String[] b : bounds) {
            KitException e = assertThrows(KitException.class, () -> c.with(b[0]), b[0]);
            assertTrue(e.getMessage().contains("training setting " + b[1] + " is invalid")
                    && e.getMessage().contains(b[2]), e.getMessage());
        }
        assertEquals(10f, c.with("lr=10").lr(), "the bound itself is allowed");
    }

    @Test
    void everySettingRoundTripsThroughItsKey() {
        TrainConfig c = Method.KGCOOP.referenceConfig(false);
        TrainConfig changed = c.with("epochs=7", "lr=0.01", "batchSize=8", "warmupEpochs=0", "warmupLr=0",
                "momentum=0.5", "weightDecay=0", "nCtx=16", "ctxInit=", "kgWeight=2", "shots=4", "seed=3");
        assertEquals(List.of(7, 0.01f, 8, 0, 0f, 0.5f, 0f, 16, "", 2f, 4, 3L), List.of(changed.epochs(), changed.lr(),
                changed.batchSize(), changed.warmupEpochs(), changed.warmupLr(), changed.momentum(),
                changed.weightDecay(), changed.nCtx(), changed.ctxInit(), changed.kgWeight(), changed.shots(),
                changed.seed()));
        assertEquals(changed, c.with(changed.asMap(), "a map"));
        assertEquals(TrainConfig.keys(), changed.asMap().keySet());
    }
}
