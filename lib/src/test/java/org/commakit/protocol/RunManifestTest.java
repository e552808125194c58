package org.commakit.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.commakit.KitException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code reproduce.properties}: a rerun into the same folder must use the same settings. */
class RunManifestTest {

    @Test
    void aRerunWithOtherSettingsIsRefusedNamingTheSetting(@TempDir Path folder) {
        RunManifest.check(folder, Map.of("preset", "mini", "settings.COMMA.base2new", "epochs=3"));
        RunManifest.check(folder, Map.of("preset", "mini", "settings.CoOp.base2new", "epochs=10")); // added
        KitException e = org.junit.jupiter.api.Assertions.assertThrows(KitException.class,
                () -> RunManifest.check(folder, Map.of("settings.COMMA.base2new", "epochs=1",
                        "settings.CoOp.base2new", "epochs=10")));
        assertTrue(e.getMessage().contains("settings.COMMA.base2new: recorded epochs=3, now epochs=1")
                && e.getMessage().contains("Use another --out folder"), e.getMessage());
        assertFalse(e.getMessage().contains("CoOp"), e.getMessage());
        assertEquals(List.of("# What the results in this folder were made with (COMMA kit, reproduce). A rerun must "
                + "match.", "preset=mini", "settings.COMMA.base2new=epochs\\=3",
                "settings.CoOp.base2new=epochs\\=10"), readLines(folder.resolve(RunManifest.FILE)));
    }

    private static List<String> readLines(Path file) {
        try {
            return Files.readAllLines(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
