package org.commakit.miniworld;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.commakit.miniworld.SplitJson.Entry;
import org.junit.jupiter.api.Test;

class SplitJsonTest {

    @Test
    void writesTheSameBytesAsPythonsJsonDumpWithIndentFour() throws IOException {
        // fixture written by fixtures/miniworld/make_split_example.py (json.dump, indent=4, separators=(",", ": "))
        Path fixture = Path.of(System.getProperty("kit.root", ".")).resolve("fixtures/miniworld/split_example.json");
        Map<String, List<Entry>> splits = new LinkedHashMap<>();
        splits.put("train", List.of(new Entry("red_circle/0000.png", 0, "red circle"),
                new Entry("caf\u00e9/0001.png", 1, "say \"cheese\" \\ tab\there \u0001 \uD83D\uDE00")));
        splits.put("val", List.of());
        splits.put("test", List.of(new Entry("letter_A/0003.png", 2, "letter A")));
        assertEquals(Files.readString(fixture, StandardCharsets.UTF_8), SplitJson.write(splits));
    }

    @Test
    void anEmptyObjectIsTwoBraces() {
        assertEquals("{}", SplitJson.write(Map.of()));
    }
}
