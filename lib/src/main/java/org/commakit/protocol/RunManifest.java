package org.commakit.protocol;

import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.commakit.KitException;

/**
 * What the results in a folder were made with: the preset, the CLIP checkpoint and vocabulary (SHA-256) and each
 * method's training settings ({@code reproduce.properties}). A rerun into the same folder skips finished jobs, so it
 * must use the same things; {@link #check} refuses a run whose values differ from the recorded ones, and records the
 * values not yet there (e.g. a method run for the first time).
 */
final class RunManifest {

    static final String FILE = "reproduce.properties";

    private RunManifest() {}

    /**
     * Compares {@code values} with the folder's manifest and adds the missing ones.
     *
     * @throws KitException naming every differing key, with both values and the fix
     */
    static void check(Path folder, Map<String, String> values) {
        Path file = folder.resolve(FILE);
        Map<String, String> recorded = read(file);
        List<String> differences = new ArrayList<>();
        for (Map.Entry<String, String> e : values.entrySet()) {
            String before = recorded.get(e.getKey());
            if (before != null && !before.equals(e.getValue())) {
                differences.add(e.getKey() + ": recorded " + before + ", now " + e.getValue());
            }
        }
        if (!differences.isEmpty()) {
            throw new KitException("the results in " + folder + " were made with other settings than this run's:\n  "
                    + String.join("\n  ", differences) + "\nUse another --out folder, or delete " + folder
                    + " to start over (or undo the change: another CLIP checkpoint, preset or --set).");
        }
        if (!recorded.keySet().containsAll(values.keySet())) {
            Map<String, String> merged = new TreeMap<>(recorded);
            merged.putAll(values);
            write(file, merged);
        }
    }

    private static Map<String, String> read(Path file) {
        Map<String, String> out = new TreeMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        Properties p = new Properties();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(in);
        } catch (IOException e) {
            throw new KitException("cannot read " + file + ": " + e.getMessage() + "; delete it to record the "
                    + "settings again.", e);
        }
        p.stringPropertyNames().forEach(k -> out.put(k, p.getProperty(k)));
        return out;
    }

    private static void write(Path file, Map<String, String> values) {
        StringWriter text = new StringWriter();
        text.write("# What the results in this folder were made with (COMMA kit, reproduce). A rerun must match.\n");
        for (Map.Entry<String, String> e : values.entrySet()) {
            text.write(escape(e.getKey()) + "=" + escape(e.getValue()) + "\n");
        }
        try {
            Files.createDirectories(file.getParent());
            Path tmp = Files.createTempFile(file.getParent(), FILE, ".tmp");
            Files.writeString(tmp, text.toString(), StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** Properties-file escaping of the characters that matter here (backslash, separators, line breaks). */
    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("=", "\\=").replace(":", "\\:").replace("\n", "\\n");
    }
}
