package org.commakit.protocol;

import org.commakit.KitException;
import org.commakit.train.Method;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class JobMatrixTest {

    @Test
    void paperPresetHasTheStatedJobCounts() {
        JobMatrix paper = JobMatrix.paper();
        Map<Protocol, Map<Phase, Integer>> c = paper.counts();
        // base-to-new: 4 trained methods x 11 datasets x 3 seeds; zero-shot CLIP: 11 datasets x 1 seed
        assertEquals(132, c.get(Protocol.BASE_TO_NEW).get(Phase.TRAIN_BASE));
        assertEquals(132 + 11, c.get(Protocol.BASE_TO_NEW).get(Phase.TEST_BASE));
        assertEquals(132 + 11, c.get(Protocol.BASE_TO_NEW).get(Phase.TEST_NEW));
        // cross-dataset: 4 x 3 trainings on ImageNet; source test 4 x 3 + 1; targets (4 x 3 + 1) x 10
        assertEquals(12, c.get(Protocol.CROSS_DATASET).get(Phase.TRAIN_ALL));
        assertEquals(13, c.get(Protocol.CROSS_DATASET).get(Phase.TEST_SOURCE));
        assertEquals(130, c.get(Protocol.CROSS_DATASET).get(Phase.TEST_TARGET));
        // domain generalization: (4 x 3 + 1) x 4 variants, on the xd checkpoints
        assertEquals(Map.of(Phase.TEST_TARGET, 52), c.get(Protocol.DOMAIN_GENERALIZATION));
        assertEquals(625, paper.size());
        assertEquals(11 * 13 + 13, paper.chains().size());
        assertEquals(paper.size(), new HashSet<>(paper.jobs()).size(), "no job twice");
    }

    @Test
    void everyTestComesAfterTheTrainingJobWhoseCheckpointItLoads() {
        List<Job> jobs = JobMatrix.paper().jobs();
        for (JobMatrix.Chain chain : JobMatrix.paper().chains()) {
            Job first = chain.jobs().get(0);
            for (Job job : chain.jobs()) {
                job.checkpointJob().ifPresent(train -> assertEquals(train, first, job + " is not in its checkpoint's chain"));
            }
        }
        Job commaNew = Job.baseToNew(Method.COMMA, "EuroSAT", 2, Phase.TEST_NEW);
        assertTrue(jobs.indexOf(commaNew.checkpointJob().orElseThrow()) < jobs.indexOf(commaNew));
        Job sketch = Job.testTarget(Method.MAPLE, Protocol.DOMAIN_GENERALIZATION, "ImageNetSketch", "ImageNet", 3);
        assertEquals(Job.trainAll(Method.MAPLE, "ImageNet", 3), sketch.checkpointJob().orElseThrow());
        assertTrue(jobs.contains(sketch));
    }

    @Test
    void shardsPartitionTheMatrixAndNeverSplitAChain() {
        JobMatrix paper = JobMatrix.paper();
        for (int n = 1; n <= 7; n++) {
            Map<Job, Integer> owner = new HashMap<>();
            for (int i = 0; i < n; i++) {
                JobMatrix shard = paper.shard(new Shard(i, n));
                for (JobMatrix.Chain chain : shard.chains()) {
                    assertEquals(i, chain.index() % n);
                }
                for (Job job : shard.jobs()) {
                    Integer previous = owner.put(job, i);
                    assertEquals(null, previous, job + " is in shards " + previous + " and " + i);
                }
            }
            assertEquals(paper.size(), owner.size(), "shards of " + n + " cover every job");
            for (Job job : paper.jobs()) {
                int shard = owner.get(job);
                job.checkpointJob().ifPresent(train -> assertEquals(shard, owner.get(train)));
            }
        }
    }

    @Test
    void shardContentDoesNotDependOnWhatHasRun() {
        JobMatrix paper = JobMatrix.paper();
        Set<Job> done = paper.jobs().stream().filter(j -> j.seed() == 2 || j.dataset().startsWith("S"))
                .collect(Collectors.toSet());
        for (int i = 0; i < 3; i++) {
            Shard s = new Shard(i, 3);
            assertEquals(paper.shard(s).without(done::contains).jobs(), paper.without(done::contains).shard(s).jobs());
        }
    }

    @Test
    void miniWorldNamesFlowThroughTheSameCode() {
        ProtocolDatasets mini = new ProtocolDatasets(List.of("MiniDigits", "MiniFashion"), "MiniSource",
                List.of("MiniDigits"), List.of("MiniSourceSketch"));
        JobMatrix m = JobMatrix.build(List.of(Method.ZERO_SHOT_CLIP, Method.COMMA), List.of(7, 8), mini,
                EnumSet.allOf(Protocol.class));
        List<String> ids = m.jobs().stream().map(Job::id).toList();
        assertEquals(List.of(
                "ZeroShotCLIP/base2new/MiniDigits/seed7/test-base",
                "ZeroShotCLIP/base2new/MiniDigits/seed7/test-new",
                "COMMA/base2new/MiniDigits/seed7/train-base",
                "COMMA/base2new/MiniDigits/seed7/test-base",
                "COMMA/base2new/MiniDigits/seed7/test-new",
                "COMMA/base2new/MiniDigits/seed8/train-base",
                "COMMA/base2new/MiniDigits/seed8/test-base",
                "COMMA/base2new/MiniDigits/seed8/test-new",
                "ZeroShotCLIP/base2new/MiniFashion/seed7/test-base",
                "ZeroShotCLIP/base2new/MiniFashion/seed7/test-new",
                "COMMA/base2new/MiniFashion/seed7/train-base",
                "COMMA/base2new/MiniFashion/seed7/test-base",
                "COMMA/base2new/MiniFashion/seed7/test-new",
                "COMMA/base2new/MiniFashion/seed8/train-base",
                "COMMA/base2new/MiniFashion/seed8/test-base",
                "COMMA/base2new/MiniFashion/seed8/test-new",
                "ZeroShotCLIP/xd/MiniSource/seed7/test-source",
                "ZeroShotCLIP/xd/MiniDigits/seed7/test-target",
                "ZeroShotCLIP/dg/MiniSourceSketch/seed7/test-target",
                "COMMA/xd/MiniSource/seed7/train-all",
                "COMMA/xd/MiniSource/seed7/test-source",
                "COMMA/xd/MiniDigits/seed7/test-target",
                "COMMA/dg/MiniSourceSketch/seed7/test-target",
                "COMMA/xd/MiniSource/seed8/train-all",
                "COMMA/xd/MiniSource/seed8/test-source",
                "COMMA/xd/MiniDigits/seed8/test-target",
                "COMMA/dg/MiniSourceSketch/seed8/test-target"), ids);
        assertEquals("MiniSource", m.jobs().get(21).trainedOn());
    }

    @Test
    void domainGeneralizationAloneStillTrainsAndTestsTheSource() {
        JobMatrix dg = JobMatrix.build(List.of(Method.COOP), List.of(1), ProtocolDatasets.paper(),
                EnumSet.of(Protocol.DOMAIN_GENERALIZATION));
        List<String> ids = new ArrayList<>(dg.jobs().stream().map(Job::id).toList());
        assertEquals(List.of("CoOp/xd/ImageNet/seed1/train-all", "CoOp/xd/ImageNet/seed1/test-source",
                "CoOp/dg/ImageNetV2/seed1/test-target", "CoOp/dg/ImageNetSketch/seed1/test-target",
                "CoOp/dg/ImageNetA/seed1/test-target", "CoOp/dg/ImageNetR/seed1/test-target"), ids);
    }

    @Test
    void shardArgumentIsParsedAndCheckedWithAHelpfulMessage() {
        assertEquals(new Shard(1, 4), Shard.parse(" 1/4 "));
        assertEquals("1/4", Shard.parse("1/4").toString());
        KitException outOfRange = assertThrows(KitException.class, () -> Shard.parse("4/4"));
        assertTrue(outOfRange.getMessage().contains("0 <= index < count"), outOfRange.getMessage());
        KitException malformed = assertThrows(KitException.class, () -> Shard.parse("2 of 4"));
        assertTrue(malformed.getMessage().contains("index/count"), malformed.getMessage());
    }

    @Test
    void inconsistentJobsAreRefusedWithTheReason() {
        IllegalArgumentException noTraining = assertThrows(IllegalArgumentException.class,
                () -> Job.baseToNew(Method.ZERO_SHOT_CLIP, "EuroSAT", 1, Phase.TRAIN_BASE));
        assertTrue(noTraining.getMessage().contains("learns nothing"), noTraining.getMessage());
        IllegalArgumentException wrongProtocol = assertThrows(IllegalArgumentException.class,
                () -> new Job(Method.COMMA, Protocol.DOMAIN_GENERALIZATION, "ImageNetA", 1, Phase.TEST_NEW, "ImageNetA"));
        assertTrue(wrongProtocol.getMessage().contains("not part of protocol dg"), wrongProtocol.getMessage());
        IllegalArgumentException badName = assertThrows(IllegalArgumentException.class,
                () -> Job.baseToNew(Method.COMMA, "../etc", 1, Phase.TEST_NEW));
        assertTrue(badName.getMessage().contains("'../etc'"), badName.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new ProtocolDatasets(List.of("A", "A"), "S",
                List.of(), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new ProtocolDatasets(List.of("A"), "S",
                List.of("S"), List.of()));
    }
}
