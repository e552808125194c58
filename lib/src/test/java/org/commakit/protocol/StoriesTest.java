package org.commakit.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.commakit.train.Method;
import org.junit.jupiter.api.Test;

/**
 * The stories are read from the tables the kit makes from result rows, with values chosen so that each claim's
 * outcome is known by hand:
 *
 * <pre>
 * base-to-new (MiniA, MiniB; one value per method for both datasets, so the Average is that value)
 *   ZeroShotCLIP base 60 new 70 HM 64.62 | CoOp 80 / 55 HM 65.19 | CoCoOp 70 / 68 HM 68.99 | MaPLe 78 / 66 HM 71.50
 *   COMMA 79 / 69 HM 73.66                         -> (a) yes: all base > 60, CoOp's new -15 is the lowest
 *                                                     (b) yes: gaps 2, 4, 1 < 15 and HMs above 65.19
 * cross-dataset source MiniSource: ZS 40, CoOp 50, CoCoOp 45, MaPLe 47, COMMA 48 -> (c) yes
 * cross-dataset targets' Average: ZS 50, CoOp 44, CoCoOp 49, MaPLe 51, COMMA 52 -> (e) yes
 * dg variants' Average: ZS 30, CoOp 31, CoCoOp 29, MaPLe 33, COMMA 34 -> (d) yes
 * </pre>
 */
class StoriesTest {
    private static final ProtocolDatasets DATASETS = new ProtocolDatasets(List.of("MiniA", "MiniB"), "MiniSource",
            List.of("MiniA", "MiniB"), List.of("MiniV1", "MiniV2"));
    private static final List<Method> METHODS = List.of(Method.ZERO_SHOT_CLIP, Method.COOP, Method.COCOOP,
            Method.MAPLE, Method.COMMA);

    private static ReproduceReport report(Map<Method, double[]> values, List<Method> methods) {
        List<ResultRow> rows = new ArrayList<>();
        for (Method m : methods) {
            double[] v = values.get(m); // base, new, source, targets, variants
            for (String d : DATASETS.baseToNew()) {
                rows.add(ResultRow.of(Job.baseToNew(m, d, 1, Phase.TEST_BASE), v[0], 100, 1, 5, 16));
                rows.add(ResultRow.of(Job.baseToNew(m, d, 1, Phase.TEST_NEW), v[1], 100, 1, 5, 16));
            }
            rows.add(new ResultRow(m, Protocol.CROSS_DATASET, "MiniSource", 1, Phase.TEST_SOURCE, v[2], 100, 1, 2, 16));
            for (String d : DATASETS.crossDatasetTargets()) {
                rows.add(new ResultRow(m, Protocol.CROSS_DATASET, d, 1, Phase.TEST_TARGET, v[3], 100, 1, 2, 16));
            }
            for (String d : DATASETS.domainShiftTargets()) {
                rows.add(new ResultRow(m, Protocol.DOMAIN_GENERALIZATION, d, 1, Phase.TEST_TARGET, v[4], 100, 1, 2,
                        16));
            }
        }
        return new ReproduceReport(ResultTables.baseToNew(rows, DATASETS.baseToNew(), methods),
                ResultTables.crossDataset(rows, DATASETS, methods),
                ResultTables.domainGeneralization(rows, DATASETS, methods), null, null, null, methods);
    }

    private static Map<Method, double[]> papersLike() {
        return new java.util.EnumMap<>(Map.of(
                Method.ZERO_SHOT_CLIP, new double[] {60, 70, 40, 50, 30},
                Method.COOP, new double[] {80, 55, 50, 44, 31},
                Method.COCOOP, new double[] {70, 68, 45, 49, 29},
                Method.MAPLE, new double[] {78, 66, 47, 51, 33},
                Method.COMMA, new double[] {79, 69, 48, 52, 34}));
    }

    private static List<String> holds(ReproduceReport r) {
        return Stories.of(r).stream().map(Stories.Story::holds).toList();
    }

    @Test
    void storiesTheTablesTellHold() {
        List<Stories.Story> s = Stories.of(report(papersLike(), METHODS));
        assertEquals(List.of("a", "b", "c", "d", "e"), s.stream().map(Stories.Story::id).toList());
        assertEquals(List.of("yes", "yes", "yes", "yes", "yes"), s.stream().map(Stories.Story::holds).toList());
        assertTrue(s.get(0).measured().contains("CoOp base +20.00 new -15.00"), s.get(0).measured());
        assertTrue(s.get(2).measured().contains("MiniSource: zero-shot 40.00") && s.get(2).measured()
                .contains("COMMA +8.00"), s.get(2).measured());
        assertEquals(5, Stories.table(report(papersLike(), METHODS)).rowCount());
    }

    @Test
    void eachStoryFailsWhenItsOwnCellsSayOtherwise() {
        Map<Method, double[]> v = papersLike();
        v.get(Method.MAPLE)[1] = 50; // MaPLe's new falls below CoOp's: (a) CoOp no longer loses most, (b) fails
        assertEquals(List.of("no", "no", "yes", "yes", "yes"), holds(report(v, METHODS)));
        v = papersLike();
        for (Method m : List.of(Method.COOP, Method.COCOOP, Method.MAPLE, Method.COMMA)) {
            v.get(m)[1] += 16; // every learner gains on new, CoOp least (+1): CoOp gains, it does not lose most
        }
        assertEquals("no", holds(report(v, METHODS)).get(0));
        v = papersLike();
        v.get(Method.COCOOP)[2] = 39; // CoCoOp below zero-shot on the source
        assertEquals(List.of("yes", "yes", "no", "yes", "yes"), holds(report(v, METHODS)));
        v = papersLike();
        v.get(Method.COMMA)[4] = 30; // COMMA equal to zero-shot on the variants is not above it
        assertEquals(List.of("yes", "yes", "yes", "no", "yes"), holds(report(v, METHODS)));
        v = papersLike();
        v.get(Method.COCOOP)[3] = 43; // CoCoOp lower than CoOp on the targets
        assertEquals(List.of("yes", "yes", "yes", "yes", "no"), holds(report(v, METHODS)));
    }

    @Test
    void aStoryWhoseMethodsOrTablesAreMissingIsNotChecked() {
        List<Method> noCoOp = List.of(Method.ZERO_SHOT_CLIP, Method.COCOOP, Method.MAPLE, Method.COMMA);
        List<Stories.Story> s = Stories.of(report(papersLike(), noCoOp));
        assertEquals(List.of("n/a", "n/a", "n/a", "yes", "n/a"), s.stream().map(Stories.Story::holds).toList());
        assertTrue(s.get(0).measured().contains("has no CoOp"), s.get(0).measured());
        ReproduceReport onlyB2n = new ReproduceReport(report(papersLike(), METHODS).baseToNew(), null, null, null,
                null, null, METHODS);
        assertEquals(List.of("yes", "yes", "n/a", "n/a", "n/a"), holds(onlyB2n));
        assertTrue(Stories.of(onlyB2n).get(2).measured().contains("no cross-dataset table"));
    }

    @Test
    void theReportPrintsAndWritesTheStoriesWhenOneCanBeChecked(@org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp)
            throws java.io.IOException {
        ReproduceReport r = report(papersLike(), METHODS);
        assertTrue(r.text().contains("The papers' stories on this run"), r.text());
        java.nio.file.Path stories = tmp.resolve("tables").resolve("stories.csv");
        assertTrue(r.write(tmp).contains(stories));
        List<String> lines = java.nio.file.Files.readAllLines(stories);
        assertEquals("story,claim,measured,holds", lines.get(0));
        assertEquals(6, lines.size());
        assertTrue(lines.get(3).startsWith("c,") && lines.get(3).endsWith(",yes"), lines.get(3));
        ReproduceReport zeroShotOnly = report(papersLike(), List.of(Method.ZERO_SHOT_CLIP));
        assertEquals(null, zeroShotOnly.stories());
        assertTrue(!zeroShotOnly.write(tmp.resolve("zs")).contains(tmp.resolve("zs/tables/stories.csv")));
    }
}
