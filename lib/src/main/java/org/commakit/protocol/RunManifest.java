package org.commakit.protocol;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.commakit.KitException;
import org.commakit.data.DatasetCatalog;
import org.commakit.miniworld.MiniWorld;
import org.commakit.train.Checkpoint;
import org.commakit.train.Method;

/**
 * What the results in a folder were made with ({@code reproduce.properties}): the preset, the CLIP checkpoint and
 * vocabulary (SHA-256), the data (the mini world's seed and generator, and a fingerprint of each dataset of the run)
 * and every training setting of each method, one key per setting. A rerun into the same folder skips finished jobs,
 * so it must use the same things: {@link #compare} refuses a run whose values differ from the recorded ones, naming
 * the first key that differs; {@link #record} also adds the values not yet there (a method or dataset run for the
 * first time). {@code Reproduce} compares before anything runs and records with the first stored result, so a run
 * that fails before it stores anything (a bad setting, a damaged checkpoint) leaves no manifest behind.
 */
final class RunManifest {

    static final String FILE = "reproduce.properties";

    /** The key prefixes the kit writes; a line with another key means the file was damaged or edited. */
    private static final List<String> KEYS = List.of("preset", "clip.sha256", "vocabulary.sha256",
            "training.augmentation", "settings.", "data.");

    private RunManifest() {}

    /**
     * The values a rerun into the same folder must share: preset, weights, data, each trained method's settings
     * (the seed excepted: seeds are {@code --seeds}, one run folder per seed).
     */
    static Map<String, String> of(ReproduceOptions options, Path clipFile, Path vocabFile, Path dataRoot) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("clip.sha256", Checkpoint.sha256(clipFile));
        m.put("vocabulary.sha256", Checkpoint.sha256(vocabFile));
        m.putAll(data(dataRoot, options.preset().catalog(), options.matrix().jobs().stream().map(Job::dataset)
                .distinct().toList()));
        m.putAll(settings(options));
        return m;
    }

    /**
     * The part of {@link #of} known from the options alone, without data or weights: preset, augmentation, the
     * training settings. Compared on every run, also one with nothing left to run, whose tables would otherwise be
     * printed as if made with this run's settings.
     */
    static Map<String, String> settings(ReproduceOptions options) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put("preset", options.preset().id());
        m.put("training.augmentation", options.preset().augmentsTraining() ? "random resized crop, flip" : "none");
        String anyDataset = options.protocolDatasets().source();
        for (Method method : options.methods()) {
            if (!method.trains()) {
                continue;
            }
            for (boolean xd : new boolean[] {false, true}) {
                Map<String, String> c = options.trainConfig(method, xd, anyDataset, 1).asMap();
                String prefix = "settings." + method.id() + (xd ? ".xd." : ".base2new.");
                c.forEach((k, v) -> {
                    if (!k.equals("seed")) {
                        m.put(prefix + k, v);
                    }
                });
            }
        }
        return m;
    }

    /**
     * The data's identity, cheaply: the mini world's marker (generator version, seed, scale, content hash) when the
     * root is a mini world, and per dataset a SHA-256 of its folder listing three levels deep (file and folder
     * names, which for split-file datasets reach the images) and of the small index files at its top (split files,
     * class lists). No image is read.
     */
    static Map<String, String> data(Path dataRoot, DatasetCatalog catalog, List<String> datasets) {
        Map<String, String> m = new LinkedHashMap<>();
        Path marker = dataRoot.resolve(MiniWorld.MARKER);
        if (Files.isRegularFile(marker)) {
            Map<String, String> w = new TreeMap<>();
            for (String line : lines(marker)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.startsWith("#")) {
                    w.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
                }
            }
            m.put("data.miniWorld", "generator " + w.get("generator") + ", seed " + w.get("seed") + ", scale "
                    + w.get("scale") + ", sha256 " + w.get("sha256"));
        }
        for (String d : datasets) {
            Path folder = dataRoot.resolve(catalog.reader(d).folder());
            if (Files.isDirectory(folder)) {
                m.put("data." + d, fingerprint(folder));
            }
        }
        return m;
    }

    /** SHA-256 of the sorted relative paths under {@code folder} (3 levels) and of its top-level files up to 64 MiB. */
    static String fingerprint(Path folder) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM has no SHA-256", e);
        }
        try (Stream<Path> walk = Files.walk(folder, 3)) {
            List<Path> paths = walk.filter(p -> !p.equals(folder))
                    .filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList();
            for (Path p : paths) {
                String rel = folder.relativize(p).toString().replace('\\', '/');
                md.update((rel + "\n").getBytes(StandardCharsets.UTF_8));
                if (p.getParent().equals(folder) && Files.isRegularFile(p) && Files.size(p) <= (64L << 20)) {
                    md.update(Files.readAllBytes(p));
                }
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            IOException io = e instanceof IOException x ? x : ((java.io.UncheckedIOException) e).getCause();
            throw KitException.io("read the dataset folder " + folder + " to record which data the results are "
                    + "made with", io, "");
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /**
     * Refuses a run whose values differ from those recorded in {@code folder} (nothing is written).
     *
     * @throws KitException naming the first key that differs, both values, and the fix
     */
    static void compare(Path folder, Map<String, String> values) {
        differences(folder.resolve(FILE), read(folder.resolve(FILE)), values);
    }

    /**
     * As {@link #compare}, then records the values not yet in the manifest (creating it when there is none).
     */
    static void record(Path folder, Map<String, String> values) {
        Path file = folder.resolve(FILE);
        Map<String, String> recorded = read(file);
        differences(file, recorded, values);
        if (!recorded.keySet().containsAll(values.keySet())) {
            Map<String, String> merged = new TreeMap<>(recorded);
            merged.putAll(values);
            write(file, merged);
        }
    }

    private static void differences(Path file, Map<String, String> recorded, Map<String, String> values) {
        List<String> differ = new ArrayList<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String before = recorded.get(e.getKey());
            if (before != null && !before.equals(e.getValue())) {
                differ.add(e.getKey());
            }
        }
        if (differ.isEmpty()) {
            return;
        }
        String key = differ.get(0);
        Path folder = file.getParent();
        String others = differ.size() == 1 ? "" : " (and " + (differ.size() - 1) + " more: "
                + String.join(", ", differ.subList(1, Math.min(differ.size(), 6))) + (differ.size() > 6 ? ", ..." : "")
                + ")";
        throw new KitException("the results in " + folder + " were made with " + key + "=" + recorded.get(key)
                + ", this run has " + key + "=" + values.get(key) + others + "; " + fix(key) + ", use another --out "
                + "folder, or delete " + folder + " to start over");
    }

    /** What undoes a difference in {@code key}. */
    private static String fix(String key) {
        if (key.startsWith("settings.")) {
            String setting = key.substring(key.lastIndexOf('.') + 1);
            return "undo the --set " + setting + "=... change";
        }
        if (key.startsWith("data.")) {
            return "give the data root (--data, COMMA_DATA, COMMA_MINI) those results were made with";
        }
        if (key.startsWith("clip.") || key.startsWith("vocabulary.")) {
            return "use the CLIP checkpoint and vocabulary (-Dcomma.clip, COMMA_WEIGHTS) those results were made with";
        }
        return "use the --preset those results were made with";
    }

    private static Map<String, String> read(Path file) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.exists(file)) {
            return out;
        }
        if (!Files.isRegularFile(file)) {
            throw new KitException(file + " is not a file; it should hold what the results in " + file.getParent()
                    + " were made with: move it away, or use another --out folder");
        }
        String damaged = file + " is damaged (%s); it records what the results in " + file.getParent() + " were made "
                + "with: restore it, or use another --out folder (deleting it lets this run record its own settings, "
                + "which is right only if they are those the results were made with)";
        List<String> lines = lines(file);
        Set<String> seen = new LinkedHashSet<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            int eq = line.indexOf('=');
            String key = eq > 0 ? line.substring(0, eq) : line;
            if (eq <= 0 || KEYS.stream().noneMatch(k -> k.endsWith(".") ? key.startsWith(k) : key.equals(k))) {
                throw new KitException(String.format(damaged, "line " + (i + 1) + " '" + abbreviate(line)
                        + "' is not one of its key=value lines"));
            }
            if (!seen.add(key)) {
                throw new KitException(String.format(damaged, "line " + (i + 1) + " sets " + key + " again"));
            }
        }
        Properties p = new Properties();
        try {
            p.load(new StringReader(String.join("\n", lines)));
        } catch (IOException | IllegalArgumentException e) {
            throw new KitException(String.format(damaged, e.getMessage()), e);
        }
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (CharacterCodingException e) {
            throw new KitException(file + " is not UTF-8 text: it is damaged; restore it, or use another --out folder",
                    e);
        } catch (NoSuchFileException e) {
            return List.of();
        } catch (IOException e) {
            throw KitException.io("read " + file, e, "");
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }

    private static void write(Path file, Map<String, String> values) {
        StringWriter text = new StringWriter();
        text.write("# What the results in this folder were made with (COMMA kit, reproduce). A rerun must match.\n");
        for (Map.Entry<String, String> e : values.entrySet()) {
            text.write(escape(e.getKey()) + "=" + escape(e.getValue()) + "\n");
        }
        Path tmp = null;
        try {
            Files.createDirectories(file.getParent());
            tmp = Files.createTempFile(file.getParent(), FILE, ".tmp");
            Files.writeString(tmp, text.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw KitException.io("write " + file, e, "");
        } finally {
            deleteQuietly(tmp);
        }
    }

    private static void deleteQuietly(Path tmp) {
        if (tmp != null) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException e) {
                // the sweep at the next start removes it (RunFolder)
            }
        }
    }

    /** Properties-file escaping of the characters that matter here (backslash, separators, line breaks). */
    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("=", "\\=").replace(":", "\\:").replace("\n", "\\n");
    }
}
