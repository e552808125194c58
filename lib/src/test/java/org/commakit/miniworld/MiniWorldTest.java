package org.commakit.miniworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import javax.imageio.ImageIO;
import org.commakit.miniworld.MiniWorld.Options;
import org.commakit.miniworld.MiniWorld.Summary;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Generates a small-scale world once (scale 0.1, about 850 images) and checks it against the real layouts. */
class MiniWorldTest {
    private static final double SCALE = 0.1;
    private static final long SEED = 7;

    @TempDir
    static Path tmp;
    static Path world;
    static Summary summary;

    @BeforeAll
    static void generateASmallWorld() {
        world = tmp.resolve("world");
        summary = MiniWorld.generate(world, SEED, new Options(SCALE, 2, null));
    }

    @Test
    void twoProcessesGeneratingIntoOneRootTakeTurns() throws Exception {
        // as the shards of ./kit reproduce on a fresh machine: before the lock, the second one deleted the folders
        // the first was writing into and both failed
        Path root = tmp.resolve("shared");
        List<Process> processes = new ArrayList<>();
        List<Path> logs = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            Path log = tmp.resolve("generate-" + i + ".log");
            logs.add(log);
            processes.add(new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "org.commakit.cli.Kit", "mini", "generate", "--out",
                    root.toString(),
                    "--seed", String.valueOf(SEED), "--scale", "0.05", "--threads", "1")
                    .redirectErrorStream(true).redirectOutput(log.toFile()).start());
        }
        List<String> hashes = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            assertEquals(0, processes.get(i).waitFor(), "generator " + i + " failed; log: " + logs.get(i));
            String log = Files.readString(logs.get(i), StandardCharsets.UTF_8);
            hashes.add(log.substring(log.lastIndexOf("sha256 ") + 7).strip());
        }
        assertEquals(hashes.get(0), hashes.get(1), "both see the same world");
        String both = Files.readString(logs.get(0), StandardCharsets.UTF_8)
                + Files.readString(logs.get(1), StandardCharsets.UTF_8);
        assertTrue(both.contains("is up to date"), "the later process found the world made:\n" + both);
        assertFalse(MiniWorld.generate(root, SEED, new Options(0.05, 1, null)).regenerated());
    }

    @Test
    void theSameSeedGivesTheSameBytesAndAnotherSeedOtherImages() throws IOException {
        Map<String, String> first = fileHashes(world);
        Summary again = MiniWorld.generate(tmp.resolve("again"), SEED, new Options(SCALE, 1, null));
        assertEquals(first, fileHashes(tmp.resolve("again")), "one thread or two, same seed, same bytes");
        assertEquals(summary.sha256(), again.sha256());

        MiniWorld.generate(tmp.resolve("other"), SEED + 1, new Options(SCALE, 2, null));
        Map<String, String> other = fileHashes(tmp.resolve("other"));
        assertEquals(first.keySet(), other.keySet(), "the same files");
        for (String file : first.keySet()) {
            if (file.endsWith(".png")) {
                assertNotEquals(first.get(file), other.get(file), file + " is the same under another seed");
            } else {
                assertEquals(first.get(file), other.get(file), file + " (index files do not depend on the seed)");
            }
        }
    }

    @Test
    void generateIsIdempotentAndRepairsAChangedWorld() throws IOException {
        Path root = tmp.resolve("idempotent");
        Summary made = MiniWorld.generate(root, 3, new Options(0.05, 2, null));
        assertTrue(made.regenerated());
        String marker = Files.readString(root.resolve(MiniWorld.MARKER));
        assertTrue(marker.contains("seed=3\n") && marker.contains("sha256=" + made.sha256()), marker);

        Summary kept = MiniWorld.generate(root, 3, new Options(0.05, 2, null));
        assertFalse(kept.regenerated());
        assertEquals(made.sha256(), kept.sha256());

        Path someImage = root.resolve("mini-food/images/pizza/0000.png");
        Files.write(someImage, new byte[] {1, 2, 3});
        Summary repaired = MiniWorld.generate(root, 3, new Options(0.05, 2, null));
        assertTrue(repaired.regenerated(), "a changed file no longer matches the marker's hash");
        assertEquals(made.sha256(), repaired.sha256());

        Files.writeString(root.resolve("mini-food/stray.txt"), "left over");
        Summary reseeded = MiniWorld.generate(root, 4, new Options(0.05, 2, null));
        assertTrue(reseeded.regenerated());
        assertFalse(Files.exists(root.resolve("mini-food/stray.txt")), "owned folders are rebuilt from scratch");
        assertNotEquals(made.sha256(), reseeded.sha256());
    }

    @Test
    void theUpToDateCheckReadsNoImageYetASameSizeEditOrACopyIsStillTold() throws IOException {
        Path root = tmp.resolve("listing");
        Summary made = MiniWorld.generate(root, 5, new Options(0.05, 2, null));
        String marker = Files.readString(root.resolve(MiniWorld.MARKER));
        assertTrue(marker.contains("\nlisting="), "the marker records the files' listing: " + marker);

        // an unreadable image the listing still matches: the cheap check does not open it
        Path someImage = root.resolve("mini-food/images/pizza/0000.png");
        Set<java.nio.file.attribute.PosixFilePermission> perms = Files.getPosixFilePermissions(someImage);
        Files.setPosixFilePermissions(someImage, Set.of());
        boolean rootReadsAnyway = Files.isReadable(someImage); // root ignores permission bits
        try {
            Summary kept = MiniWorld.generate(root, 5, new Options(0.05, 2, null));
            assertFalse(kept.regenerated());
            assertEquals(made.sha256(), kept.sha256());
        } finally {
            Files.setPosixFilePermissions(someImage, perms);
        }
        assertTrue(rootReadsAnyway || Files.isReadable(someImage));

        // the same bytes with other times (a copied world): hashed by content once, kept, the listing refreshed
        Files.setLastModifiedTime(someImage, FileTime.fromMillis(1_000_000_000L));
        Summary copied = MiniWorld.generate(root, 5, new Options(0.05, 2, null));
        assertFalse(copied.regenerated(), "same bytes, other time: nothing to regenerate");
        assertNotEquals(marker, Files.readString(root.resolve(MiniWorld.MARKER)), "the new listing is recorded");

        // one byte changed, same size: the time moves, the content hash tells
        byte[] bytes = Files.readAllBytes(someImage);
        bytes[bytes.length / 2] ^= 1;
        Files.write(someImage, bytes);
        Files.setLastModifiedTime(someImage, FileTime.fromMillis(System.currentTimeMillis() + 5_000));
        Summary repaired = MiniWorld.generate(root, 5, new Options(0.05, 2, null));
        assertTrue(repaired.regenerated(), "a same-size edit no longer matches the marker");
        assertEquals(made.sha256(), repaired.sha256());
    }

    @Test
    void splitFilesListExistingImagesWithContiguousLabelsAndOneNamePerLabel() throws IOException {
        for (MiniDataset d : MiniDatasets.targets()) {
            Path dir = d.dir(world);
            String text = Files.readString(dir.resolve(d.splitFile()), StandardCharsets.UTF_8);
            JsonObject json = JsonParser.parseString(text).getAsJsonObject();
            assertEquals(List.of("train", "val", "test"), new ArrayList<>(json.keySet()));
            MiniWorld.Counts expected = MiniWorld.counts(d, SCALE);
            assertEquals(expected.train(), json.getAsJsonArray("train").size());
            assertEquals(expected.val(), json.getAsJsonArray("val").size());
            assertEquals(expected.test(), json.getAsJsonArray("test").size());
            Set<String> paths = new HashSet<>();
            for (String split : List.of("train", "val", "test")) {
                Map<Integer, String> names = new TreeMap<>();
                for (JsonElement e : json.getAsJsonArray(split)) {
                    JsonArray entry = e.getAsJsonArray();
                    assertEquals(3, entry.size());
                    String path = entry.get(0).getAsString();
                    int label = entry.get(1).getAsInt();
                    String name = entry.get(2).getAsString();
                    assertTrue(Files.isRegularFile(dir.resolve("images").resolve(path)), d + ": " + path);
                    assertTrue(paths.add(path), d + ": " + path + " is listed twice");
                    assertEquals(d.classnames().get(label), name, d + ": label " + label);
                    String previous = names.putIfAbsent(label, name);
                    assertTrue(previous == null || previous.equals(name));
                }
                assertEquals(d.numClasses(), names.size(), d + " " + split + " covers every class");
                assertEquals(d.numClasses() - 1, ((TreeMap<Integer, String>) names).lastKey(), "labels 0..K-1");
            }
            try (Stream<Path> files = Files.walk(dir.resolve("images"))) {
                assertEquals(paths.size(), files.filter(Files::isRegularFile).count(), d + ": no unlisted images");
            }
        }
    }

    @Test
    void imagenetFamilyFollowsTheRealFolderConventions() throws IOException {
        MiniDataset source = MiniDatasets.IMAGENET;
        List<String> expectedLines = new ArrayList<>();
        assertEquals(40, source.numClasses());
        for (int i = 0; i < source.numClasses(); i++) {
            expectedLines.add(source.wnids().get(i) + " " + source.classnames().get(i));
        }
        for (MiniDataset d : List.of(source, MiniDatasets.IMAGENET_V2, MiniDatasets.IMAGENET_SKETCH,
                MiniDatasets.IMAGENET_A, MiniDatasets.IMAGENET_R)) {
            assertEquals(expectedLines, Files.readAllLines(d.dir(world).resolve("classnames.txt")), d.name());
        }
        Path imagenet = source.dir(world);
        assertEquals(source.wnids(), listDirs(imagenet.resolve("images/train")));
        assertEquals(source.wnids(), listDirs(imagenet.resolve("images/val")));
        assertEquals(count(source, SCALE).train(), countFiles(imagenet.resolve("images/train")));
        assertEquals(count(source, SCALE).test(), countFiles(imagenet.resolve("images/val")));

        List<String> labels = new ArrayList<>();
        for (int i = 0; i < source.numClasses(); i++) {
            labels.add(Integer.toString(i));
        }
        Path v2 = MiniDatasets.IMAGENET_V2.dir(world).resolve("imagenetv2-matched-frequency-format-val");
        assertEquals(new HashSet<>(labels), new HashSet<>(listDirs(v2)));
        assertEquals(source.wnids(), listDirs(MiniDatasets.IMAGENET_SKETCH.dir(world).resolve("images")));

        Path a = MiniDatasets.IMAGENET_A.dir(world).resolve("imagenet-a");
        Path r = MiniDatasets.IMAGENET_R.dir(world).resolve("imagenet-r");
        assertTrue(Files.isRegularFile(a.resolve("README.txt")));
        assertTrue(Files.isRegularFile(r.resolve("README.txt")));
        assertEquals(MiniDatasets.IMAGENET_A.wnids(), listDirs(a));
        assertEquals(MiniDatasets.IMAGENET_R.wnids(), listDirs(r));
        assertEquals(20 * MiniWorld.scaled(12, SCALE), countFiles(a) - 1);
    }

    @Test
    void summaryCountsMatchTheFilesAndTheVocabularyIsThere() throws IOException {
        assertTrue(summary.regenerated());
        assertEquals(MiniDatasets.all().size(), summary.counts().size());
        int images = 0;
        for (MiniWorld.Counts c : summary.counts()) {
            images += c.total();
        }
        try (Stream<Path> files = Files.walk(world)) {
            assertEquals(images, files.filter(p -> p.toString().endsWith(".png")).count());
        }
        assertEquals(MiniBpeTrainer.trainDefault(), MiniBpeTrainer.read(MiniWorld.bpeVocab(world)));
    }

    @Test
    void everyImageIsADistinctThirtyTwoPixelRgbPng() throws IOException {
        Set<String> hashes = new HashSet<>();
        List<Path> pngs;
        try (Stream<Path> files = Files.walk(world)) {
            pngs = files.filter(p -> p.toString().endsWith(".png")).sorted().toList();
        }
        for (int i = 0; i < pngs.size(); i++) {
            byte[] bytes = Files.readAllBytes(pngs.get(i));
            assertTrue(hashes.add(sha256(bytes)), pngs.get(i) + " repeats another image");
            if (i % 25 == 0) { // decode a sample with ImageIO, the reader the kit's image pipeline uses
                BufferedImage img = ImageIO.read(pngs.get(i).toFile());
                assertEquals(32, img.getWidth());
                assertEquals(32, img.getHeight());
                assertEquals(3, img.getColorModel().getNumComponents());
            }
        }
    }

    @Test
    void aScaleOutsideZeroToOneIsRejectedWithTheFix() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new Options(0, 2, null));
        assertTrue(e.getMessage().contains("(0, 1]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Options(1.5, 2, null));
    }

    private static MiniWorld.Counts count(MiniDataset d, double scale) {
        return MiniWorld.counts(d, scale);
    }

    private static List<String> listDirs(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    private static long countFiles(Path dir) throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).count();
        }
    }

    private static Map<String, String> fileHashes(Path root) throws IOException {
        Map<String, String> out = new HashMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.filter(Files::isRegularFile).toList()) {
                if (p.getFileName().toString().equals(MiniWorld.MARKER)) {
                    continue; // holds the seed; compared through Summary.sha256
                }
                out.put(root.relativize(p).toString(), sha256(Files.readAllBytes(p)));
            }
        }
        return out;
    }

    private static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
