package org.commakit.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.commakit.Fixtures;
import org.commakit.KitException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The test vectors of docs/data-protocol.md#tokenizer, produced with OpenAI's tokenizer and the real vocabulary file. */
class ClipTokenizerTest {
    static ClipTokenizer tok;

    @BeforeAll
    static void load() {
        tok = ClipTokenizer.load(Fixtures.clipVocab());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "a photo of a dog.|49406 320 1125 539 320 1929 269 49407",
        "X X X X X X X X X X X X X X X X tench.|49406 343 343 343 343 343 343 343 343 343 343 343 343 343 343 343 343 1149 634 269 49407",
        "a photo of a kite (bird of prey).|49406 320 1125 539 320 19867 263 3329 539 17131 1818 49407",
        "a centered satellite photo of Annual Crop Land.|49406 320 24584 10316 1125 539 2906 9955 973 269 49407",
        "a photo of a person doing Apply Eye Makeup.|49406 320 1125 539 320 2533 1960 4356 3272 5853 269 49407",
        "banded texture.|49406 37804 16505 269 49407",
        "'a photo of a 707-320, a type of aircraft.'|49406 320 1125 539 320 278 271 278 268 274 273 271 267 320 3877 539 7706 269 49407",
        "'a photo of a american pit bull terrier, a type of pet.'|49406 320 1125 539 320 2151 7476 6029 14455 267 320 3877 539 3703 269 49407"
    })
    void tokenizerMatchesOpenAiIdsForEveryProtocolVector(String text, String ids) {
        int[] expected = Arrays.stream(ids.split(" ")).mapToInt(Integer::parseInt).toArray();
        int[] actual = tok.tokenize(text);
        assertEquals(77, actual.length);
        assertArrayEquals(expected, Arrays.copyOf(actual, expected.length));
        assertTrue(IntStream.range(expected.length, 77).allMatch(i -> actual[i] == 0), "padded with 0");
        assertEquals(expected.length - 1, ClipTokenizer.eotIndex(actual));
    }

    @Test
    void contractionsAreSplitAsOpenAiDoes() {
        assertEquals(List.of(592, 1535, 1200, 1700, 589), tok.encode("You should've done this"));
    }

    @Test
    void vocabularyHas49408IdsWithStartAndEndLast() {
        assertEquals(49408, tok.vocabSize());
        assertEquals(49406, tok.startOfText());
        assertEquals(49407, tok.endOfText());
    }

    @Test
    void textIsCleanedBeforeSplitting() {
        assertEquals(tok.encode("a photo of a dog."), tok.encode("  A   Photo\tof a &amp;dog.".replace("&amp;", "")));
        assertEquals(tok.encode("cats & dogs"), tok.encode("cats &amp;amp; dogs")); // unescaped twice
    }

    @Test
    void decodeJoinsPreTokensWithSpacesAsOpenAiDoes() {
        assertEquals("a photo of a kite ( bird of prey ).", tok.decode(tok.encode("A photo of a kite (bird of prey).")));
    }

    @Test
    void tooLongTextFailsUnlessTruncated() {
        String longText = "word ".repeat(80);
        KitException e = assertThrows(KitException.class, () -> tok.tokenize(longText));
        assertTrue(e.getMessage().contains("82 tokens") && e.getMessage().contains("truncate"), e.getMessage());
        int[] cut = tok.tokenize(longText, true);
        assertEquals(49406, cut[0]);
        assertEquals(49407, cut[76]);
        assertEquals(tok.encode("word").get(0), cut[75]);
    }

    @Test
    void anEmptyListIsRefused() {
        assertThrows(KitException.class, () -> tok.tokenize(List.of()));
    }

    @Test
    void aMissingVocabularyNamesThePathAndTheScript() {
        Path missing = Path.of("/nonexistent/bpe.txt.gz");
        KitException e = assertThrows(KitException.class, () -> ClipTokenizer.load(missing));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("clip_weights.sh"));
    }

    @Test
    void aSmallMergeListGivesIdsWorkedOutByHand() {
        // symbols: 0..255 bytes, 256..511 bytes+</w>; merges get 512, 513, ...; then SOT, EOT
        ClipTokenizer small = ClipTokenizer.fromMerges(List.of("r e", "re d</w>", "b l", "bl u", "blu e</w>"));
        assertEquals(512 + 5 + 2, small.vocabSize());
        assertEquals(518, small.endOfText());
        assertEquals(List.of(513, 516), small.encode("Red blue")); // "red</w>" = 513, "blue</w>" = 516
        // 'r' = id of byte 'r' in the printable order: '!' is 0, so 'r' (0x72) is 0x72 - 0x21 = 81
        assertEquals(List.of(81, 256 + 'x' - '!'), small.encode("rx"));
        assertThrows(KitException.class, () -> ClipTokenizer.fromMerges(List.of("bad")));
    }
}
