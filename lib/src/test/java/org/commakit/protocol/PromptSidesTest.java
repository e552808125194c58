package org.commakit.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.commakit.KitException;
import org.commakit.data.DatasetSplits;
import org.commakit.prompt.PromptLearner;
import org.commakit.course.Course;
import org.commakit.train.Method;
import org.commakit.train.TrainConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The four ways PromptSides tests trained prompts: zero-shot and "learner" are the accuracies the course (and the
 * reproduce jobs) compute by their own paths; a learner without vision prompts has no image side (drift 0, image side
 * only = zero-shot, text side only = the learner); MaPLe's vision prompts move the image features.
 */
class PromptSidesTest {
    private static Course course;

    @BeforeAll
    static void open() {
        course = Course.open(Preset.MINI, "MiniShapes");
    }

    @AfterAll
    static void close() {
        course.close();
    }

    private static double[] trainAndMeasure(Method method, DatasetSplits train, DatasetSplits test, Path runDir,
            double[] learnerAccuracy) {
        TrainConfig config = course.config(method, 1, "epochs=1", "shots=4");
        try (PromptLearner learner = course.learner(config, train)) {
            course.train(learner, config, train, runDir);
            learnerAccuracy[0] = course.accuracy(learner, test);
        }
        return PromptSides.sides(new PromptSides.Frozen(course.clip(), course.tokenizer(), course.preprocess()), test,
                course.template(), method, runDir);
    }

    @Test
    void zeroShotAndTheLearnerAreTheCoursesAccuraciesAndCoOpHasNoImageSide(@TempDir Path dir) {
        Course.BaseToNew halves = course.baseToNew(course.fewShot(4, 1));
        double[] coopAccuracy = new double[1];
        double[] coop = trainAndMeasure(Method.COOP, halves.base(), halves.novel(), dir.resolve("coop"), coopAccuracy);
        double zeroShot = course.zeroShot(halves.novel());
        assertEquals(zeroShot, coop[1], 1e-9, "zero-shot");
        assertEquals(coopAccuracy[0], coop[2], 1e-9, "CoOp as trained, on the new classes");
        assertEquals(0, coop[0], 1e-6, "CoOp leaves the image features alone");
        assertEquals(zeroShot, coop[3], 1e-9, "CoOp's image side is CLIP's own");
        assertEquals(coop[2], coop[4], 1e-9, "CoOp's text side is all of it");

        double[] mapleAccuracy = new double[1];
        double[] maple = trainAndMeasure(Method.MAPLE, halves.base(), halves.novel(), dir.resolve("maple"),
                mapleAccuracy);
        assertEquals(zeroShot, maple[1], 1e-9);
        assertEquals(mapleAccuracy[0], maple[2], 1e-9, "MaPLe as trained, on the new classes");
        assertTrue(maple[0] > 1e-4 && maple[0] < 2, "MaPLe's vision prompts move the image features: " + maple[0]);
        for (double a : maple) {
            assertTrue(a >= 0 && a <= 100, String.valueOf(a));
        }
    }

    @Test
    void aMethodWithoutMeasurableSidesOrAMissingCheckpointIsAOneLineError(@TempDir Path dir) throws Exception {
        KitException cocoop = assertThrows(KitException.class, () -> PromptSides.measure(Preset.MINI, dir,
                Protocol.CROSS_DATASET, List.of(Method.COCOOP), List.of(1), d -> { }));
        assertTrue(cocoop.getMessage().contains("CoCoOp") && cocoop.getMessage().contains("CoOp, MaPLe, COMMA"),
                cocoop.getMessage());
        Files.createDirectories(dir.resolve("runs"));
        KitException missing = assertThrows(KitException.class, () -> PromptSides.measure(Preset.MINI, dir,
                Protocol.CROSS_DATASET, List.of(Method.MAPLE), List.of(2), d -> { }));
        assertTrue(missing.getMessage().contains("seed 2") && missing.getMessage().contains("./kit reproduce "
                + "--protocol xd --methods MaPLe --seeds 2"), missing.getMessage());
    }
}
