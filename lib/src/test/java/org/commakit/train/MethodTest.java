package org.commakit.train;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.commakit.course.Course;
import org.commakit.prompt.FrozenImageFeatures;
import org.commakit.prompt.PromptLearner;
import org.commakit.protocol.Preset;
import org.junit.jupiter.api.Test;

/** What a method declares about its learner (for the dry run's cost model) is what its learner does. */
class MethodTest {

    @Test
    void trainsOnImageFeaturesIsTrueExactlyForTheLearnersThatReadOnlyImageFeatures() {
        try (Course course = Course.open(Preset.MINI, "MiniSatellite")) {
            for (Method m : Method.trained()) {
                TrainConfig config = course.config(m, 1);
                try (PromptLearner learner = course.learner(config, course.data())) {
                    boolean readsFeatures = learner instanceof FrozenImageFeatures f && f.readsOnlyImageFeatures();
                    assertEquals(readsFeatures, m.trainsOnImageFeatures(), m.id());
                }
            }
        }
    }
}
