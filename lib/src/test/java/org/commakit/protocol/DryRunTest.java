package org.commakit.protocol;

import org.commakit.train.Method;
import org.commakit.train.TrainConfig;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class DryRunTest {

    @Test
    void paperPresetReportsCountsAndTimeFromTheGivenFiguresOnly() {
        // figures given by the caller: 2 s per training step, 100 steps per training job, no test figure
        JobCostModel costs = JobCostModel.perStep(job -> job.phase().isTraining() ? 2.0 : Double.NaN, job -> 100);
        String report = DryRun.render(JobMatrix.paper(), costs, job -> false);
        List<String> lines = report.lines().toList();
        assertEquals(1 + 625, lines.indexOf(""), "a header line, then one line per job");
        assertTrue(report.contains("  base2new  train-base     132"), report);
        assertTrue(report.contains("  base2new  test-new       143"), report);
        assertTrue(report.contains("  xd        train-all       12"), report);
        assertTrue(report.contains("  xd        test-source     13"), report);
        assertTrue(report.contains("  xd        test-target    130"), report);
        assertTrue(report.contains("  dg        test-target     52"), report);
        assertTrue(report.contains("Total: 625 jobs in 156 chains; 0 done, 625 to run."), report);
        // 144 training jobs x 100 steps x 2 s = 28,800 s = 8 h
        assertTrue(report.contains("Estimated time to run: 8 h 00 min for 144 jobs with a cost figure; "
                + "481 jobs have no figure and are not counted."), report);
        assertTrue(lines.get(1).endsWith("ZeroShotCLIP/base2new/ImageNet/seed1/test-base"), lines.get(1));
        assertTrue(lines.get(3).contains("3.3 min") && lines.get(3).endsWith("CoOp/base2new/ImageNet/seed1/train-base"),
                lines.get(3));
    }

    @Test
    void doneJobsAreListedButNotCountedInTheTimeLeft() {
        JobMatrix one = JobMatrix.build(List.of(Method.COMMA), List.of(1), ProtocolDatasets.paper(),
                java.util.EnumSet.of(Protocol.BASE_TO_NEW)).shard(new Shard(0, 11));
        assertEquals(3, one.size());
        Job train = one.jobs().get(0);
        String report = DryRun.render(one, job -> OptionalDouble.of(job.phase().isTraining() ? 600 : 30),
                train::equals);
        assertTrue(report.contains("Total: 3 jobs in 1 chains; 1 done, 2 to run."), report);
        assertTrue(report.contains("Estimated time to run: 1.0 min for 2 jobs with a cost figure."), report);
        String twoWorkers = DryRun.render(one, job -> OptionalDouble.of(job.phase().isTraining() ? 600 : 30),
                train::equals, 2);
        assertTrue(twoWorkers.contains("Estimated time to run: 1.0 min for 2 jobs with a cost figure (of work; with 2 "
                + "worker processes about 30.0 s of wall time)."), twoWorkers);
    }

    @Test
    void theMiniModelPricesWhatTheKitRunsNotWhatThePapersCodeRuns() {
        ReproduceOptions options = ReproduceOptions.builder(Preset.MINI).build();
        PromptCostModel model = PromptCostModel.of(Preset.MINI, options::trainConfig);
        // CoOp trains on features encoded once: its step does not pay for 32 images
        Job coop = Job.baseToNew(Method.COOP, "MiniSatellite", 1, Phase.TRAIN_BASE);
        Job maple = Job.baseToNew(Method.MAPLE, "MiniSatellite", 1, Phase.TRAIN_BASE);
        TrainConfig c = options.trainConfig(Method.COOP, false, "MiniSatellite", 1);
        long steps = JobCostModel.trainingSteps(c.epochs(), c.shots() * 5, c.batchSize());
        double perStep = PromptCostModel.MINI_STEP_SECONDS + 5 * PromptCostModel.MINI_TRAIN_SECONDS;
        double once = c.shots() * 5 * 4 * PromptCostModel.MINI_TRAIN_SECONDS / 3;
        assertEquals(once + steps * perStep, model.seconds(coop).getAsDouble(), 1e-9);
        TrainConfig m = options.trainConfig(Method.MAPLE, false, "MiniSatellite", 1);
        long mapleSteps = JobCostModel.trainingSteps(m.epochs(), m.shots() * 5, m.batchSize());
        assertEquals(mapleSteps * (PromptCostModel.MINI_STEP_SECONDS + (5 + m.batchSize() * 4)
                * PromptCostModel.MINI_TRAIN_SECONDS), model.seconds(maple).getAsDouble(), 1e-9);
        // the full preset's model (the papers' own run) is unchanged: no step cost, images every step
        PromptCostModel full = PromptCostModel.of(Preset.FULL, ReproduceOptions.builder(Preset.FULL).build()::trainConfig);
        assertEquals(0, full.stepSeconds());
        assertFalse(full.cachedFeatures());
    }

    @Test
    void historyEstimateIsTheMeanWallTimeOfOtherSeeds() {
        Job seed1 = Job.baseToNew(Method.MAPLE, "DescribableTextures", 1, Phase.TRAIN_BASE);
        Job seed2 = Job.baseToNew(Method.MAPLE, "DescribableTextures", 2, Phase.TRAIN_BASE);
        Job seed3 = Job.baseToNew(Method.MAPLE, "DescribableTextures", 3, Phase.TRAIN_BASE);
        JobCostModel history = JobCostModel.fromHistory(List.of(ResultRow.trained(seed1, 100, 5, 16),
                ResultRow.trained(seed2, 140, 5, 16)));
        assertEquals(OptionalDouble.of(120), history.seconds(seed3));
        Job other = Job.baseToNew(Method.COMMA, "DescribableTextures", 3, Phase.TRAIN_BASE);
        assertFalse(history.seconds(other).isPresent());
        assertEquals(OptionalDouble.of(7), history.orElse(job -> OptionalDouble.of(7)).seconds(other));
    }

    @Test
    void trainingStepsFollowTheRecipeFormula() {
        // docs/official-code-notes.md#cost-of-a-step: ImageNet base, 16 shots x 500 classes, batch 4 -> 2000 iterations per epoch; 5 epochs
        assertEquals(10_000, JobCostModel.trainingSteps(5, 16 * 500, 4));
        assertEquals(2 * 4000, JobCostModel.trainingSteps(2, 16 * 1000, 4));
        assertEquals(3, JobCostModel.trainingSteps(3, 2, 4), "a set smaller than a batch is one step per epoch");
        assertEquals(4 * 2, JobCostModel.trainingSteps(4, 11, 4), "the last partial batch is dropped");
    }
}
