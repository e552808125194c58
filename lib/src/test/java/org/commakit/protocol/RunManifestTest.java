package org.commakit.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.commakit.KitException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reproduce.properties}: a rerun into the same folder must use the same settings and data. */
class RunManifestTest {

    @Test
    void aRerunWithOtherSettingsIsRefusedNamingTheOneSettingThatDiffers(@TempDir Path folder) throws IOException {
        RunManifest.record(folder, Map.of("preset", "mini", "settings.COMMA.base2new.epochs", "3",
                "settings.COMMA.base2new.lr", "0.0035"));
        RunManifest.record(folder, Map.of("preset", "mini", "settings.CoOp.base2new.epochs", "10")); // added
        KitException e = assertThrows(KitException.class,
                () -> RunManifest.compare(folder, Map.of("settings.COMMA.base2new.epochs", "1",
                        "settings.COMMA.base2new.lr", "0.0035", "settings.CoOp.base2new.epochs", "10")));
        assertEquals("the results in " + folder + " were made with settings.COMMA.base2new.epochs=3, this run has "
                + "settings.COMMA.base2new.epochs=1; undo the --set epochs=... change, use another --out folder, or "
                + "delete " + folder + " to start over", e.getMessage());
        assertEquals(List.of("# What the results in this folder were made with (COMMA kit, reproduce). A rerun must "
                + "match.", "preset=mini", "settings.COMMA.base2new.epochs=3", "settings.COMMA.base2new.lr=0.0035",
                "settings.CoOp.base2new.epochs=10"), Files.readAllLines(folder.resolve(RunManifest.FILE)));
    }

    @Test
    void compareWritesNothing(@TempDir Path folder) {
        RunManifest.compare(folder, Map.of("preset", "mini"));
        assertFalse(Files.exists(folder.resolve(RunManifest.FILE)));
    }

    @Test
    void anotherDataRootIsRefusedNamingTheDatasetKeyAndTheFix(@TempDir Path folder) {
        RunManifest.record(folder, Map.of("data.MiniShapes", "aaaa"));
        KitException e = assertThrows(KitException.class,
                () -> RunManifest.compare(folder, Map.of("data.MiniShapes", "bbbb")));
        assertTrue(e.getMessage().contains("data.MiniShapes=aaaa, this run has data.MiniShapes=bbbb")
                && e.getMessage().contains("give the data root (--data, COMMA_DATA, COMMA_MINI)"), e.getMessage());
    }

    @Test
    void aDamagedManifestIsRefusedNamingTheLine(@TempDir Path folder) throws IOException {
        Path file = folder.resolve(RunManifest.FILE);
        Files.writeString(file, "preset=mini\n\u0000\u0013garbage\n");
        KitException e = assertThrows(KitException.class, () -> RunManifest.compare(folder, Map.of("preset", "mini")));
        assertTrue(e.getMessage().startsWith(file + " is damaged (line 2 ") && e.getMessage().contains("restore it, "
                + "or use another --out folder"), e.getMessage());
        Files.writeString(file, "preset=mini\nsettings.CoOp.xd.ctxInit=a \\uZZZZ\n");
        e = assertThrows(KitException.class, () -> RunManifest.compare(folder, Map.of("preset", "mini")));
        assertTrue(e.getMessage().startsWith(file + " is damaged (Malformed \\uxxxx encoding."), e.getMessage());
        Files.writeString(file, "preset=mini\npreset=full\n");
        e = assertThrows(KitException.class, () -> RunManifest.compare(folder, Map.of("preset", "mini")));
        assertTrue(e.getMessage().contains("line 2 sets preset again"), e.getMessage());
    }

    @Test
    void theDataFingerprintChangesWithASplitFileAndAFileNameButNotWithAnImagesBytes(@TempDir Path root)
            throws IOException {
        Path d = Files.createDirectories(root.resolve("shapes/images/circle"));
        Files.writeString(root.resolve("shapes/split.json"), "{\"train\": []}");
        Files.write(d.resolve("0000.png"), new byte[] {1, 2, 3});
        String before = RunManifest.fingerprint(root.resolve("shapes"));
        Files.write(d.resolve("0000.png"), new byte[] {9, 9, 9}); // images are not read: cheap on ImageNet
        assertEquals(before, RunManifest.fingerprint(root.resolve("shapes")));
        Files.writeString(root.resolve("shapes/split.json"), "{\"train\": [ ]}");
        String edited = RunManifest.fingerprint(root.resolve("shapes"));
        assertFalse(before.equals(edited));
        Files.move(d.resolve("0000.png"), d.resolve("0001.png"));
        assertFalse(edited.equals(RunManifest.fingerprint(root.resolve("shapes"))));
    }
}
