package org.commakit.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.Gson;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.commakit.Fixtures;
import org.commakit.KitException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Few-shot subsets identical to CPython's (fixtures/fewshot/make_fewshot_golden.py), then base/new relabelling. */
class FewShotSamplerTest {
    static final Path DIR = Fixtures.fixture("fewshot");

    static DatasetSplits fixture() {
        return SplitJson.read("Fixture", DIR.resolve("split_zhou_Fixture.json"), DIR, false);
    }

    static List<String> rel(List<Datum> items) {
        List<String> out = new ArrayList<>();
        for (Datum d : items) {
            out.add(DIR.relativize(d.impath()).toString());
        }
        return out;
    }

    static List<String> strings(JsonArray a) {
        List<String> out = new ArrayList<>();
        a.forEach(e -> out.add(e.getAsString()));
        return out;
    }

    @Test
    void subsetsForEveryShotCountAndSeedAreThoseCPythonDraws(@TempDir Path cache) throws IOException {
        JsonObject expected = new Gson().fromJson(Files.readString(DIR.resolve("expected.json")), JsonObject.class);
        DatasetSplits full = fixture();
        for (int k : new int[] {1, 4, 16}) {
            for (int seed = 1; seed <= 3; seed++) {
                JsonObject e = expected.getAsJsonObject("shot_" + k + "-seed_" + seed);
                DatasetSplits s = FewShotSampler.fewShot(full, k, seed, cache, DIR);
                assertEquals(strings(e.getAsJsonArray("train")), rel(s.train()), "K " + k + " seed " + seed);
                assertEquals(strings(e.getAsJsonArray("val")), rel(s.val()), "val, K " + k + " seed " + seed);
                // the cache gives the same lists back
                DatasetSplits cached = FewShotSampler.fewShot(full, k, seed, cache, DIR);
                assertEquals(rel(s.train()), rel(cached.train()));
                assertTrue(Files.exists(cache.resolve("shot_" + k + "-seed_" + seed + ".json")));
            }
        }
    }

    @Test
    void aClassSmallerThanKKeepsAllItsItems() {
        DatasetSplits s = FewShotSampler.fewShot(fixture(), 16, 1, null, DIR);
        assertEquals(5, s.train().stream().filter(d -> d.label() == 3).count());
        assertEquals(9 * 16 + 5, s.train().size());
    }

    @Test
    void baseIsTheFirstHalfOfSortedLabelsAndNewTheRestBothRelabelled() {
        DatasetSplits s = FewShotSampler.fewShot(fixture(), 4, 1, null, DIR);
        DatasetSplits base = ClassSubsample.apply(s, ClassSubsample.Subset.BASE);
        DatasetSplits novel = ClassSubsample.apply(s, ClassSubsample.Subset.NEW);
        assertEquals(List.of("class_0", "class_1", "class_2", "class_3", "class_4"), base.classnames());
        assertEquals(List.of("class_5", "class_6", "class_7", "class_8", "class_9"), novel.classnames());
        assertEquals(5 * 3, novel.test().size());
        assertTrue(novel.test().stream().allMatch(d -> d.label() == Integer.parseInt(d.classname().substring(6)) - 5));
        // item order is kept
        List<Datum> expectedOrder = s.test().stream().filter(d -> d.label() >= 5).toList();
        for (int i = 0; i < expectedOrder.size(); i++) {
            assertEquals(expectedOrder.get(i).impath(), novel.test().get(i).impath());
        }
    }

    @Test
    void entriesEscapingTheDatasetFolderAreRefused(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("split.json"),
                "{\"train\": [[\"../../etc/passwd\", 0, \"x\"]], \"val\": [], \"test\": []}");
        KitException e = assertThrows(KitException.class,
                () -> SplitJson.read("X", tmp.resolve("split.json"), tmp.resolve("images"), false));
        assertTrue(e.getMessage().contains("outside the dataset folder"), e.getMessage());
        Files.writeString(tmp.resolve("split.json"), "{\"train\": [[\"/abs.png\", 0, \"x\"]], \"val\": [], \"test\": []}");
        assertThrows(KitException.class, () -> SplitJson.read("X", tmp.resolve("split.json"), tmp, false));
    }

    @Test
    void aLabelWithTwoNamesAndMissingFilesAreErrorsNamingThem(@TempDir Path tmp) throws IOException {
        Files.writeString(tmp.resolve("split.json"),
                "{\"train\": [[\"a.png\", 0, \"cat\"], [\"b.png\", 0, \"dog\"]], \"val\": [], \"test\": []}");
        KitException e = assertThrows(KitException.class,
                () -> SplitJson.read("X", tmp.resolve("split.json"), tmp, false));
        assertTrue(e.getMessage().contains("\"cat\"") && e.getMessage().contains("\"dog\""), e.getMessage());
        Files.writeString(tmp.resolve("split.json"), "{\"train\": [[\"a.png\", 0, \"cat\"]], \"val\": [], \"test\": []}");
        e = assertThrows(KitException.class, () -> SplitJson.read("X", tmp.resolve("split.json"), tmp, true));
        assertTrue(e.getMessage().contains(tmp.resolve("a.png").toString()), e.getMessage());
    }

    @Test
    void aMissingSplitFileNamesTheScriptAndTheSetting(@TempDir Path tmp) {
        KitException e = assertThrows(KitException.class, () -> Benchmarks.get("OxfordPets").read(tmp));
        assertTrue(e.getMessage().contains("oxford_pets.sh") && e.getMessage().contains("COMMA_DATA"), e.getMessage());
    }
}
