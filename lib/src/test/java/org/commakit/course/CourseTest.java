package org.commakit.course;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDArray;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.commakit.KitException;
import org.commakit.data.DatasetSplits;
import org.commakit.prompt.PromptLearner;
import org.commakit.protocol.HarmonicMean;
import org.commakit.protocol.Preset;
import org.commakit.train.Method;
import org.commakit.train.TrainConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

/** The course API on the mini preset: the calls the chapters make, against the library's own paths. */
class CourseTest {
    private static Course course;

    @BeforeAll
    static void open() {
        course = Course.open(Preset.MINI, "MiniShapes");
    }

    @AfterAll
    static void close() {
        course.close();
    }

    @Test
    void zeroShotAccuracyEqualsScoringTheImageFeaturesWithTheClassEmbeddings() {
        DatasetSplits data = course.data();
        double zeroShot = course.zeroShot(data);

        ImageFeatures features = course.imageFeatures(data.test());
        assertEquals(data.test().size(), features.size());
        assertArrayEquals(data.test().stream().mapToInt(d -> d.label()).toArray(), features.labels());
        NDArray classes = course.classEmbeddings(data.classnames(), List.of(course.template()));
        double byFeatures = features.top1(features.predict(classes), data.numClasses());

        assertEquals(zeroShot, byFeatures, 1e-9, "two paths to the same zero-shot accuracy");
        assertTrue(zeroShot > 2 * 100.0 / data.numClasses(), "zero-shot MiniCLIP is well above chance: " + zeroShot);
        float[] p = features.probabilities(0, classes, course.clip().logitScale());
        double sum = 0;
        for (float x : p) {
            sum += x;
        }
        assertEquals(1.0, sum, 1e-4);
    }

    @Test
    void aShortTrainingMovesOnlyTheTrainableTensorsAndLeavesNoRunFolder() throws IOException {
        Course.BaseToNew halves = course.baseToNew(course.fewShot(2, 1));
        Set<String> all = new HashSet<>(halves.base().classnames());
        all.addAll(halves.novel().classnames());
        assertEquals(course.data().numClasses(), all.size(), "base and new classes cover the dataset");
        assertTrue(halves.base().classnames().stream().noneMatch(halves.novel().classnames()::contains));

        TrainConfig config = course.config(Method.COOP, 1, "epochs=1");
        assertEquals(1, config.epochs());
        Set<Path> before = tempRuns();
        try (PromptLearner coop = course.learner(config, halves.base())) {
            Map<String, float[]> start = snapshot(coop);
            course.train(coop, config, halves.base());
            Map<String, float[]> end = snapshot(coop);
            assertEquals(start.keySet(), end.keySet());
            assertTrue(start.keySet().stream().anyMatch(k -> !java.util.Arrays.equals(start.get(k), end.get(k))),
                    "training moved no trainable tensor");
            double novel = course.accuracy(coop, halves.novel());
            assertEquals(halves.novel().classnames(), coop.classnames(), "accuracy switches the learner's classes");
            assertTrue(novel >= 0 && novel <= 100);
            assertEquals(CourseTables.trainableCount(coop), start.values().stream().mapToLong(a -> a.length).sum());
            Table tensors = CourseTables.trainables("tensors", Map.of("CoOp", coop));
            assertEquals(start.size(), tensors.rowCount());
        }
        assertEquals(before, tempRuns(), "the training's temporary run folder stays behind");
    }

    @Test
    void faithfulCommaHoldsGeneratorsOutsideTheOptimiserAndTheyNeverMove() {
        Course.BaseToNew halves = course.baseToNew(course.fewShot(2, 1));
        TrainConfig config = course.config(Method.COMMA, 1, "epochs=1");
        try (PromptLearner comma = course.learner(config, halves.base())) {
            Map<String, PromptLearner> learners = Map.of("COMMA", comma);
            Table holdings = LearnerTensors.holdings("tensors", learners);
            for (int r = 0; r < holdings.rowCount(); r++) {
                String module = holdings.stringColumn("module").get(r);
                assertEquals(module.startsWith("generator.") ? "no" : "yes",
                        holdings.stringColumn("given to the optimiser").get(r), module);
            }
            assertTrue(holdings.stringColumn("module").contains("generator.1"), holdings.print());

            float[][][] attention = CommaAttention.of(course, (org.commakit.prompt.Comma) comma,
                    halves.base().test().get(0));
            assertEquals(config.depth() - 1, attention.length, "one matrix per generator");
            for (float[] row : attention[0]) {
                double sum = 0;
                for (float w : row) {
                    sum += w;
                }
                assertEquals(1.0, sum, 1e-5, "each row is a softmax");
            }
            Table table = CommaAttention.table("attention", Map.of("COMMA", attention));
            assertEquals(attention.length * attention[0].length, table.rowCount());
            assertTrue(CommaAttention.distanceFromUniform(attention) < 1.0);

            double kpBefore;
            try (org.commakit.loss.KnowledgePreservingLoss kp = new org.commakit.loss.KnowledgePreservingLoss(
                    course.clip(), new org.commakit.loss.HandCraftedTemplate(course.tokenizer(),
                    course.knowledgeTemplate()), halves.base().classnames(), 1f, 1)) {
                kpBefore = course.knowledgeLoss(comma, kp, halves.base());
                assertTrue(kpBefore > 0 && kpBefore < 2, "1 - mean cosine lies in (0, 2): " + kpBefore);
                assertEquals(kpBefore, course.knowledgeLoss(comma, kp, halves.base()), 1e-6, "one value per learner");
            }

            Map<String, Map<String, float[]>> before = LearnerTensors.snapshots(learners);
            course.train(comma, config, halves.base());
            Table moved = LearnerTensors.changes("moved", learners, before);
            for (int r = 0; r < moved.rowCount(); r++) {
                String module = moved.stringColumn("module").get(r);
                double d = moved.doubleColumn("max |Δ|").getDouble(r);
                if (module.startsWith("generator.")) {
                    assertEquals(0.0, d, module + " moved in faithful mode");
                } else if (module.equals("ctx")) {
                    assertTrue(d > 0, "the context did not move");
                }
            }
        }
        assertEquals("generator.2", LearnerTensors.module("generator.2.mlp1.weight"));
        assertEquals("proj", LearnerTensors.module("proj.bias"));
        assertEquals("ctx", LearnerTensors.module("ctx"));
    }

    @Test
    void changesAgainstZeroShotSubtractItsRowAndNeedOne() {
        Table transfer = Table.create("t", tech.tablesaw.api.StringColumn.create("Method", Method.ZERO_SHOT_CLIP.id(),
                "CoOp"), tech.tablesaw.api.DoubleColumn.create("A", 50.0, 55.5));
        Table change = CourseTables.againstZeroShot(transfer, "change");
        assertEquals(5.5, change.doubleColumn("A").getDouble(1), 1e-12);
        assertEquals(0.0, change.doubleColumn("A").getDouble(0), 1e-12);
        Table without = Table.create("x", tech.tablesaw.api.StringColumn.create("Method", "CoOp"),
                tech.tablesaw.api.DoubleColumn.create("A", 1.0));
        KitException e = assertThrows(KitException.class, () -> CourseTables.againstZeroShot(without, "c"));
        assertTrue(e.getMessage().contains(Method.ZERO_SHOT_CLIP.id()), e.getMessage());
    }

    @Test
    void unknownDatasetNamesThePresetsDatasets() {
        KitException e = assertThrows(KitException.class, () -> Course.open(Preset.MINI, "MiniNothing"));
        assertTrue(e.getMessage().contains("MiniShapes"), e.getMessage());
    }

    @Test
    void baseToNewTableHasHarmonicMeanAndChangesAgainstTheFirstRow() {
        Table t = CourseTables.baseToNew("b2n", List.of("zero-shot CLIP", "CoOp"), new double[] {70, 80},
                new double[] {60, 50});
        assertEquals("b2n", t.name());
        assertEquals(List.of("method", "Base", "New", "HM", "Base vs zero-shot CLIP", "New vs zero-shot CLIP"),
                t.columnNames());
        assertEquals(HarmonicMean.of(80, 50), t.doubleColumn("HM").get(1), 1e-12);
        assertEquals(10.0, t.doubleColumn("Base vs zero-shot CLIP").get(1), 1e-12);
        assertEquals(-10.0, t.doubleColumn("New vs zero-shot CLIP").get(1), 1e-12);
        assertTrue(t.print().contains("61.5"), "one decimal: " + t.print());
        assertThrows(KitException.class, () -> CourseTables.baseToNew("x", List.of("a"), new double[] {1, 2},
                new double[] {1, 2}));
    }

    @Test
    void galleryEmbedsCaptionedThumbnailsOfTheGivenSize() throws IOException {
        DatasetSplits data = course.data();
        String html = Gallery.ofClasses(data.test(), data.classnames(), 3, 16);
        assertEquals(3, html.split("<figure").length - 1);
        assertTrue(html.contains("<figcaption>" + data.classnames().get(0) + "</figcaption>"), html);

        String img = Gallery.thumbnail(data.test().get(0).impath(), 16);
        String base64 = img.substring(img.indexOf("base64,") + 7, img.indexOf('\''  , img.indexOf("base64,")));
        var decoded = ImageIO.read(new ByteArrayInputStream(Base64.getDecoder().decode(base64)));
        assertEquals(16, decoded.getWidth(), "a larger image is scaled down to the thumbnail's width");

        assertTrue(Gallery.of(List.of(data.test().get(0).impath()), List.of("<b>&"), 8).contains("&lt;b&gt;&amp;"));
        assertThrows(KitException.class, () -> Gallery.of(List.of(data.test().get(0).impath()), List.of(), 8));
        assertThrows(KitException.class, () -> Gallery.thumbnail(data.test().get(0).impath(), 0));
    }

    @Test
    void checksPassWithALineAndFailWithWhatWasExpected() {
        assertEquals("checked: x", Check.that(true, "x"));
        assertTrue(Check.between(0.5, 0, 1, "p").startsWith("checked: p = 0.5"));
        assertEquals("checked: n = 3", Check.equal(3, 3, "n"));
        AssertionError e = assertThrows(AssertionError.class, () -> Check.between(2, 0, 1, "p"));
        assertTrue(e.getMessage().contains("p is 2.0, expected between 0.0 and 1.0"), e.getMessage());
        assertThrows(AssertionError.class, () -> Check.between(Double.NaN, 0, 1, "p"));
        assertThrows(AssertionError.class, () -> Check.that(false, "x"));
        assertThrows(AssertionError.class, () -> Check.equal(3, 4, "n"));
    }

    private static Map<String, float[]> snapshot(PromptLearner learner) {
        Map<String, float[]> values = new LinkedHashMap<>();
        learner.trainableParameters().forEach((name, p) -> values.put(name, p.toFloatArray()));
        return values;
    }

    private static Set<Path> tempRuns() throws IOException {
        try (Stream<Path> files = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return new HashSet<>(files.filter(p -> p.getFileName().toString().startsWith("comma-course-")).toList());
        }
    }
}
