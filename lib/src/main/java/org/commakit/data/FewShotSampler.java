package org.commakit.data;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.commakit.KitException;

/**
 * Dassl's {@code generate_fewshot_dataset} with CPython's random stream (docs/data-protocol.md#few-shot-sampling): seed once, sample K
 * per class from train (classes in order of first appearance, {@code random.sample}, all items when a class has fewer
 * than K, drawing nothing), then min(K, 4) per class from val with the same generator; when val is the test split
 * (ImageNet, whose reader passes the same list) nothing is drawn for val and it stays the test split, as the
 * reference's ImageNet loader does. The result is cached per (K, seed) as {@code split_fewshot/shot_K-seed_S.json} of
 * relative paths, written atomically.
 */
public final class FewShotSampler {
    private FewShotSampler() {}

    /** K items per label, in the reference order. */
    public static List<Datum> sample(List<Datum> items, int k, PythonRandom random) {
        Map<Integer, List<Datum>> byLabel = new LinkedHashMap<>();
        for (Datum d : items) {
            byLabel.computeIfAbsent(d.label(), l -> new ArrayList<>()).add(d);
        }
        List<Datum> out = new ArrayList<>();
        for (List<Datum> group : byLabel.values()) {
            out.addAll(group.size() >= k ? random.sample(group, k) : group);
        }
        return out;
    }

    /** The few-shot train and val splits for (K, seed): test unchanged. Uses the cache when {@code cacheDir} is set. */
    public static DatasetSplits fewShot(DatasetSplits full, int k, int seed, Path cacheDir, Path prefix) {
        Path cache = cacheDir == null ? null : cacheDir.resolve("shot_" + k + "-seed_" + seed + ".json");
        if (cache != null && Files.isRegularFile(cache)) {
            return readCache(full, cache, prefix);
        }
        PythonRandom random = new PythonRandom(seed);
        List<Datum> train = sample(full.train(), k, random);
        boolean valIsTest = full.val() == full.test(); // ImageNet: no val is sampled, val stays the test split
        List<Datum> val = valIsTest ? full.test() : sample(full.val(), Math.min(k, 4), random);
        DatasetSplits out = new DatasetSplits(full.name(), train, val, full.test());
        if (cache != null) {
            writeCache(cache, prefix, train, valIsTest ? null : val);
        }
        return out;
    }

    private static void writeCache(Path cache, Path prefix, List<Datum> train, List<Datum> val) {
        JsonObject root = new JsonObject();
        root.add("train", SplitJson.entries(prefix, train));
        if (val != null) {
            root.add("val", SplitJson.entries(prefix, val));
        }
        Path tmp = cache.resolveSibling(cache.getFileName() + ".tmp");
        try {
            Files.createDirectories(cache.getParent());
            Files.writeString(tmp, new Gson().toJson(root));
            Files.move(tmp, cache, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // a run's start sweeps stale temporary files
            }
            throw KitException.io("write the few-shot list " + cache, e, "");
        }
    }

    private static DatasetSplits readCache(DatasetSplits full, Path cache, Path prefix) {
        try {
            JsonObject root = new Gson().fromJson(Files.readString(cache), JsonObject.class);
            List<Datum> train = fromJson(root.getAsJsonArray("train"), prefix, cache);
            return new DatasetSplits(full.name(), train,
                    root.has("val") ? fromJson(root.getAsJsonArray("val"), prefix, cache) : full.test(), full.test());
        } catch (IOException | RuntimeException e) {
            throw new KitException("few-shot cache " + cache + " is unreadable (" + e.getMessage() + "); delete it "
                    + "and it is rebuilt from the split file.", e);
        }
    }

    private static List<Datum> fromJson(JsonArray a, Path prefix, Path cache) {
        List<Datum> out = new ArrayList<>();
        for (int i = 0; i < a.size(); i++) {
            JsonArray e = a.get(i).getAsJsonArray();
            out.add(new Datum(SplitJson.resolveInside(prefix, e.get(0).getAsString(), cache, "cache", i),
                    e.get(1).getAsInt(), e.get(2).getAsString()));
        }
        return out;
    }
}
