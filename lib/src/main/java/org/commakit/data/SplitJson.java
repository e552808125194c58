package org.commakit.data;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.commakit.KitException;

/**
 * CoOp's split files ({@code split_zhou_<Name>.json}, docs/data-protocol.md#split-files): {"train"|"val"|"test": [[relative path,
 * label, class name], ...]}, paths relative to the dataset's image folder, entries in file order (the order matters
 * for few-shot sampling).
 */
public final class SplitJson {
    private SplitJson() {}

    /**
     * Reads a split file; paths are resolved against {@code prefix} and must stay inside it.
     *
     * @param checkFiles whether every image must exist (Dassl's {@code Datum} asserts it)
     */
    public static DatasetSplits read(String name, Path json, Path prefix, boolean checkFiles) {
        if (!Files.isRegularFile(json)) {
            throw new KitException("Split file " + json.getFileName() + " not found under " + json.getParent()
                    + ". Run data-scripts/" + DataRoot.scriptFor(name) + ", or point COMMA_DATA (or -Dcomma.data) at "
                    + "the folder that holds the datasets.");
        }
        JsonObject root;
        try {
            root = new Gson().fromJson(Files.readString(json), JsonObject.class);
        } catch (IOException | JsonParseException e) {
            throw new KitException("Split file " + json + " is not valid JSON (" + e.getMessage() + "); download it "
                    + "again with data-scripts/" + DataRoot.scriptFor(name) + ".", e);
        }
        Map<Integer, String> names = new HashMap<>();
        List<List<Datum>> parts = new ArrayList<>();
        for (String split : new String[] {"train", "val", "test"}) {
            JsonArray entries = root.getAsJsonArray(split);
            if (entries == null) {
                throw new KitException("Split file " + json + " has no \"" + split + "\" list.");
            }
            List<Datum> items = new ArrayList<>(entries.size());
            for (int i = 0; i < entries.size(); i++) {
                JsonArray e = entries.get(i).getAsJsonArray();
                String rel = e.get(0).getAsString();
                int label = e.get(1).getAsInt();
                String classname = e.get(2).getAsString();
                Path path = resolveInside(prefix, rel, json, split, i);
                String known = names.putIfAbsent(label, classname);
                if (known != null && !known.equals(classname)) {
                    throw new KitException("Split file " + json + ": label " + label + " is \"" + known + "\" and, in "
                            + split + " entry " + i + ", \"" + classname + "\". The file is inconsistent.");
                }
                if (checkFiles && !Files.isRegularFile(path)) {
                    throw new KitException("Image " + path + " (" + split + " entry " + i + " of " + json
                            + ") not found. The dataset is incomplete; run data-scripts/" + DataRoot.scriptFor(name)
                            + " again.");
                }
                items.add(new Datum(path, label, classname));
            }
            parts.add(items);
        }
        return new DatasetSplits(name, parts.get(0), parts.get(1), parts.get(2));
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
        try {
            Files.createDirectories(json.toAbsolutePath().getParent());
            Path tmp = json.resolveSibling(json.getFileName() + ".tmp");
            Files.writeString(tmp, gson.toJson(root).replace("  ", "    ") + "\n");
            Files.move(tmp, json, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new KitException("cannot write " + json + ": " + e.getMessage(), e);
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
