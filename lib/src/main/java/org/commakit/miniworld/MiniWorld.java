package org.commakit.miniworld;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.commakit.miniworld.MiniDataset.Layout;

/**
 * The mini world: every mini dataset ({@link MiniDatasets}) and the mini CLIP's BPE vocabulary, generated from one
 * seed into a data root in the real benchmarks' layouts, so the kit runs end to end on a laptop CPU.
 *
 * <p>Each image is drawn from its own random stream (world seed, dataset, split, class, index), so generation runs in
 * parallel and the same seed gives the same bytes. {@link #generate} is idempotent: it leaves a marker file
 * {@value #MARKER} in the root with the seed, scale and a SHA-256 of every generated file, and regenerates only when
 * the marker is missing or does not match the files on disk.
 *
 * <p>Command line: {@code java org.commakit.miniworld.MiniWorld --out <dir> [--seed <s>] [--scale <f>]
 * [--threads <n>]}.
 */
public final class MiniWorld {
    /** Bump when a change to the generator changes any output byte. */
    public static final int GENERATOR_VERSION = 4;
    /** The marker file in the world root (hidden, so dataset folder listings skip it). */
    public static final String MARKER = ".mini-world";
    /** The lock file that serialises generation by several processes (hidden, outside the hashed folders). */
    static final String LOCK = ".mini-world.lock";
    /** Folder of the mini CLIP's files (the BPE vocabulary) in the world root. */
    public static final String CLIP_FOLDER = "mini-clip";
    /** The seed used when none is given. */
    public static final long DEFAULT_SEED = 1;

    private static final int CHUNK = 64;

    private MiniWorld() {}

    /**
     * Generation settings.
     *
     * @param scale fraction of the full split sizes (0 < scale <= 1; each non-empty split keeps at least one image
     *     per class), for quick tests
     * @param threads worker threads
     * @param log where progress goes, or null for silence
     */
    public record Options(double scale, int threads, PrintStream log) {
        public Options {
            if (!(scale > 0 && scale <= 1)) {
                throw new IllegalArgumentException("mini world scale " + scale + " is outside (0, 1]; use 1 for the "
                        + "full world or e.g. 0.1 for a quick test world");
            }
            if (threads < 1) {
                throw new IllegalArgumentException("threads must be at least 1, got " + threads);
            }
        }

        /** Full scale, all available processors, silent. */
        public static Options defaults() {
            return new Options(1.0, Runtime.getRuntime().availableProcessors(), null);
        }
    }

    /** Image counts of one generated dataset. */
    public record Counts(String dataset, int classes, int train, int val, int test) {
        public int total() {
            return train + val + test;
        }
    }

    /**
     * What {@link #generate} found or made.
     *
     * @param regenerated false when the marker matched and nothing was written
     * @param files number of generated files (images, index files, vocabulary)
     * @param bytes their total size
     * @param sha256 hash of all generated files (relative path and content, in path order)
     */
    public record Summary(Path root, long seed, double scale, boolean regenerated, List<Counts> counts, long files,
            long bytes, double seconds, String sha256) {}

    /** Generates the full world into {@code root} with all available processors (or checks it is already there). */
    public static Summary generate(Path root, long seed) {
        return generate(root, seed, Options.defaults());
    }

    /**
     * Generates the world into {@code root}, unless the marker shows the same world is already there. Safe to call
     * from several processes at once (the shards of {@code ./kit reproduce} on a fresh machine): they take turns on a
     * file lock in the root, and the later ones find the world up to date.
     */
    public static Summary generate(Path root, long seed, Options options) {
        synchronized (MiniWorld.class) { // a JVM holds a file lock once; its threads queue here
            try {
                Files.createDirectories(root);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot create mini world root " + root + ": " + e.getMessage(), e);
            }
            Path lockFile = root.resolve(LOCK);
            try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock lock = channel.lock()) {
                return generateLocked(root, seed, options);
            } catch (IOException e) {
                throw new UncheckedIOException("cannot lock " + lockFile + " to generate the mini world: "
                        + e.getMessage(), e);
            }
        }
    }

    private static Summary generateLocked(Path root, long seed, Options options) {
        long t0 = System.nanoTime();
        List<Counts> counts = new ArrayList<>();
        for (MiniDataset d : MiniDatasets.all()) {
            counts.add(counts(d, options.scale()));
        }
        Map<String, String> marker = readMarker(root);
        if (marker != null && String.valueOf(seed).equals(marker.get("seed"))
                && String.valueOf(options.scale()).equals(marker.get("scale"))
                && String.valueOf(GENERATOR_VERSION).equals(marker.get("generator"))) {
            // the cheap check first: every file's path, size and modification time as generated; their contents
            // are hashed only when the listing differs (a copied world: new times, same bytes), docs/reproduce.md#the-manifest
            Listing now = listing(root);
            if (now.sha256.equals(marker.get("listing")) && marker.get("sha256") != null) {
                log(options, "mini world in %s is up to date (seed %d, %d files)%n", root, seed, now.files);
                return new Summary(root, seed, options.scale(), false, counts, now.files, now.bytes, seconds(t0),
                        marker.get("sha256"));
            }
            Hash h = hash(root);
            if (h.sha256.equals(marker.get("sha256"))) {
                try {
                    writeMarker(root, seed, options.scale(), h, now); // same bytes: remember the new listing
                } catch (UncheckedIOException e) {
                    // a read-only world: it is checked by content again next time
                }
                log(options, "mini world in %s is up to date (seed %d, %d files)%n", root, seed, h.files);
                return new Summary(root, seed, options.scale(), false, counts, h.files, h.bytes, seconds(t0), h.sha256);
            }
            log(options, "mini world in %s does not match its marker; regenerating%n", root);
        }
        try {
            Files.deleteIfExists(root.resolve(MARKER));
            for (String folder : ownedFolders()) {
                deleteTree(root.resolve(folder));
            }
            Files.createDirectories(root);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot prepare mini world root " + root + ": " + e.getMessage(), e);
        }
        List<ImageJob> jobs = new ArrayList<>();
        for (MiniDataset d : MiniDatasets.all()) {
            jobs.addAll(plan(d, root, seed, options.scale()));
        }
        log(options, "generating the mini world into %s: seed %d, scale %s, %d images, %d threads%n", root, seed,
                options.scale(), jobs.size(), options.threads());
        runAll(jobs, root, options);
        for (MiniDataset d : MiniDatasets.all()) {
            writeIndex(d, root, options.scale());
        }
        Hash h = hash(root);
        writeMarker(root, seed, options.scale(), h, listing(root));
        double seconds = seconds(t0);
        for (Counts c : counts) {
            log(options, "  %-20s %3d classes  train %5d  val %4d  test %5d%n", c.dataset(), c.classes(), c.train(),
                    c.val(), c.test());
        }
        log(options, "done: %d files, %.1f MB, %.1f s%n", h.files, h.bytes / 1e6, seconds);
        return new Summary(root, seed, options.scale(), true, counts, h.files, h.bytes, seconds, h.sha256);
    }

    /** The mini CLIP's BPE vocabulary in a generated world (OpenAI's merges format). */
    public static Path bpeVocab(Path root) {
        return root.resolve(CLIP_FOLDER).resolve(MiniBpeTrainer.FILE_NAME);
    }

    /** Every dataset of the world (as {@link MiniDatasets#all()}). */
    public static List<MiniDataset> datasets() {
        return MiniDatasets.all();
    }

    /** The folders the world owns under its root: one per dataset, plus {@value #CLIP_FOLDER}. */
    static List<String> ownedFolders() {
        List<String> out = new ArrayList<>();
        for (MiniDataset d : MiniDatasets.all()) {
            out.add(d.folder());
        }
        out.add(CLIP_FOLDER);
        return out;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Planning: which file each image goes to, and its seed.

    private record ImageJob(Path file, MiniDataset dataset, Concept concept, long seed) {}

    private static final String[] SPLITS = {"train", "val", "test"};

    static int scaled(int perClass, double scale) {
        return perClass == 0 ? 0 : Math.max(1, (int) Math.round(perClass * scale));
    }

    static Counts counts(MiniDataset d, double scale) {
        int k = d.numClasses();
        return new Counts(d.name(), k, k * scaled(d.trainPerClass(), scale), k * scaled(d.valPerClass(), scale),
                k * scaled(d.testPerClass(), scale));
    }

    /** Folder of class {@code label}'s images for a split, relative to the dataset folder. */
    private static String imageFolder(MiniDataset d, String split, int label) {
        String cls = d.classFolder(label);
        return switch (d.layout()) {
            case IMAGENET -> "images/" + (split.equals("train") ? "train" : "val") + "/" + cls;
            case IMAGENET_V2 -> "imagenetv2-matched-frequency-format-val/" + cls;
            case IMAGENET_SKETCH -> "images/" + cls;
            case IMAGENET_A -> "imagenet-a/" + cls;
            case IMAGENET_R -> "imagenet-r/" + cls;
            case SPLIT_JSON -> "images/" + cls;
        };
    }

    /** File name of the {@code index}-th image of a class in a split (JSON splits share one folder per class). */
    private static String imageName(MiniDataset d, String split, int index, double scale) {
        int offset = 0;
        if (d.layout() == Layout.SPLIT_JSON) {
            if (!split.equals("train")) {
                offset += scaled(d.trainPerClass(), scale);
            }
            if (split.equals("test")) {
                offset += scaled(d.valPerClass(), scale);
            }
        }
        return String.format("%04d.png", offset + index);
    }

    private static int perClass(MiniDataset d, String split, double scale) {
        return switch (split) {
            case "train" -> scaled(d.trainPerClass(), scale);
            case "val" -> scaled(d.valPerClass(), scale);
            default -> scaled(d.testPerClass(), scale);
        };
    }

    private static List<ImageJob> plan(MiniDataset d, Path root, long seed, double scale) {
        List<ImageJob> jobs = new ArrayList<>();
        Path dir = d.dir(root);
        for (int s = 0; s < SPLITS.length; s++) {
            int n = perClass(d, SPLITS[s], scale);
            for (int label = 0; label < d.numClasses(); label++) {
                Path folder = dir.resolve(imageFolder(d, SPLITS[s], label));
                for (int i = 0; i < n; i++) {
                    long imageSeed = Seeds.mix(seed, Seeds.of(d.name()), s, label, i);
                    jobs.add(new ImageJob(folder.resolve(imageName(d, SPLITS[s], i, scale)), d,
                            d.concepts().get(label), imageSeed));
                }
            }
        }
        return jobs;
    }

    // ---------------------------------------------------------------------------------------------------------
    // Running: images in chunks on a thread pool, the BPE vocabulary as one more task.

    private static void runAll(List<ImageJob> jobs, Path root, Options options) {
        try {
            for (ImageJob job : jobs) {
                Files.createDirectories(job.file.getParent());
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create image folders under " + root + ": " + e.getMessage(), e);
        }
        AtomicInteger done = new AtomicInteger();
        List<Callable<Void>> tasks = new ArrayList<>();
        tasks.add(() -> {
            MiniBpeTrainer.write(MiniBpeTrainer.trainDefault(), bpeVocab(root));
            return null;
        });
        for (int start = 0; start < jobs.size(); start += CHUNK) {
            List<ImageJob> chunk = jobs.subList(start, Math.min(jobs.size(), start + CHUNK));
            tasks.add(() -> {
                for (ImageJob job : chunk) {
                    SplittableRandom r = new SplittableRandom(job.seed);
                    RenderStyle style = job.dataset.style(r);
                    BufferedImage image = job.dataset.look().apply(job.concept.render(style, job.dataset.nuisance(),
                            r));
                    Files.write(job.file, PngEncoder.encode(image));
                }
                int before = done.getAndAdd(chunk.size());
                int step = Math.max(1, jobs.size() / 10);
                if ((before + chunk.size()) / step > before / step) {
                    log(options, "  %d / %d images%n", before + chunk.size(), jobs.size());
                }
                return null;
            });
        }
        ExecutorService pool = Executors.newFixedThreadPool(options.threads());
        try {
            for (Future<Void> f : pool.invokeAll(tasks)) {
                f.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("mini world generation interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            throw new UncheckedIOException("mini world generation failed under " + root + ": " + cause,
                    cause instanceof IOException io ? io : new IOException(cause));
        } finally {
            pool.shutdownNow();
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Index files: split JSONs, classnames.txt, READMEs.

    private static void writeIndex(MiniDataset d, Path root, double scale) {
        Path dir = d.dir(root);
        try {
            if (d.layout() == Layout.SPLIT_JSON) {
                Map<String, List<SplitJson.Entry>> splits = new LinkedHashMap<>();
                for (String split : SPLITS) {
                    List<SplitJson.Entry> entries = new ArrayList<>();
                    int n = perClass(d, split, scale);
                    for (int label = 0; label < d.numClasses(); label++) {
                        String folder = d.classFolder(label);
                        for (int i = 0; i < n; i++) {
                            entries.add(new SplitJson.Entry(folder + "/" + imageName(d, split, i, scale), label,
                                    d.concepts().get(label).classname()));
                        }
                    }
                    splits.put(split, entries);
                }
                Files.writeString(dir.resolve(d.splitFile()), SplitJson.write(splits), StandardCharsets.UTF_8);
                return;
            }
            // ImageNet and its variants: classnames.txt is a copy of the source's, all classes in wnid order
            MiniDataset source = MiniDatasets.IMAGENET;
            StringBuilder names = new StringBuilder();
            for (int i = 0; i < source.numClasses(); i++) {
                names.append(source.wnids().get(i)).append(' ').append(source.classnames().get(i)).append('\n');
            }
            Files.writeString(dir.resolve("classnames.txt"), names, StandardCharsets.UTF_8);
            if (d.layout() == Layout.IMAGENET_A || d.layout() == Layout.IMAGENET_R) {
                String sub = d.layout() == Layout.IMAGENET_A ? "imagenet-a" : "imagenet-r";
                String text = d.name() + ": " + d.numClasses() + " of the " + source.numClasses() + " MiniImageNet "
                        + "classes (" + d.kind() + "), generated by the COMMA kit's mini world (MiniWorld).\n"
                        + "Labels follow the sorted wnid folders, as for the real "
                        + (d.layout() == Layout.IMAGENET_A ? "ImageNet-A" : "ImageNet-R") + ".\n";
                Files.writeString(dir.resolve(sub).resolve("README.txt"), text, StandardCharsets.UTF_8);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the index files of " + d.name() + " under " + dir + ": "
                    + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------------------------------------------------
    // Marker and content hash.

    private record Hash(String sha256, long files, long bytes) {}

    /** SHA-256 over (relative path, NUL, size, content) of every file in the owned folders, in path order. */
    private static Hash hash(Path root) {
        List<Path> files = new ArrayList<>();
        try {
            for (String folder : ownedFolders()) {
                Path dir = root.resolve(folder);
                if (Files.isDirectory(dir)) {
                    try (Stream<Path> walk = Files.walk(dir)) {
                        walk.filter(Files::isRegularFile).forEach(files::add);
                    }
                }
            }
            files.sort(Comparator.comparing(p -> root.relativize(p).toString().replace('\\', '/')));
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            long bytes = 0;
            byte[] buf = new byte[1 << 16];
            for (Path f : files) {
                sha.update(root.relativize(f).toString().replace('\\', '/').getBytes(StandardCharsets.UTF_8));
                sha.update((byte) 0);
                long size = Files.size(f);
                sha.update(Long.toString(size).getBytes(StandardCharsets.US_ASCII));
                bytes += size;
                try (InputStream in = Files.newInputStream(f)) {
                    int n;
                    while ((n = in.read(buf)) > 0) {
                        sha.update(buf, 0, n);
                    }
                }
            }
            return new Hash(HexFormat.of().formatHex(sha.digest()), files.size(), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the mini world under " + root + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private record Listing(String sha256, long files, long bytes) {}

    /**
     * SHA-256 over (relative path, size, modification time) of every file in the owned folders, in path order: reads
     * no file, so checking a world of thousands of images costs milliseconds. An edit changes the size or the time.
     */
    private static Listing listing(Path root) {
        List<String> lines = new ArrayList<>();
        long bytes = 0;
        try {
            for (String folder : ownedFolders()) {
                Path dir = root.resolve(folder);
                if (!Files.isDirectory(dir)) {
                    continue;
                }
                try (Stream<Path> walk = Files.walk(dir)) {
                    for (Path f : walk.toList()) {
                        BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                        if (a.isRegularFile()) {
                            bytes += a.size();
                            lines.add(root.relativize(f).toString().replace('\\', '/') + "\0" + a.size() + "\0"
                                    + a.lastModifiedTime().to(java.util.concurrent.TimeUnit.NANOSECONDS));
                        }
                    }
                }
            }
            lines.sort(null);
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            for (String line : lines) {
                sha.update(line.getBytes(StandardCharsets.UTF_8));
                sha.update((byte) '\n');
            }
            return new Listing(HexFormat.of().formatHex(sha.digest()), lines.size(), bytes);
        } catch (IOException | UncheckedIOException e) {
            return new Listing("unreadable", 0, 0); // the full hash then reports what cannot be read
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    private static Map<String, String> readMarker(Path root) {
        Path file = root.resolve(MARKER);
        if (!Files.isRegularFile(file)) {
            return null;
        }
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                int eq = line.indexOf('=');
                if (!line.startsWith("#") && eq > 0) {
                    values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                }
            }
        } catch (IOException e) {
            return null;
        }
        return values;
    }

    private static void writeMarker(Path root, long seed, double scale, Hash h, Listing l) {
        String text = "# COMMA kit mini world (org.commakit.miniworld.MiniWorld); delete to force regeneration\n"
                + "generator=" + GENERATOR_VERSION + "\nseed=" + seed + "\nscale=" + scale + "\nfiles=" + h.files
                + "\nsha256=" + h.sha256 + "\nlisting=" + l.sha256 + "\n";
        try {
            Path tmp = root.resolve(MARKER + ".tmp");
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, root.resolve(MARKER), java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + root.resolve(MARKER) + ": " + e.getMessage(), e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            List<Path> paths = walk.sorted(Comparator.reverseOrder()).toList();
            for (Path p : paths) {
                Files.delete(p);
            }
        }
    }

    private static double seconds(long t0) {
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void log(Options options, String format, Object... args) {
        if (options.log() != null) {
            options.log().printf(format, args);
        }
    }
}
