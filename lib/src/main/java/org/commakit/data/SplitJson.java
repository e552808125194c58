package org.commakit.data;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.stream.JsonReader;
import com.google.gson.stream.JsonToken;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.commakit.KitException;

/**
 * CoOp's split files ({@code split_zhou_<Name>.json}, docs/data-protocol.md#split-files): {"train"|"val"|"test": [[relative path,
 * label, class name], ...]}, paths relative to the dataset's image folder, entries in file order (the order matters
 * for few-shot sampling).
 */
public final class SplitJson {
    private SplitJson() {}

    private static final List<String> SPLITS = List.of("train", "val", "test");
    private static final Pattern LOCATION = Pattern.compile(" at line (\\d+) column (\\d+)");

    /** One entry as written: [path, label, class name], and the line it starts on. */
    private record Entry(String path, int label, String classname, int line) {}

    /**
     * Reads a split file; paths are resolved against {@code prefix} and must stay inside it. A malformed file (empty,
     * not JSON, a split that is not a list, an entry that is not [path, whole-number label, class name]) and labels
     * that contradict each other (a label with two class names, a val or test label no train entry has, train labels
     * that are not 0..n-1) are refused naming the file, the line and the entry.
     *
     * @param checkFiles whether every image must exist (Dassl's {@code Datum} asserts it)
     */
    public static DatasetSplits read(String name, Path json, Path prefix, boolean checkFiles) {
        Path datasetFolder = json.toAbsolutePath().getParent();
        // <root>/<dataset folder>/split_zhou_<Name>.json
        String fix = DataRoot.howToPrepare(name, datasetFolder.getParent() == null ? datasetFolder
                : datasetFolder.getParent());
        if (!Files.isRegularFile(json)) {
            throw new KitException("Split file " + json.getFileName() + " not found under " + json.getParent() + ". "
                    + capital(fix) + ".");
        }
        Map<String, List<Entry>> raw = parse(json, fix);
        checkLabels(json, raw, fix);
        Map<Integer, String> names = new HashMap<>();
        Map<Integer, String> firstSeen = new HashMap<>();
        List<List<Datum>> parts = new ArrayList<>();
        for (String split : SPLITS) {
            List<Entry> entries = raw.get(split);
            List<Datum> items = new ArrayList<>(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                String where = "Split file " + json + " line " + e.line() + " (" + split + " entry " + i + ")";
                Path path = resolveInside(prefix, e.path(), json, split, i);
                String known = names.putIfAbsent(e.label(), e.classname());
                if (known != null && !known.equals(e.classname())) {
                    throw new KitException(where + ": label " + e.label() + " is \"" + e.classname() + "\", but "
                            + firstSeen.get(e.label()) + " calls it \"" + known + "\"; the file is inconsistent: "
                            + fix + ".");
                }
                firstSeen.putIfAbsent(e.label(), split + " entry " + i + " (line " + e.line() + ")");
                if (checkFiles && !Files.isRegularFile(path)) {
                    throw new KitException("Image " + path + " (" + split + " entry " + i + " of " + json
                            + ") not found. The dataset is incomplete; " + fix + ".");
                }
                items.add(new Datum(path, e.label(), e.classname()));
            }
            parts.add(items);
        }
        return new DatasetSplits(name, parts.get(0), parts.get(1), parts.get(2));
    }

    /**
     * Train labels are 0..n-1 (the class list is taken from train, Dassl's {@code get_lab2cname}), and every val and
     * test label is one of them: a test image of a class with no train image would otherwise be dropped from the
     * base/new halves without a word, or fail later without naming the file.
     */
    private static void checkLabels(Path json, Map<String, List<Entry>> raw, String fix) {
        List<Entry> train = raw.get("train");
        if (train.isEmpty()) {
            return; // a test-only dataset (ImageNet's variants): the class list comes from test
        }
        TreeSet<Integer> labels = new TreeSet<>();
        train.forEach(e -> labels.add(e.label()));
        int n = labels.size();
        if (labels.last() != n - 1) {
            int missing = 0;
            while (labels.contains(missing)) {
                missing++;
            }
            int m = missing;
            Entry beyond = train.stream().filter(e -> e.label() > m).findFirst().orElseThrow();
            throw new KitException("Split file " + json + ": the train labels are not 0.." + (n - 1) + ": no train "
                    + "entry has label " + missing + ", yet line " + beyond.line() + " has label " + beyond.label()
                    + "; " + fix + ".");
        }
        for (String split : List.of("val", "test")) {
            List<Entry> entries = raw.get(split);
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                if (!labels.contains(e.label())) {
                    throw new KitException("Split file " + json + " line " + e.line() + " (" + split + " entry " + i
                            + "): label " + e.label() + " (\"" + e.classname() + "\") is not a label of the train "
                            + "split (0.." + (n - 1) + "); every class needs train images, since the class list "
                            + "comes from train. Correct the entry, or " + fix + ".");
                }
            }
        }
    }

    /** The three lists of entries, each entry with its line; any malformation is an error naming file and line. */
    private static Map<String, List<Entry>> parse(Path json, String fix) {
        String text;
        try {
            text = Files.readString(json);
        } catch (IOException e) {
            throw KitException.io("read the split file " + json, e, fix);
        }
        String again = "; " + fix + ".";
        if (text.isBlank()) {
            throw new KitException("Split file " + json + " is empty" + again);
        }
        Map<String, List<Entry>> out = new LinkedHashMap<>();
        try (JsonReader r = new JsonReader(new StringReader(text))) {
            if (r.peek() != JsonToken.BEGIN_OBJECT) {
                throw new KitException("Split file " + json + " line " + line(r) + ": the file is " + kind(r.peek())
                        + ", expected an object {\"train\": [...], \"val\": [...], \"test\": [...]}" + again);
            }
            r.beginObject();
            while (r.hasNext()) {
                String split = r.nextName();
                if (!SPLITS.contains(split)) {
                    r.skipValue();
                    continue;
                }
                if (r.peek() != JsonToken.BEGIN_ARRAY) {
                    throw new KitException("Split file " + json + " line " + line(r) + ": \"" + split + "\" is "
                            + kind(r.peek()) + ", expected a list of [path, label, class name] entries" + again);
                }
                List<Entry> entries = new ArrayList<>();
                r.beginArray();
                for (int i = 0; r.hasNext(); i++) {
                    r.peek(); // to the entry's first character, so the line is the entry's
                    int line = line(r);
                    String where = "Split file " + json + " line " + line + " (" + split + " entry " + i + ")";
                    if (r.peek() != JsonToken.BEGIN_ARRAY) {
                        throw new KitException(where + " is " + kind(r.peek()) + ", expected [path, label, class "
                                + "name]" + again);
                    }
                    r.beginArray();
                    String path = string(r, where, "the image path", 0);
                    int label = label(r, where);
                    String classname = string(r, where, "the class name", 2);
                    if (r.hasNext()) {
                        throw new KitException(where + " has more than 3 values, expected [path, label, class name]"
                                + again);
                    }
                    r.endArray();
                    entries.add(new Entry(path, label, classname, line));
                }
                r.endArray();
                if (out.put(split, entries) != null) {
                    throw new KitException("Split file " + json + " line " + line(r) + ": \"" + split + "\" appears "
                            + "twice" + again);
                }
            }
            r.endObject();
            if (r.peek() != JsonToken.END_DOCUMENT) {
                throw new KitException("Split file " + json + " line " + line(r) + ": text after the end of the JSON "
                        + "object" + again);
            }
        } catch (IOException | JsonParseException | IllegalStateException e) {
            // MalformedJsonException and EOFException carry "at line L column C path P"
            throw new KitException("Split file " + json + " is not valid JSON (" + e.getMessage() + ")" + again, e);
        }
        for (String split : SPLITS) {
            if (!out.containsKey(split)) {
                throw new KitException("Split file " + json + " has no \"" + split + "\" list" + again);
            }
        }
        return out;
    }

    private static String string(JsonReader r, String where, String what, int index) throws IOException {
        if (!r.hasNext()) {
            throw new KitException(where + " has only " + index + " value" + (index == 1 ? "" : "s") + ", expected "
                    + "[path, label, class name]");
        }
        if (r.peek() != JsonToken.STRING) {
            throw new KitException(where + ": " + what + " is " + kind(r.peek()) + ", expected a string");
        }
        return r.nextString();
    }

    private static int label(JsonReader r, String where) throws IOException {
        if (!r.hasNext()) {
            throw new KitException(where + " has only 1 value, expected [path, label, class name]");
        }
        JsonToken t = r.peek();
        if (t != JsonToken.NUMBER) {
            String shown = t == JsonToken.STRING ? "\"" + r.nextString() + "\", a string" : kind(t);
            throw new KitException(where + ": the label is " + shown + ", expected a whole number from 0");
        }
        String literal = r.nextString();
        try {
            int label = Integer.parseInt(literal);
            if (label < 0) {
                throw new KitException(where + ": the label " + label + " is negative, expected a whole number from 0");
            }
            return label;
        } catch (NumberFormatException e) {
            throw new KitException(where + ": the label " + literal + " is not a whole number from 0");
        }
    }

    /** The line the reader is at (Gson's JsonReader names it only in its description). */
    private static int line(JsonReader r) {
        Matcher m = LOCATION.matcher(r.toString());
        return m.find() ? Integer.parseInt(m.group(1)) : 0;
    }

    private static String kind(JsonToken t) {
        return switch (t) {
            case BEGIN_ARRAY -> "a list";
            case BEGIN_OBJECT -> "an object";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> t.name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    private static String capital(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }

    /** A path from a split entry, refused when it is absolute or climbs out of the image folder. */
    static Path resolveInside(Path prefix, String rel, Path json, String split, int i) {
        Path r = Path.of(rel);
        Path resolved = prefix.resolve(r).normalize();
        if (r.isAbsolute() || !resolved.startsWith(prefix.normalize())) {
            throw new KitException("Split file " + json + ": " + split + " entry " + i + " points outside the dataset "
                    + "folder (\"" + rel + "\"). Split entries must be relative paths inside " + prefix + ".");
        }
        return resolved;
    }

    /** Writes a split file as Python's json.dump(indent=4), atomically (for fixtures and the mini world). */
    public static void write(Path json, Path prefix, List<Datum> train, List<Datum> val, List<Datum> test) {
        JsonObject root = new JsonObject();
        root.add("train", entries(prefix, train));
        root.add("val", entries(prefix, val));
        root.add("test", entries(prefix, test));
        Gson gson = new GsonBuilder().setPrettyPrinting().disableHtmlEscaping().create();
        Path tmp = json.resolveSibling(json.getFileName() + ".tmp");
        try {
            Files.createDirectories(json.toAbsolutePath().getParent());
            Files.writeString(tmp, gson.toJson(root).replace("  ", "    ") + "\n");
            Files.move(tmp, json, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // nothing more to clean
            }
            throw KitException.io("write " + json, e, "");
        }
    }

    /** Entries [relative path, label, class name] as a JSON array. */
    static JsonElement entries(Path prefix, List<Datum> items) {
        JsonArray a = new JsonArray();
        for (Datum d : items) {
            JsonArray e = new JsonArray();
            e.add(prefix.relativize(d.impath()).toString().replace('\\', '/'));
            e.add(d.label());
            e.add(d.classname());
            a.add(e);
        }
        return a;
    }
}
