package org.commakit.data;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.commakit.KitException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a user sees when a data root, a dataset or one of its files is missing: the path, the script, the setting. */
class MissingDataTest {

    static void assertMentions(KitException e, String... parts) {
        for (String p : parts) {
            assertTrue(e.getMessage().contains(p), "\"" + p + "\" missing from: " + e.getMessage());
        }
    }

    @Test
    void aMissingDataRootNamesEveryDatasetsScriptAndBothSettings(@TempDir Path tmp) {
        Path root = tmp.resolve("no-such-root");
        for (String name : Benchmarks.names()) {
            DatasetReader r = Benchmarks.get(name);
            KitException e = assertThrows(KitException.class, () -> r.read(root), name);
            assertMentions(e, root.resolve(r.folder()) + " does not exist (nor does the data root " + root + ")",
                    "data-scripts/" + DataRoot.scriptFor(name), "COMMA_DATA", "-Dcomma.data");
        }
    }

    @Test
    void aMissingSplitFileNamesItsPathTheScriptAndBothSettings(@TempDir Path root) throws IOException {
        Files.createDirectories(root.resolve("dtd/images"));
        KitException e = assertThrows(KitException.class, () -> Benchmarks.get("DescribableTextures").read(root));
        assertMentions(e, "split_zhou_DescribableTextures.json not found under " + root.resolve("dtd"),
                "data-scripts/dtd.sh", "COMMA_DATA", "-Dcomma.data");
    }

    @Test
    void aMissingAircraftListOrImageNetClassListNamesTheFileAndTheScript(@TempDir Path root) throws IOException {
        Path d = Files.createDirectories(root.resolve("fgvc_aircraft"));
        Files.writeString(d.resolve("variants.txt"), "707-320\n");
        KitException e = assertThrows(KitException.class, () -> Benchmarks.get("FGVCAircraft").read(root));
        assertMentions(e, d.resolve("images_variant_train.txt").toString(), "data-scripts/fgvc_aircraft.sh");

        Files.createDirectories(root.resolve("imagenet-rendition/imagenet-r/n01"));
        e = assertThrows(KitException.class, () -> Benchmarks.get("ImageNetR").read(root));
        assertMentions(e, "classnames.txt not found at " + root.resolve("imagenet-rendition/classnames.txt"),
                "data-scripts/imagenet_r.sh");
    }

    @Test
    void aSplitEntryClimbingOutOfTheDatasetFolderIsRefusedNamingTheEntry(@TempDir Path tmp) throws IOException {
        Path json = tmp.resolve("split.json");
        Files.writeString(json, "{\"train\": [[\"a/ok.png\", 0, \"a\"]], \"val\": [], "
                + "\"test\": [[\"a/../../../x.png\", 0, \"a\"]]}");
        KitException e = assertThrows(KitException.class,
                () -> SplitJson.read("X", json, tmp.resolve("images"), false));
        assertMentions(e, "test entry 0 points outside the dataset folder", "\"a/../../../x.png\"");
    }
}
