package org.commakit.protocol;

import org.commakit.train.Method;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;

/**
 * Every job of the selected protocols for the given methods, seeds and datasets (docs/data-protocol.md#the-three-protocols), in run order.
 *
 * <p>Jobs come in <em>chains</em>: a training job followed by every test that loads its checkpoint. A chain is never
 * split between shards, so a shard never waits for a checkpoint another shard makes.
 * <ul>
 *   <li>Base-to-new, for each dataset, method and seed: {@code train-base, test-base, test-new}.</li>
 *   <li>Cross-dataset and domain generalization, for each method and seed: {@code train-all} on the source, then
 *       {@code test-source}, then {@code test-target} on each xd target, then on each dg target. The dg table's
 *       Source column is the same {@code test-source} result, so selecting only dg still trains and tests the
 *       source.</li>
 *   <li>A method that does not train (zero-shot CLIP) has only the test jobs, and only for the first seed: nothing
 *       in its evaluation depends on the seed (fixed test splits, fixed template).</li>
 * </ul>
 */
public final class JobMatrix {

    /** A training job and the tests that load its checkpoint; {@code index} is its number in the full matrix. */
    public record Chain(int index, List<Job> jobs) {
        public Chain {
            jobs = List.copyOf(jobs);
        }
    }

    private final List<Chain> chains;

    private JobMatrix(List<Chain> chains) {
        this.chains = List.copyOf(chains);
    }

    /**
     * The full matrix.
     *
     * @param methods methods in table column order
     * @param seeds seeds for methods that train (the papers: 1, 2, 3); methods that do not train use the first
     * @param datasets dataset names of each protocol ({@link ProtocolDatasets#paper()} or the mini world's)
     * @param protocols which protocols to include
     */
    public static JobMatrix build(List<Method> methods, List<Integer> seeds, ProtocolDatasets datasets,
                                  Set<Protocol> protocols) {
        requireDistinctNonEmpty(methods, "method");
        requireDistinctNonEmpty(seeds, "seed");
        if (protocols.isEmpty()) {
            throw new IllegalArgumentException("No protocol selected; choose from base2new, xd, dg.");
        }
        List<List<Job>> chains = new ArrayList<>();
        if (protocols.contains(Protocol.BASE_TO_NEW)) {
            for (String dataset : datasets.baseToNew()) {
                for (Method method : methods) {
                    for (int seed : seedsFor(method, seeds)) {
                        List<Job> chain = new ArrayList<>();
                        if (method.trains()) {
                            chain.add(Job.baseToNew(method, dataset, seed, Phase.TRAIN_BASE));
                        }
                        chain.add(Job.baseToNew(method, dataset, seed, Phase.TEST_BASE));
                        chain.add(Job.baseToNew(method, dataset, seed, Phase.TEST_NEW));
                        chains.add(chain);
                    }
                }
            }
        }
        boolean xd = protocols.contains(Protocol.CROSS_DATASET);
        boolean dg = protocols.contains(Protocol.DOMAIN_GENERALIZATION);
        if (xd || dg) {
            String source = datasets.source();
            for (Method method : methods) {
                for (int seed : seedsFor(method, seeds)) {
                    List<Job> chain = new ArrayList<>();
                    if (method.trains()) {
                        chain.add(Job.trainAll(method, source, seed));
                    }
                    chain.add(Job.testSource(method, source, seed));
                    if (xd) {
                        for (String target : datasets.crossDatasetTargets()) {
                            chain.add(Job.testTarget(method, Protocol.CROSS_DATASET, target, source, seed));
                        }
                    }
                    if (dg) {
                        for (String target : datasets.domainShiftTargets()) {
                            chain.add(Job.testTarget(method, Protocol.DOMAIN_GENERALIZATION, target, source, seed));
                        }
                    }
                    chains.add(chain);
                }
            }
        }
        List<Chain> numbered = new ArrayList<>();
        for (int i = 0; i < chains.size(); i++) {
            numbered.add(new Chain(i, chains.get(i)));
        }
        return new JobMatrix(numbered);
    }

    /** The paper's full preset: 5 methods ({@link Method#paperMethods()}), seeds 1-3, all datasets, 3 protocols. */
    public static JobMatrix paper() {
        return build(Method.paperMethods(), List.of(1, 2, 3), ProtocolDatasets.paper(), EnumSet.allOf(Protocol.class));
    }

    /** The chains, in run order, each with its number in the full matrix. */
    public List<Chain> chains() {
        return chains;
    }

    /** All jobs, in run order (a training job always before the tests that load its checkpoint). */
    public List<Job> jobs() {
        List<Job> all = new ArrayList<>();
        chains.forEach(c -> all.addAll(c.jobs()));
        return all;
    }

    /** The number of jobs. */
    public int size() {
        return chains.stream().mapToInt(c -> c.jobs().size()).sum();
    }

    /**
     * The chains whose full-matrix number {@code c} satisfies {@code c mod count == index}. The number is kept when
     * jobs are removed ({@link #without}), so a shard's content never depends on what has already run.
     */
    public JobMatrix shard(Shard shard) {
        return new JobMatrix(chains.stream().filter(c -> shard.contains(c.index())).toList());
    }

    /** This matrix without the jobs {@code done} accepts (e.g. {@code store::has}); emptied chains are dropped. */
    public JobMatrix without(Predicate<Job> done) {
        List<Chain> kept = new ArrayList<>();
        for (Chain c : chains) {
            List<Job> left = c.jobs().stream().filter(done.negate()).toList();
            if (!left.isEmpty()) {
                kept.add(new Chain(c.index(), left));
            }
        }
        return new JobMatrix(kept);
    }

    /** Job counts per protocol and phase, in enum order. */
    public Map<Protocol, Map<Phase, Integer>> counts() {
        Map<Protocol, Map<Phase, Integer>> counts = new EnumMap<>(Protocol.class);
        for (Job job : jobs()) {
            counts.computeIfAbsent(job.protocol(), p -> new EnumMap<>(Phase.class)).merge(job.phase(), 1, Integer::sum);
        }
        return counts;
    }

    private static List<Integer> seedsFor(Method method, List<Integer> seeds) {
        return method.trains() ? seeds : seeds.subList(0, 1);
    }

    private static <T> void requireDistinctNonEmpty(List<T> values, String what) {
        if (values == null || values.isEmpty()) {
            throw new IllegalArgumentException("The " + what + " list is empty; the matrix needs at least one " + what
                    + ".");
        }
        Set<T> distinct = new HashSet<>(values);
        if (distinct.size() != values.size() || distinct.contains(null)) {
            throw new IllegalArgumentException("The " + what + " list " + values + " has a repeated or missing entry: "
                    + new LinkedHashSet<>(values));
        }
    }
}
