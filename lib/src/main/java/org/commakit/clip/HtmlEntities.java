package org.commakit.clip;

import org.jsoup.nodes.Entities;

/**
 * Python's {@code html.unescape}, which OpenAI's tokenizer applies twice (docs/tokenizer.md#html-character-references).
 * The names and their characters come from jsoup's table of the HTML5 named references (the same table as Python's
 * {@code html.entities.html5}); the scan is the kit's own, because jsoup's own unescaping keeps some numeric
 * references that Python replaces or drops (the doc lists them).
 *
 * <p>At each {@code &}: {@code &#} plus decimal digits or {@code &#x} plus hex digits, with an optional {@code ;},
 * is a numeric reference; otherwise up to 32 characters that are none of tab, line feed, form feed, space,
 * {@code <}, {@code &}, {@code #} and {@code ;}, with an optional {@code ;}, are a name. A name with its {@code ;}
 * may be any HTML5 name, one without only a legacy name ({@code amp}, {@code copy}, ...); failing that, the longest
 * legacy name (at least two characters) the text starts with is replaced and the rest kept ({@code &copy2} gives
 * {@code ©2}). Anything else stays as it is.
 */
final class HtmlEntities {
    private HtmlEntities() {}

    /** Python looks at no more than this many characters (code points) for a name. */
    private static final int MAX_NAME = 32;

    /**
     * Bytes 0x80-0x9F in Windows-1252, the five bytes it leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) as
     * themselves: what HTML5 makes of {@code &#128;}..{@code &#159;} and what ftfy makes of C1 control characters.
     */
    private static final String WINDOWS_1252_C1 =
            "\u20ac\u0081\u201a\u0192\u201e\u2026\u2020\u2021\u02c6\u2030\u0160\u2039\u0152\u008d\u017d\u008f"
            + "\u0090\u2018\u2019\u201c\u201d\u2022\u2013\u2014\u02dc\u2122\u0161\u203a\u0153\u009d\u017e\u0178";

    /** The character Windows-1252 gives the byte of a C1 control character (U+0080..U+009F). */
    static char windows1252(char c1) {
        return WINDOWS_1252_C1.charAt(c1 - 0x80);
    }

    /** Python's {@code html.unescape(s)}. */
    static String unescape(String s) {
        int amp = s.indexOf('&');
        if (amp < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        int from = 0;
        while (amp >= 0) {
            out.append(s, from, amp);
            from = reference(s, amp + 1, out);
            amp = s.indexOf('&', from);
        }
        return out.append(s, from, s.length()).toString();
    }

    /**
     * Appends what the reference after the {@code &} before {@code p} stands for, or the {@code &} itself when there
     * is none; returns where the text continues.
     */
    private static int reference(String s, int p, StringBuilder out) {
        int n = s.length();
        if (p < n && s.charAt(p) == '#') {
            boolean hex = p + 1 < n && (s.charAt(p + 1) == 'x' || s.charAt(p + 1) == 'X');
            int start = hex ? p + 2 : p + 1;
            int end = start;
            while (end < n && digit(s.charAt(end), hex ? 16 : 10) >= 0) {
                end++;
            }
            if (end == start) { // "&#", "&#x", "&#;": no reference (and '#' cannot start a name)
                out.append('&');
                return p;
            }
            out.append(numeric(s, start, end, hex ? 16 : 10));
            return end < n && s.charAt(end) == ';' ? end + 1 : end;
        }
        int end = p;
        for (int count = 0; end < n && count < MAX_NAME && !endsName(s.charAt(end)); count++) {
            end += Character.charCount(s.codePointAt(end));
        }
        if (end == p) {
            out.append('&');
            return p;
        }
        String name = s.substring(p, end);
        boolean semicolon = end < n && s.charAt(end) == ';';
        String whole = semicolon ? (Entities.isNamedEntity(name) ? Entities.getByName(name) : null) : legacy(name);
        if (whole != null) {
            out.append(whole);
            return semicolon ? end + 1 : end;
        }
        // the longest legacy name the text starts with: it is ASCII, so only the ASCII start of the name counts
        int ascii = 0;
        while (ascii < name.length() && name.charAt(ascii) < 0x80) {
            ascii++;
        }
        int longest = Math.min(ascii, semicolon ? name.length() : name.length() - 1);
        for (int k = longest; k >= 2; k--) {
            String value = legacy(name.substring(0, k));
            if (value != null) {
                out.append(value);
                return p + k;
            }
        }
        out.append('&');
        return p;
    }

    /** The characters of a name that HTML5 also accepts without its semicolon, else null. */
    private static String legacy(String name) {
        return Entities.isBaseNamedEntity(name) ? Entities.getByName(name) : null;
    }

    private static boolean endsName(char c) {
        return c == '\t' || c == '\n' || c == '\f' || c == ' ' || c == '<' || c == '&' || c == '#' || c == ';';
    }

    /** An ASCII digit's value in the radix, else -1 (Python's pattern takes ASCII digits only). */
    private static int digit(char c, int radix) {
        return c < 0x80 ? Character.digit(c, radix) : -1;
    }

    /** What Python makes of a numeric reference; the digits may be any number of them. */
    private static String numeric(String s, int start, int end, int radix) {
        long value = 0;
        for (int i = start; i < end && value <= Character.MAX_CODE_POINT; i++) {
            value = value * radix + digit(s.charAt(i), radix); // stops once past U+10FFFF: all such give U+FFFD
        }
        if (value == 0) {
            return "\ufffd";
        }
        if (value == 0x0D) {
            return "\r";
        }
        if (value >= 0x80 && value <= 0x9F) {
            return String.valueOf(windows1252((char) value));
        }
        if (value > Character.MAX_CODE_POINT || (value >= 0xD800 && value <= 0xDFFF)) {
            return "\ufffd";
        }
        int cp = (int) value;
        boolean dropped = (cp >= 0x01 && cp <= 0x08) || cp == 0x0B || (cp >= 0x0E && cp <= 0x1F) || cp == 0x7F
                || (cp >= 0xFDD0 && cp <= 0xFDEF) || (cp & 0xFFFE) == 0xFFFE;
        return dropped ? "" : Character.toString(cp);
    }
}
