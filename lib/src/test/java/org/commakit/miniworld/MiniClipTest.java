package org.commakit.miniworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipConfig;
import org.commakit.clip.ClipTokenizer;
import org.commakit.clip.ImagePreprocess;
import org.commakit.clip.SafeTensors;
import org.commakit.data.ClassSubsample;
import org.commakit.data.DatasetSplits;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The committed MiniCLIP: it loads through the real checkpoint code, has the documented architecture and records the
 * recipe that made it, and it classifies unseen mini images zero-shot far above chance.
 */
class MiniClipTest {
    @TempDir
    static Path tmp;

    @Test
    void committedCheckpointLoadsWithItsRecipeAndArchitecture() {
        Path file = MiniClip.checkpoint(tmp.resolve("clip"));
        Map<String, String> meta = SafeTensors.metadata(file);
        assertEquals(MiniClip.DEFAULTS.toString(), meta.get("recipe"), "the checkpoint was made by the default recipe");
        assertTrue(meta.get("zero_shot").contains("MiniShapes"), "the zero-shot table of the run is recorded");
        ClipTokenizer tok = ClipTokenizer.load(MiniClip.vocabulary(tmp.resolve("clip")));
        try (Clip clip = Clip.load(file)) {
            assertEquals(MiniClip.config(tok.vocabSize()), clip.config());
        }
        Path again = MiniClip.checkpoint(tmp.resolve("clip"));
        assertEquals(file, again, "extracted once, then reused");
    }

    @Test
    void zeroShotOnUnseenImagesIsFarAboveChance() throws Exception {
        Path world = tmp.resolve("world");
        MiniWorld.generate(world, MiniWorld.DEFAULT_SEED, new MiniWorld.Options(0.25, 2, null));
        ClipTokenizer tok = ClipTokenizer.load(MiniClip.vocabulary(tmp.resolve("clip")));
        try (Clip clip = Clip.load(MiniClip.checkpoint(tmp.resolve("clip")))) {
            MiniDataset shapes = MiniDatasets.SHAPES;
            DatasetSplits s = shapes.reader().read(world);
            DatasetSplits nw = ClassSubsample.apply(s, ClassSubsample.Subset.NEW);
            double acc = MiniClip.accuracy(clip, tok, new ImagePreprocess(32), nw, shapes.template());
            double chance = 100.0 / 10;
            assertTrue(acc > 3 * chance, "new-class zero-shot accuracy " + acc + "% vs chance " + chance + "%");
        }
        assertTrue(Files.exists(MiniWorld.bpeVocab(world)));
    }
}
