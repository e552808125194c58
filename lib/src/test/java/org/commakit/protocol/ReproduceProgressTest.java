package org.commakit.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.OptionalDouble;
import org.commakit.train.Method;
import org.junit.jupiter.api.Test;

/** The ETA: the shape model's figures, scaled by what this run's ended jobs took against what the model gave them. */
class ReproduceProgressTest {

    @Test
    void theShapeModelIsCalibratedByTheEndedJobsOfThisRun() {
        Job a = Job.baseToNew(Method.COOP, "MiniShapes", 1, Phase.TRAIN_BASE);
        Job b = Job.baseToNew(Method.COOP, "MiniFood", 1, Phase.TRAIN_BASE);
        Job c = Job.baseToNew(Method.MAPLE, "MiniFood", 1, Phase.TRAIN_BASE);
        JobCostModel none = job -> OptionalDouble.empty();
        JobCostModel shapes = job -> OptionalDouble.of(job.method() == Method.MAPLE ? 400 : 100);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        ReproduceProgress p = new ReproduceProgress(new PrintStream(bytes, true, StandardCharsets.UTF_8),
                List.of(a, b, c), none, shapes);
        assertEquals(400, p.estimate(c), 1e-9, "nothing ended: the model's own figure");
        p.finished(a, ResultRow.trained(a, 10, 1, 16)); // took a tenth of what the model said
        assertEquals(10, p.estimate(b), 1e-9);
        assertEquals(40, p.estimate(c), 1e-9, "a larger job stays larger by the model's ratio");
        String line = bytes.toString(StandardCharsets.UTF_8);
        assertTrue(line.contains("ETA 50.0 s"), line);
        JobCostModel history = job -> job.equals(c) ? OptionalDouble.of(7) : OptionalDouble.empty();
        ReproduceProgress withHistory = new ReproduceProgress(new PrintStream(new ByteArrayOutputStream()),
                List.of(a, b, c), history, shapes);
        assertEquals(7, withHistory.estimate(c), 1e-9, "finished jobs of other seeds come first");
    }
}
