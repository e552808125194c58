package org.commakit.course;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.commakit.KitException;
import org.commakit.data.DatasetSplits;
import org.commakit.data.Datum;
import org.commakit.prompt.PromptLearner;
import org.commakit.protocol.Preset;
import org.commakit.train.Accuracy;
import org.commakit.train.Method;
import org.commakit.train.TrainConfig;
import org.commakit.train.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One's own image folder as a course: reading, zero-shot and learned predictions, a checkpoint to reload. */
class ImageFolderTest {

    @Test
    void anExampleFolderReadsAsSplitsAndClassifiesLikeAnyDataset(@TempDir Path dir) {
        Path folder = ImageFolder.example(dir.resolve("mine"), 4, 6);
        DatasetSplits mine = ImageFolder.read(folder, 0.5, 1);
        assertEquals(4, mine.numClasses());
        assertEquals(12, mine.train().size());
        assertEquals(12, mine.test().size());
        assertTrue(mine.classnames().stream().allMatch(c -> c.contains(" ")), "underscores read as spaces: "
                + mine.classnames());
        assertEquals(mine, ImageFolder.read(folder, 0.5, 1), "the same seed gives the same split");

        try (Course course = Course.open(Preset.MINI, mine, "a photo of a {}.")) {
            int[] zeroShot = course.zeroShotPredictions(mine);
            Accuracy counted = new Accuracy(mine.numClasses());
            counted.add(zeroShot, mine.test().stream().mapToInt(Datum::label).toArray());
            assertEquals(course.evaluateZeroShot(mine).top1(), counted.top1(), 1e-9);
            assertEquals(course.zeroShot(mine), counted.top1(), 1e-9);

            TrainConfig config = course.config(Method.COOP, 1, "epochs=1");
            Path runDir = dir.resolve("run");
            try (PromptLearner learner = course.learner(config, mine)) {
                course.train(learner, config, mine, runDir);
                int[] learned = course.predictions(learner, mine);
                try (PromptLearner reloaded = course.learner(config, mine)) {
                    assertEquals(1, Trainer.loadCheckpoint(reloaded, runDir));
                    assertArrayEquals(learned, course.predictions(reloaded, mine));
                }
                Map<String, int[]> byMethod = new LinkedHashMap<>();
                byMethod.put("zero-shot", zeroShot);
                byMethod.put("CoOp", learned);
                String html = Gallery.predictions(mine.test(), mine.classnames(), byMethod, 16);
                assertEquals(mine.test().size(), html.split("<figure").length - 1);
                assertEquals(2 * mine.test().size(), html.split("<span style='color:").length - 1);
            }
            String rows = Gallery.rows(mine.train(), mine.classnames(), 2, 16);
            assertEquals(4 * 2, rows.split("<img").length - 1);
        }
    }

    @Test
    void badFoldersAndTemplatesSayWhatIsWrong(@TempDir Path dir) throws IOException {
        KitException missing = assertThrows(KitException.class, () -> ImageFolder.read(dir.resolve("none"), 0.5, 1));
        assertTrue(missing.getMessage().contains("MY_IMAGES"), missing.getMessage());
        Files.createDirectories(dir.resolve("one/cat"));
        KitException one = assertThrows(KitException.class, () -> ImageFolder.read(dir.resolve("one"), 0.5, 1));
        assertTrue(one.getMessage().contains("at least 2"), one.getMessage());
        Files.createDirectories(dir.resolve("one/dog"));
        KitException empty = assertThrows(KitException.class, () -> ImageFolder.read(dir.resolve("one"), 0.5, 1));
        assertTrue(empty.getMessage().contains("cat") && empty.getMessage().contains("0 image(s)"),
                empty.getMessage());
        assertThrows(KitException.class, () -> ImageFolder.read(dir, 1.0, 1));
        DatasetSplits some = new DatasetSplits("x", List.of(), List.of(), List.of());
        KitException template = assertThrows(KitException.class, () -> Course.open(Preset.MINI, some, "a photo"));
        assertTrue(template.getMessage().contains("{}"), template.getMessage());
    }
}
