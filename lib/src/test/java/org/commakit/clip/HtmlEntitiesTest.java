package org.commakit.clip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import org.commakit.Fixtures;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link HtmlEntities} against Python's own {@code html.unescape}: the vectors of
 * fixtures/tokenizer/make_html_unescape_vectors.py (every HTML5 name, the legacy names in front of more text, numeric
 * references at every boundary of Python's rules, edge cases, a random sample).
 */
class HtmlEntitiesTest {

    @Test
    void everyVectorUnescapesOnceAndTwiceAsPythonDoes() throws IOException {
        JsonObject file = JsonParser.parseString(Files.readString(
                Fixtures.fixture("tokenizer/html_unescape_vectors.json"))).getAsJsonObject();
        JsonArray cases = file.getAsJsonArray("cases");
        List<String> wrong = new ArrayList<>();
        for (JsonElement e : cases) {
            JsonArray c = e.getAsJsonArray();
            String input = c.get(0).getAsString();
            String once = HtmlEntities.unescape(input);
            String twice = HtmlEntities.unescape(once);
            if (!once.equals(c.get(1).getAsString()) || !twice.equals(c.get(2).getAsString())) {
                wrong.add(escape(input) + " gave " + escape(once) + " / " + escape(twice) + ", Python "
                        + escape(c.get(1).getAsString()) + " / " + escape(c.get(2).getAsString()));
            }
        }
        assertTrue(cases.size() > 3000 && file.get("html5_names").getAsInt() == 2231, "all names are in the file");
        assertEquals(List.of(), wrong.subList(0, Math.min(20, wrong.size())), wrong.size() + " of " + cases.size());
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "fish &amp; chips|fish & chips",
        "&amp;amp;|&amp;", // one pass; the tokenizer unescapes twice
        "&amp|&", // a legacy name needs no semicolon
        "&ampere;|&ere;", // the longest legacy name in front wins, the rest stays
        "&copy2|©2",
        "&notin|¬in",
        "&notin;|∉",
        "&hellip|&hellip", // not a legacy name: needs its semicolon
        "&Amp;|&Amp;", // names are case-sensitive
        "&#x2019;&#8217;|’’",
        "&#146;|’", // 0x80-0x9F: the Windows-1252 character
        "&#x81;|\u0081", // ... or the control character itself where Windows-1252 has none
        "&#0;|\ufffd",
        "&#xD800;|\ufffd", // a surrogate
        "&#x110000;|\ufffd", // past U+10FFFF
        "a&#x1;b|ab", // a control character Python drops
        "a&#xFFFE;b|ab", // a noncharacter Python drops
        "&#65|A", // no semicolon needed
        "&#x|&#x", // no digits: no reference
        "&#;|&#;",
    })
    void referencesFollowPythonsRules(String input, String expected) {
        assertEquals(expected, HtmlEntities.unescape(input));
    }

    @Test
    void theC1TableIsWindows1252WithItsFiveHolesKept() {
        Charset cp1252 = Charset.forName("windows-1252");
        for (int b = 0x80; b <= 0x9F; b++) {
            String decoded = new String(new byte[] {(byte) b}, cp1252);
            char expected = decoded.equals("\ufffd") ? (char) b : decoded.charAt(0); // 81, 8D, 8F, 90, 9D undefined
            assertEquals(expected, HtmlEntities.windows1252((char) b), Integer.toHexString(b));
        }
    }

    static String escape(String s) {
        StringBuilder b = new StringBuilder("\"");
        s.codePoints().forEach(c -> b.append(c >= 0x20 && c < 0x7F ? Character.toString(c)
                : String.format("\\u{%X}", c)));
        return b.append('"').toString();
    }
}
