package org.commakit.protocol;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.commakit.KitException;
import org.commakit.clip.ClipTokenizer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The preset setting: names, dataset lists, and the mini world's datasets reachable through the benchmark APIs. */
class PresetTest {
    @Test
    void namesParseAndBadNamesSayWhatToUse() {
        assertEquals(Preset.MINI, Preset.of("mini"));
        assertEquals(Preset.FULL, Preset.of(" FULL "));
        KitException e = assertThrows(KitException.class, () -> Preset.of("gpu"));
        assertTrue(e.getMessage().contains("'gpu'") && e.getMessage().contains("COMMA_PRESET"), e.getMessage());
    }

    @Test
    void eachMiniScheduleHasItsOwnResultsFolderAndReachesEveryTrainingConfig() {
        ReproduceOptions papers = ReproduceOptions.builder(Preset.MINI)
                .schedule(org.commakit.miniworld.MiniSchedule.Schedule.PAPERS).build();
        ReproduceOptions quick = ReproduceOptions.builder(Preset.MINI)
                .schedule(org.commakit.miniworld.MiniSchedule.Schedule.SHORT).build();
        assertEquals(Path.of("results", "mini-papers").toAbsolutePath(), papers.out());
        assertEquals(Path.of("results", "mini").toAbsolutePath(), quick.out());
        assertEquals(Path.of("results", "full").toAbsolutePath(), ReproduceOptions.builder(Preset.FULL)
                .schedule(org.commakit.miniworld.MiniSchedule.Schedule.PAPERS).build().out());
        org.commakit.train.Method coop = org.commakit.train.Method.COOP;
        assertEquals(16, papers.trainConfig(coop, false, "MiniShapes", 1).shots());
        assertEquals(200, papers.trainConfig(coop, false, "MiniShapes", 1).epochs());
        assertEquals(org.commakit.miniworld.MiniSchedule.SHOTS, quick.trainConfig(coop, false, "MiniShapes", 1).shots());
        assertEquals(papers.trainConfig(coop, false, "MiniShapes", 1).with("epochs=7"),
                papers.toBuilder().overrides(java.util.List.of("epochs=7")).build()
                        .trainConfig(coop, false, "MiniShapes", 1), "--set applies on top of the schedule");
    }

    @Test
    void miniDatasetsMirrorThePapersLists() {
        ProtocolDatasets mini = Preset.MINI.datasets();
        ProtocolDatasets paper = Preset.FULL.datasets();
        assertEquals("MiniImageNet", mini.source());
        assertEquals(8, mini.baseToNew().size(), "the source and 7 targets");
        assertEquals(4, mini.domainShiftTargets().size());
        assertEquals(paper.domainShiftTargets().size(), mini.domainShiftTargets().size());
        assertEquals(11, paper.baseToNew().size());
        for (String d : mini.baseToNew()) {
            assertTrue(Preset.MINI.has(d) && !Preset.FULL.has(d), d);
            assertEquals(d, Preset.MINI.catalog().reader(d).name(), "mini datasets load through the reader classes");
            assertTrue(Preset.MINI.catalog().template(d).contains("{}"), d);
        }
        KitException e = assertThrows(KitException.class, () -> Preset.MINI.catalog().reader("MiniNothing"));
        assertTrue(e.getMessage().contains("MiniShapes"), "the message lists the mini datasets");
        e = assertThrows(KitException.class, () -> Preset.FULL.catalog().reader("MiniShapes"));
        assertTrue(e.getMessage().contains("OxfordPets"), "the full preset's catalog lists the benchmarks");
    }

    @Test
    void fullPresetUsesTheBundledVocabularyWhenTheWeightsFolderHasNone(@TempDir Path weights) throws IOException {
        String old = System.getProperty("comma.weights");
        System.setProperty("comma.weights", "/nonexistent/weights");
        try {
            assertEquals(ClipTokenizer.openAiVocabulary(), Preset.FULL.vocabulary());
            assertArrayEquals(new int[] {49406, 320, 1125, 539, 320, 49407},
                    Arrays.copyOf(Preset.FULL.tokenizer().tokenize("a photo of a"), 6));
            // a copy in the weights folder is the one used
            Path copy = Files.copy(ClipTokenizer.openAiVocabulary(), weights.resolve(ClipTokenizer.OPENAI_VOCABULARY));
            System.setProperty("comma.weights", weights.toString());
            assertEquals(copy, Preset.FULL.vocabulary());
        } finally {
            if (old == null) {
                System.clearProperty("comma.weights");
            } else {
                System.setProperty("comma.weights", old);
            }
        }
    }

    @Test
    void fullPresetNamesTheScriptWhenWeightsAreMissing() {
        String old = System.getProperty("comma.weights");
        System.setProperty("comma.weights", "/nonexistent/weights");
        try {
            KitException e = assertThrows(KitException.class, Preset.FULL::clipCheckpoint);
            assertTrue(e.getMessage().contains("clip_weights.sh") && e.getMessage().contains(
                    Path.of("/nonexistent/weights/ViT-B-16.pt").toString()), e.getMessage());
        } finally {
            if (old == null) {
                System.clearProperty("comma.weights");
            } else {
                System.setProperty("comma.weights", old);
            }
        }
    }
}
