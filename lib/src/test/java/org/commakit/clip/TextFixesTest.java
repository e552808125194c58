package org.commakit.clip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.commakit.Fixtures;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * ftfy's default fixes ({@link TextFixes}) and Python's whitespace and lower case in the clean-up.
 *
 * <p>ftfy itself cannot run here, so two kinds of expected values: facts of Python's standard library written by
 * fixtures/tokenizer/make_text_vectors.py (whitespace, lower case, NFKC of the width forms, the ligatures'
 * decompositions, Windows-1252, the capitalised entity names), and ftfy's behaviour as its documentation and its own
 * tests (ftfy 6.3.1) state it, rewritten here by hand; where those use settings other than the defaults, the value is
 * worked out for the defaults and says so.
 */
class TextFixesTest {
    static JsonObject python;

    @BeforeAll
    static void load() throws IOException {
        python = JsonParser.parseString(Files.readString(Fixtures.fixture("tokenizer/text_vectors.json")))
                .getAsJsonObject();
    }

    static Map<Integer, String> table(String key) {
        Map<Integer, String> m = new HashMap<>();
        for (JsonElement e : python.getAsJsonArray(key)) {
            m.put(e.getAsJsonArray().get(0).getAsInt(), e.getAsJsonArray().get(1).getAsString());
        }
        return m;
    }

    // ---- Python's own facts ----

    @Test
    void whitespaceIsPythonsIsspaceForEveryCodePoint() {
        Set<Integer> spaces = new HashSet<>();
        python.getAsJsonArray("isspace").forEach(e -> spaces.add(e.getAsInt()));
        assertEquals(29, spaces.size());
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            assertEquals(spaces.contains(cp), ClipTokenizer.isPythonSpace(cp), Integer.toHexString(cp));
        }
    }

    @Test
    void lowerCaseIsPythonsForEveryCharacterJavaKnows() {
        Map<Integer, String> lower = table("lower");
        List<String> wrong = new ArrayList<>();
        for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
            // Java 17 knows Unicode 13, the Python that wrote the file 14: characters new in 14 are skipped
            if (!Character.isDefined(cp) || Character.isSurrogate((char) cp) && cp < 0x10000) {
                continue;
            }
            String c = Character.toString(cp);
            if (!ClipTokenizer.lower(c).equals(lower.getOrDefault(cp, c))) {
                wrong.add(Integer.toHexString(cp));
            }
        }
        assertEquals(List.of(), wrong);
        assertEquals("οδος σοφος", ClipTokenizer.lower("ΟΔΟΣ ΣΟΦΟΣ"), "final sigma, as Python's str.lower");
    }

    @Test
    void widthFormsBecomeTheirNfkcAsPythonsUnicodedataSays() {
        Map<Integer, String> width = table("width");
        assertEquals(226, width.size());
        for (int cp = 0x3000; cp <= 0xFFFF; cp++) {
            if (cp > 0x3000 && cp < 0xFF01) {
                continue;
            }
            String c = Character.toString(cp);
            assertEquals(width.getOrDefault(cp, c), TextFixes.fixCharacterWidth(c), Integer.toHexString(cp));
        }
    }

    @Test
    void ligaturesBecomeTheirCompatibilityDecompositionAsPythonsUnicodedataSays() {
        Map<Integer, String> ligatures = table("ligatures");
        assertEquals(22, ligatures.size());
        ligatures.forEach((cp, letters) -> assertEquals(letters, TextFixes.fixLatinLigatures(Character.toString(cp))));
        assertEquals("æœ", TextFixes.fixLatinLigatures("æœ"), "letters of their own (æ, œ) stay");
    }

    @Test
    void c1ControlsBecomeWindows1252AsPythonsCp1252Decodes() {
        table("windows1252").forEach((b, c) -> assertEquals(c, TextFixes.fixC1Controls(Character.toString(b))));
    }

    @Test
    void capitalisedEntityNamesAreReadOnlyWhereHtmlUnescapeWouldNot() {
        List<String> wrong = new ArrayList<>();
        int read = 0;
        for (JsonElement e : python.getAsJsonArray("upper_entities")) {
            String ref = e.getAsJsonArray().get(0).getAsString();
            String expected = e.getAsJsonArray().get(1).getAsString();
            read += expected.equals(ref) ? 0 : 1;
            if (!TextFixes.unescapeHtml(ref).equals(expected)) {
                wrong.add(ref + " gave " + TextFixes.unescapeHtml(ref) + ", expected " + expected);
            }
        }
        assertTrue(read > 1300, "most lower-case names have a capitalised spelling");
        assertEquals(List.of(), wrong);
    }

    // ---- ftfy's documented behaviour (its docstrings and tests), with the default settings ----

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        // fix_text's own examples; ftfy's docstring shows "..." for &hellip;, from the days NFKC was the default:
        // with NFC it stays one character
        "ＬＯＵＤ　ＮＯＩＳＥＳ|LOUD NOISES",
        "Broken text&hellip; it&#x2019;s ﬂubberiﬁc!|Broken text… it's flubberific!",
        "&macr;\\_(ツ)_/&macr;|¯\\_(ツ)_/¯",
        // width, ligatures, quotes
        "Ｕﾀｰﾝ|Uターン",
        "ﬂuﬃeﬆ|fluffiest",
        "“here’s a test”|\"here's a test\"",
        "ŉ Chloroplas|'n Chloroplas", // ŉ is ʼn, and ʼ uncurls
        "izum „bootstrap load“|izum \"bootstrap load\"",
        "korišteǌem dovoǉno|korištenjem dovoljno",
        // HTML references: with a semicolon only, capitalised names of lower-case ones, repeated until none is left
        "&lt;tag&gt;|<tag>",
        "&Jscr;ohn &HilbertSpace;ancock|𝒥ohn ℋancock",
        "&checkmark;|✓",
        "P&eacute;rez|Pérez",
        "P&EACUTE;REZ|PÉREZ",
        "BUNDESSTRA&SZLIG;E|BUNDESSTRASSE",
        "&ntilde; &Ntilde; &NTILDE; &nTILDE;|ñ Ñ Ñ &nTILDE;",
        "JEDNOCZE&SACUTE;NIE|JEDNOCZEŚNIE",
        "V&SCARON;ICHNI|VŠICHNI",
        "EURO &EURO;|EURO €",
        "euro &#x80;|euro €",
        "not an entity &#20x6;|not an entity &#20x6;",
        "this is just informal english &not html|this is just informal english &not html",
        "&amp;amp;amp;|&",
        "&amp;amp;lt;b&amp;gt;|<b>",
        // ftfy's test uses NFKC here ("ellipsis..."); with the default NFC the ellipsis stays
        "ellipsis&#133;|ellipsis…",
        "ellipsis&#x85;|ellipsis…",
        "a&#xffffffff;b|a\ufffdb",
        // NFC
        "cafe\u0301|café",
        "\u212b|Å",
    })
    void fixTextAsFtfyDocumentsIt(String input, String expected) {
        assertEquals(expected, TextFixes.fixText(input));
    }

    @Test
    void controlCharactersAndTerminalEscapesGoWhitespaceAndC1HolesStay() {
        assertEquals("Sometimes, bad ideas like these characters get standardized.\n", TextFixes.fixText("\ufeff"
                + "Sometimes, \ufffcbad ideas \u007f\ufffalike these characters\ufffb \u206aget standardized.\r\n"));
        assertEquals("I'm blue, da ba dee", TextFixes.fixText("\u001b[36;44mI'm blue, da ba dee\u001b[0m"));
        assertEquals("foo", TextFixes.fixText("\u0001\u001b[36;44mfoo"));
        assertEquals("a\tb\fc\n", TextFixes.fixText("a\tb\fc\n"));
        assertEquals("control  here \u0081", TextFixes.fixText("control \u001a here \u0081"),
                "0x81 has no Windows-1252 character: it stays");
        assertEquals("broken\u0081", TextFixes.fixText("broken&#x81;"));
        String welsh = "dragon \ud83c\udff4\udb40\udc67\udb40\udc62\udb40\udc77\udb40\udc6c\udb40\udc73\udb40\udc7f";
        assertEquals(welsh, TextFixes.fixText(welsh), "tag characters (flag emoji) are kept");
    }

    @Test
    void lineBreaksBecomeLineFeedsAfterC1ControlsAreFixed() {
        assertEquals("two things:\n1. Unicode\n2. Spite",
                TextFixes.fixText("two things:\u20291. Unicode\u20282. Spite"));
        assertEquals("Content-type: text/plain\n\nHi.", TextFixes.fixText("Content-type: text/plain\r\n\r\nHi."));
        assertEquals("Microsoft \n trolls", TextFixes.fixText("Microsoft \r trolls"));
        assertEquals("What is this \n", TextFixes.fixLineBreaks("What is this \u0085"));
        assertEquals("What is this …", TextFixes.fixText("What is this \u0085"),
                "in fix_text the C1 fix runs first: 0x85 is Windows-1252's ellipsis");
    }

    @Test
    void loneSurrogatesBecomeReplacementCharacters() {
        assertEquals("\ufffd", TextFixes.fixText("\ud83d"));
        assertEquals("\ufffd\ufffd", TextFixes.fixText("\udca9\ud83d"));
        assertEquals("\ud83d\udca9", TextFixes.fixText("\ud83d\udca9"));
    }

    @Test
    void fromTheFirstLineWithATagOnReferencesAreKept() {
        assertEquals("&\n<html>\n&amp;", TextFixes.fixText("&amp;\n<html>\n&amp;"));
        assertEquals("a < b &amp; c", TextFixes.fixText("a < b &amp; c"));
    }

    @Test
    void mojibakeIsNotRepaired() {
        // ftfy gives "só" and "voilà le travail": the kit leaves out fix_encoding (docs/tokenizer.md#ftfys-fixes)
        assertEquals("sÃ³", TextFixes.fixText("sÃ³"));
        assertEquals("voilÃ  le travail", TextFixes.fixText("voilÃ  le travail"));
    }

    @Test
    void plainAsciiIsReturnedAsIs() {
        String text = "a photo of a dog.";
        assertSame(text, TextFixes.fixText(text));
    }
}
