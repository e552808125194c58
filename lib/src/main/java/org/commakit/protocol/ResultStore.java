package org.commakit.protocol;

import org.commakit.train.Method;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.charset.MalformedInputException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;
import org.commakit.KitException;

/**
 * The results of finished jobs, one CSV row each ({@link #HEADER}); {@link #has(Job)} makes a rerun skip what is done.
 *
 * <p><b>Crash safety: whole-file replace.</b> An append writes the complete new file to a temporary file in the same
 * folder, forces it to disk, and renames it over the old one ({@code ATOMIC_MOVE}). A reader therefore sees the old
 * file or the new one, never a half row, whatever moment a crash hits; no repair pass is needed. The cost, rewriting a
 * few hundred short lines per job, is negligible next to a job. (Appending one line with fsync was the alternative:
 * cheaper, but a crash mid-write leaves a partial last line that every reader must then detect and drop.)
 *
 * <p><b>Several processes</b> (shards sharing a results folder) are serialised by an exclusive lock on
 * {@code <file>.lock} (a {@link FileLock}, plus an in-process lock since one JVM cannot hold two FileLocks on a file);
 * the lock file stays in place. Temporary files left by a process that died before its rename
 * ({@code <file>.*.tmp}) are deleted under that lock by {@link #open}. The folder must be on a local file system:
 * file locks and atomic rename are not reliable on every network file system. Reading ({@link #read(Path)}) takes no
 * lock and creates nothing, so a read-only results folder can be read.
 *
 * <p><b>A damaged file</b> (another header, a malformed row, two rows for one job) is refused with its line, never
 * averaged into a table.
 */
public final class ResultStore {

    /** The CSV columns, in order. Empty cells stand for NaN or -1. */
    public static final List<String> HEADER = List.of("method", "protocol", "dataset", "seed", "phase", "accuracy",
            "n_test", "wall_s", "epochs", "shots");

    private static final Map<Path, Object> IN_PROCESS_LOCKS = new ConcurrentHashMap<>();

    /** A point between writing the temporary file and renaming it; tests use it to simulate a crash there. */
    @FunctionalInterface
    interface CrashPoint {
        void reached(Path tempFile) throws IOException;
    }

    private final Path file;
    private final CrashPoint beforeRename;

    private ResultStore(Path file, CrashPoint beforeRename) {
        this.file = file;
        this.beforeRename = beforeRename;
    }

    /**
     * The store at {@code file}, for writing (created on the first append; its folder is created now). Deletes
     * temporary files left by a crashed writer and checks that an existing file can be read.
     *
     * @throws KitException when the path is a folder, its folder cannot be created or locked, or the file is damaged
     */
    public static ResultStore open(Path file) throws IOException {
        return open(file, temp -> {});
    }

    static ResultStore open(Path file, CrashPoint beforeRename) throws IOException {
        Path absolute = checkedPath(file);
        try {
            Files.createDirectories(absolute.getParent());
        } catch (IOException e) {
            throw KitException.io("create the results folder " + absolute.getParent(), e, "");
        }
        ResultStore store = new ResultStore(absolute, beforeRename);
        store.locked(() -> {
            store.deleteStaleTempFiles();
            store.read();
            return null;
        });
        return store;
    }

    /**
     * The rows stored in {@code file}, read without a lock and without creating anything (a reader sees a whole file
     * because writers replace it atomically), so a read-only results folder can be read; none when there is no file.
     *
     * @throws KitException when the file is damaged: another header, a malformed row, two rows for one job
     */
    public static List<ResultRow> read(Path file) {
        try {
            return new ResultStore(checkedPath(file), temp -> {}).read();
        } catch (IOException e) {
            throw KitException.io("read the results file " + file, e, "");
        }
    }

    private static Path checkedPath(Path file) {
        Path absolute = file.toAbsolutePath().normalize();
        if (absolute.getFileName() == null || Files.isDirectory(absolute)) {
            throw new KitException("the result store " + file + " is a folder; give a CSV file path, e.g. "
                    + file.resolve("results.csv"));
        }
        return absolute;
    }

    /** The CSV file. */
    public Path file() {
        return file;
    }

    /** All stored rows, in the order they were appended. */
    public List<ResultRow> rows() {
        try {
            return read();
        } catch (IOException e) {
            throw KitException.io("read the results file " + file, e, "");
        }
    }

    /** Whether a result for this job is stored; a runner skips the job then. */
    public boolean has(Job job) {
        return find(job).isPresent();
    }

    /** The stored result of this job, if any. */
    public Optional<ResultRow> find(Job job) {
        ResultKey key = job.key();
        return rows().stream().filter(r -> r.key().equals(key)).findFirst();
    }

    /**
     * Adds a row, atomically (see the class comment).
     *
     * @throws KitException when a row with the same key is already stored (two runs did the same job)
     */
    public void append(ResultRow row) throws IOException {
        locked(() -> {
            List<ResultRow> rows = read();
            for (ResultRow r : rows) {
                if (r.key().equals(row.key())) {
                    throw new KitException("the results file " + file + " already has " + row.key() + " (accuracy "
                            + r.accuracy() + "): another process wrote the same job meanwhile (two runs of the same "
                            + "shard into one folder?); the stored row is kept, run the same command again to go on");
                }
            }
            rows = new ArrayList<>(rows);
            rows.add(row);
            replaceFile(rows);
            return null;
        });
    }

    /**
     * Removes the rows {@code drop} selects, in one atomic replace (all of them or none); returns them.
     */
    public List<ResultRow> remove(Predicate<ResultRow> drop) throws IOException {
        return locked(() -> {
            List<ResultRow> rows = read();
            List<ResultRow> kept = rows.stream().filter(drop.negate()).toList();
            if (kept.size() != rows.size()) {
                replaceFile(kept);
            }
            return rows.stream().filter(drop).toList();
        });
    }

    private void replaceFile(List<ResultRow> rows) throws IOException {
        Path temp = null;
        try {
            temp = Files.createTempFile(file.getParent(), file.getFileName() + ".", ".tmp");
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE,
                    StandardOpenOption.TRUNCATE_EXISTING)) {
                Writer out = Channels.newWriter(channel, StandardCharsets.UTF_8);
                out.write(Csv.format(HEADER));
                out.write('\n');
                for (ResultRow r : rows) {
                    out.write(Csv.format(fields(r)));
                    out.write('\n');
                }
                out.flush();
                channel.force(true);
            }
            beforeRename.reached(temp);
            Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            forceFolder();
        } catch (IOException e) {
            throw KitException.io("write the results file " + file + " (it is unchanged)", e, "");
        } finally {
            if (temp != null) {
                Files.deleteIfExists(temp);
            }
        }
    }

    private List<ResultRow> read() throws IOException {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (MalformedInputException e) {
            throw new KitException("the results file " + file + " is not UTF-8 text: it is damaged; " + FIX, e);
        }
        if (lines.isEmpty()) {
            return List.of();
        }
        List<String> header;
        try {
            header = Csv.parse(lines.get(0), file + ":1");
        } catch (IllegalArgumentException e) {
            throw new KitException(e.getMessage() + " The header of " + file + " is damaged; " + FIX, e);
        }
        if (!header.equals(HEADER)) {
            throw new KitException("the results file " + file + " has the header " + header + ", expected " + HEADER
                    + ": it was written by another kit version or edited; move it away or give another --out");
        }
        List<ResultRow> rows = new ArrayList<>();
        Map<ResultKey, Integer> lineOf = new HashMap<>();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) {
                continue;
            }
            String where = file + ":" + (i + 1);
            ResultRow row;
            try {
                row = row(Csv.parse(lines.get(i), where));
            } catch (RuntimeException e) {
                String m = e.getMessage() == null ? e.toString() : e.getMessage();
                throw new KitException(where + ": " + (m.startsWith(where) ? m.substring(where.length() + 2) : m)
                        + " (the line is '" + lines.get(i) + "'); " + FIX, e);
            }
            Integer first = lineOf.putIfAbsent(row.key(), i + 1);
            if (first != null) {
                throw new KitException(where + " repeats " + row.key() + " of line " + first + ": the table would "
                        + "average two results of one job; delete the line that should not count (both are one run "
                        + "of the same job)");
            }
            rows.add(row);
        }
        return rows;
    }

    /** The fix for a damaged results file. */
    private static final String FIX = "repair or delete that line (the job is run again), or move the file away";

    private static List<String> fields(ResultRow r) {
        return List.of(r.method().id(), r.protocol().id(), r.dataset(), Integer.toString(r.seed()), r.phase().id(),
                number(r.accuracy()), Long.toString(r.nTest()), number(r.wallSeconds()), count(r.epochs()),
                count(r.shots()));
    }

    private static ResultRow row(List<String> f) {
        if (f.size() != HEADER.size()) {
            throw new IllegalArgumentException("expected " + HEADER.size() + " fields " + HEADER + ", found "
                    + f.size());
        }
        return new ResultRow(Method.of(f.get(0)), Protocol.fromId(f.get(1)), f.get(2), Integer.parseInt(f.get(3)),
                Phase.fromId(f.get(4)), parseNumber(f.get(5)), Long.parseLong(f.get(6)), parseNumber(f.get(7)),
                parseCount(f.get(8)), parseCount(f.get(9)));
    }

    /** Shortest exact decimal (round-trips), empty for NaN. */
    private static String number(double x) {
        return Double.isNaN(x) ? "" : BigDecimal.valueOf(x).toPlainString();
    }

    private static double parseNumber(String s) {
        return s.isEmpty() ? Double.NaN : Double.parseDouble(s);
    }

    private static String count(int n) {
        return n < 0 ? "" : Integer.toString(n);
    }

    private static int parseCount(String s) {
        return s.isEmpty() ? -1 : Integer.parseInt(s);
    }

    private void deleteStaleTempFiles() throws IOException {
        try (DirectoryStream<Path> stale = Files.newDirectoryStream(file.getParent(), file.getFileName() + ".*.tmp")) {
            for (Path p : stale) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** Makes the rename itself durable (Linux: fsync on the folder); skipped where the OS does not allow it. */
    private void forceFolder() {
        try (FileChannel dir = FileChannel.open(file.getParent(), StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | UnsupportedOperationException e) {
            // Not every OS can open a folder as a channel (e.g. Windows); the rename is still atomic there.
        }
    }

    @FunctionalInterface
    private interface LockedAction<T> {
        T run() throws IOException;
    }

    private <T> T locked(LockedAction<T> action) throws IOException {
        Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
        Object monitor = IN_PROCESS_LOCKS.computeIfAbsent(file, f -> new Object());
        synchronized (monitor) {
            FileChannel channel;
            try {
                channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            } catch (FileSystemException e) {
                throw KitException.io("create the lock file " + lockFile + " that lets shards share the results "
                        + "folder", e, "");
            }
            try (channel; FileLock lock = channel.lock()) {
                return action.run();
            }
        }
    }
}
