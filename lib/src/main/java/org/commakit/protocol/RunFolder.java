package org.commakit.protocol;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.commakit.KitException;

/**
 * The output folder of {@code ./kit reproduce} as a whole: who may write it, what a crash leaves behind, and how a job
 * is run again.
 *
 * <ul>
 *   <li>{@link #claim}: one process per shard. A second {@code ./kit reproduce} of the same shard into the same folder
 *       is refused at once (a file lock, {@code .reproduce-shard-I-of-N.lock}, released when the process ends, even by
 *       {@code kill -9}); other shards may share the folder ({@link ResultStore} serialises their appends).</li>
 *   <li>{@link #sweepStaleTemporaryFiles}: temporary files of tables, plots, the manifest and the few-shot lists
 *       ({@code *.tmp}) that a killed writer left, older than {@link #STALE}, are deleted at the start of a run (every
 *       writer renames its temporary file within a second, and deletes it when it fails).</li>
 *   <li>{@link #retrain}: the way out of a damaged prompt checkpoint; drops a training job's row and the rows of the
 *       tests that load its checkpoint (one atomic replace of {@code results.csv}), then its run folder, so the next
 *       run trains it again from scratch.</li>
 * </ul>
 */
public final class RunFolder implements AutoCloseable {

    /** A temporary file older than this is a crashed writer's. */
    static final Duration STALE = Duration.ofMinutes(10);

    private final FileChannel channel;
    private final FileLock lock;

    private RunFolder(FileChannel channel, FileLock lock) {
        this.channel = channel;
        this.lock = lock;
    }

    /**
     * Takes the folder for this shard of {@code options} until {@link #close()}: creates it, checks it is writable and
     * that no other process runs the same shard into it, then sweeps stale temporary files.
     *
     * @throws KitException when {@code --out} is a file, cannot be created or written, or another process holds the
     *     shard
     */
    public static RunFolder claim(ReproduceOptions options) {
        Path out = options.out();
        if (Files.exists(out) && !Files.isDirectory(out)) {
            throw new KitException("--out " + out + " is a file, not a folder; give a folder for the results (it is "
                    + "created when missing)");
        }
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw KitException.io("create the output folder " + out, e, "give a writable --out folder");
        }
        Shard shard = options.shard();
        Path lockFile = out.resolve(".reproduce-shard-" + shard.index() + "-of-" + shard.count() + ".lock");
        FileChannel channel;
        try {
            channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw KitException.io("write in the output folder " + out, e, "give a writable --out folder (a "
                    + "read-only results folder can still be read: --dry-run, Reproduce.report)");
        }
        FileLock lock;
        try {
            lock = channel.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // this JVM holds it already
        } catch (IOException e) {
            close(channel);
            throw KitException.io("lock " + lockFile, e, "");
        }
        if (lock == null) {
            close(channel);
            throw new KitException("another ./kit reproduce is running shard " + shard + " into " + out + " (it holds "
                    + lockFile.getFileName() + "); wait for it to end, or run another shard (--shard i/n) or "
                    + "another --out");
        }
        RunFolder folder = new RunFolder(channel, lock);
        try {
            sweepStaleTemporaryFiles(out);
        } catch (RuntimeException e) {
            folder.close();
            throw e;
        }
        return folder;
    }

    /** Releases the shard. */
    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException e) {
            // closing the channel releases it too
        }
        close(channel);
    }

    private static void close(FileChannel channel) {
        try {
            channel.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }

    /**
     * Deletes the {@code *.tmp} files older than {@link #STALE} in {@code out}, {@code tables/}, {@code plots/} and
     * under {@code fewshot/} (temporary files of {@code results.csv} are {@link ResultStore}'s, deleted under its lock).
     *
     * @return the deleted files
     */
    public static List<Path> sweepStaleTemporaryFiles(Path out) {
        List<Path> deleted = new ArrayList<>();
        Instant before = Instant.now().minus(STALE);
        for (Path dir : List.of(out, out.resolve("tables"), out.resolve("plots"), out.resolve("fewshot"))) {
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir, dir.endsWith("fewshot") ? 2 : 1)) {
                for (Path p : files.filter(p -> p.getFileName().toString().endsWith(".tmp")).toList()) {
                    String name = p.getFileName().toString();
                    boolean results = name.startsWith(ReproduceOptions.RESULTS + ".");
                    if (!results && Files.isRegularFile(p) && modified(p).toInstant().isBefore(before)) {
                        Files.deleteIfExists(p);
                        deleted.add(p);
                    }
                }
            } catch (IOException e) {
                throw KitException.io("clean the temporary files a crashed run left in " + dir, e, "");
            }
        }
        return deleted;
    }

    private static FileTime modified(Path p) throws IOException {
        return Files.getLastModifiedTime(p);
    }

    /**
     * Makes the next run train these jobs again from scratch: for each training job id (as {@code ./kit reproduce
     * --dry-run} lists them), drops its row and the rows of the tests that load its checkpoint from
     * {@code results.csv} in one atomic replace, then deletes its run folder. A crash in between leaves rows dropped
     * and a run folder that the training resumes from or that the same {@code --retrain} deletes again.
     *
     * @return the dropped rows
     * @throws KitException when an id is not a training job of this run
     */
    public static List<ResultRow> retrain(ReproduceOptions options, List<String> jobIds, PrintStream progress) {
        List<Job> jobs = options.matrix().jobs();
        Set<Job> trainings = new LinkedHashSet<>();
        for (String id : jobIds) {
            String wanted = id.strip();
            Optional<Job> job = jobs.stream().filter(j -> j.id().equals(wanted)).findFirst();
            if (job.isEmpty()) {
                throw new KitException("--retrain " + wanted + " is not a job of this run; give a training job id as "
                        + "./kit reproduce --dry-run lists it with the same options, e.g. "
                        + jobs.stream().filter(j -> j.phase().isTraining()).map(Job::id).findFirst()
                                .orElse("COMMA/base2new/MiniShapes/seed1/train-base"));
            }
            if (!job.get().phase().isTraining()) {
                throw new KitException("--retrain " + wanted + " is a test; "
                        + job.get().checkpointJob().map(t -> "retrain the training it loads: --retrain " + t.id())
                                .orElse("zero-shot CLIP trains nothing: delete its row from results.csv to test it "
                                        + "again"));
            }
            trainings.add(job.get());
        }
        Set<ResultKey> drop = jobs.stream().filter(j -> trainings.contains(j)
                        || j.checkpointJob().filter(trainings::contains).isPresent())
                .map(Job::key).collect(Collectors.toSet());
        List<ResultRow> dropped;
        try (RunFolder claimed = claim(options)) {
            try {
                dropped = ResultStore.open(options.resultsFile()).remove(r -> drop.contains(r.key()));
            } catch (IOException e) {
                throw KitException.io("drop rows from " + options.resultsFile(), e, "");
            }
            for (Job t : trainings) {
                Path runFolder = JobRunner.runFolder(options.out(), t);
                try {
                    deleteTree(runFolder);
                } catch (IOException e) {
                    throw KitException.io("delete the run folder " + runFolder + " (its rows are dropped already; "
                            + "the same --retrain deletes it again)", e, "");
                }
                progress.printf("retrain %s: dropped %d result row(s) and %s%n", t.id(),
                        dropped.stream().filter(r -> r.key().equals(t.key()) || jobs.stream().anyMatch(j ->
                                j.key().equals(r.key()) && j.checkpointJob().filter(t::equals).isPresent())).count(),
                        options.out().relativize(runFolder));
            }
        }
        return dropped;
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(p)) {
            for (Path q : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(q);
            }
        }
    }
}
