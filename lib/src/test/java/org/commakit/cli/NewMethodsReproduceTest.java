package org.commakit.cli;

import static org.commakit.cli.KitCommandsTest.kit;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.commakit.clip.ClipConfig;
import org.commakit.clip.ClipTokenizer;
import org.commakit.clip.ClipWeights;
import org.commakit.miniworld.MiniClip;
import org.commakit.miniworld.MiniWorld;
import org.commakit.protocol.Reproduce;
import org.commakit.protocol.ResultRow;
import org.commakit.protocol.ResultStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code ./kit reproduce --methods ProDA,CTP-TFT} on all three protocols, in process, on a tenth-scale mini world with
 * a tiny random CLIP (2 blocks, width 64): 1 shot, 1 epoch, seed 1, base-to-new on MiniShapes, cross-dataset
 * MiniImageNet -> MiniShapes, domain generalization on MiniImageNetA. Both methods train, are tested and land in
 * every table; CTP-TFT is named as the kit's provisional interpretation below the tables. The full preset's dry run
 * lists and estimates both.
 */
class NewMethodsReproduceTest {

    @TempDir
    static Path tmp;
    static Path world;
    private static final Map<String, String> SAVED = new HashMap<>();

    @BeforeAll
    static void tinyWorldAndClip() throws IOException {
        world = tmp.resolve("world");
        MiniWorld.generate(world, MiniWorld.DEFAULT_SEED, new MiniWorld.Options(0.1, 2, null));
        Path vocab = MiniClip.vocabulary(tmp.resolve("vocab"));
        int vocabSize = ClipTokenizer.load(vocab).vocabSize();
        Path clip = tmp.resolve("tiny-clip.safetensors");
        ClipConfig config = new ClipConfig(32, 32, 8, 64, 2, 1, 77, vocabSize, 64, 2, 1);
        try (ClipWeights w = ClipWeights.initialize(config, 11, Device.cpu(), DataType.FLOAT32)) {
            w.save(clip, Map.of("model", "tiny"));
        }
        set("comma.mini", tmp.resolve("mini-home").toString());
        set("comma.clip", clip.toString());
    }

    private static void set(String key, String value) {
        SAVED.putIfAbsent(key, System.getProperty(key));
        System.setProperty(key, value);
    }

    @AfterAll
    static void restore() {
        SAVED.forEach((k, v) -> {
            if (v == null) {
                System.clearProperty(k);
            } else {
                System.setProperty(k, v);
            }
        });
    }

    @Test
    void prodaAndCtpTftRunOnEveryProtocolAndFillTheTables() throws IOException {
        Path out = tmp.resolve("results");
        var o = kit("reproduce", "--preset", "mini", "--protocol", "all", "--methods", "ProDA,CTP-TFT",
                "--seeds", "1", "--datasets", "MiniShapes,MiniImageNetA", "--data", world.toString(),
                "--set", "epochs=1", "--set", "batchSize=4", "--set", "shots=1", "--out", out.toString(),
                "--no-plots");
        assertEquals(0, o.status(), o.out() + o.err());
        List<ResultRow> rows = ResultStore.read(out.resolve(Reproduce.RESULTS));
        Set<String> done = new TreeSet<>();
        for (ResultRow r : rows) {
            done.add(r.method().id() + " " + r.protocol().id() + " " + r.phase().id());
            assertTrue(r.phase().isTraining() || r.accuracy() >= 0 && r.accuracy() <= 100, r.toString());
        }
        for (String m : List.of("ProDA", "CTP-TFT")) {
            for (String job : List.of("base2new train-base", "base2new test-base", "base2new test-new",
                    "xd train-all", "xd test-source", "xd test-target", "dg test-target")) {
                assertTrue(done.contains(m + " " + job), m + " " + job + " in " + done);
            }
        }
        String base2new = Files.readString(out.resolve("tables").resolve("base2new.csv"));
        assertTrue(base2new.contains("ProDA HM") && base2new.contains("CTP-TFT HM"), base2new);
        assertTrue(Files.readString(out.resolve("tables").resolve("dg.csv")).contains("CTP-TFT"));
        assertTrue(o.out().contains("CTP-TFT = CTP/TFT (provisional interpretation; paper text unavailable)"),
                o.out());
    }

    @Test
    void theFullDryRunListsAndEstimatesBoth() {
        var o = kit("reproduce", "--preset", "full", "--protocol", "all", "--methods", "ProDA,CTP-TFT",
                "--dry-run", "--out", tmp.resolve("dry").toString());
        assertEquals(0, o.status(), o.err());
        assertTrue(o.out().lines().anyMatch(l -> l.endsWith("ProDA/base2new/ImageNet/seed1/train-base")), o.out());
        assertTrue(o.out().lines().anyMatch(l -> l.endsWith("CTP-TFT/xd/ImageNet/seed3/train-all")), o.out());
        assertTrue(o.out().contains("Total: 294 jobs in 72 chains; 0 done, 294 to run."), o.out());
    }
}
