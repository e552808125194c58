package org.commakit.clip;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.nodes.Entities;

/**
 * ftfy's {@code fix_text} with its default settings, the first step of OpenAI's text clean-up, except the repair of
 * mojibake ({@code fix_encoding}), which is left out (docs/tokenizer.md#ftfys-fixes).
 *
 * <p>Text is fixed line by line (each line with its {@code \n}); every line goes through the steps below, in this
 * order, again and again until a pass changes nothing: HTML references with a semicolon, C1 control characters,
 * Latin ligatures, full- and half-width forms, curly quotes, line breaks, lone surrogates, terminal escapes, control
 * characters, NFC. HTML references are left alone from the first line that has a {@code <} on, as ftfy does.
 */
final class TextFixes {
    private TextFixes() {}

    /** ftfy's {@code fix_text(text)}, mojibake repair left out. */
    static String fixText(String text) {
        if (unchanged(text)) {
            return text;
        }
        StringBuilder out = new StringBuilder(text.length());
        boolean html = true;
        for (int pos = 0; pos < text.length(); ) {
            int newline = text.indexOf('\n', pos);
            int end = newline < 0 ? text.length() : newline + 1;
            String line = text.substring(pos, end);
            html &= line.indexOf('<') < 0; // text that looks like HTML keeps its references, from here on
            out.append(fixLine(line, html));
            pos = end;
        }
        return out.toString();
    }

    /** Printable ASCII, tabs, line and form feeds, no {@code &}: no step changes such text. */
    private static boolean unchanged(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if ((c < 0x20 && c != '\t' && c != '\n' && c != '\f') || c >= 0x7F || c == '&') {
                return false;
            }
        }
        return true;
    }

    private static String fixLine(String text, boolean html) {
        while (true) {
            String before = text;
            if (html) {
                text = unescapeHtml(text);
            }
            text = fixC1Controls(text);
            text = fixLatinLigatures(text);
            text = fixCharacterWidth(text);
            text = uncurlQuotes(text);
            text = fixLineBreaks(text);
            text = fixSurrogates(text);
            text = removeTerminalEscapes(text);
            text = removeControlChars(text);
            text = Normalizer.normalize(text, Normalizer.Form.NFC);
            if (text.equals(before)) {
                return text;
            }
        }
    }

    /** {@code &name;} or {@code &#...;}: 1 to 24 ASCII letters or digits, and the semicolon. */
    private static final Pattern REFERENCE = Pattern.compile("&#?[0-9A-Za-z]{1,24};");

    /**
     * ftfy's cautious HTML unescaping: only references that end in a semicolon; an HTML5 name, or an all-capitals
     * spelling of a lower-case one (capitalised characters) that Python's {@code html.unescape} would not read; a
     * numeric reference only when Python reads all of it.
     */
    static String unescapeHtml(String text) {
        if (text.indexOf('&') < 0) {
            return text;
        }
        Matcher m = REFERENCE.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(reference(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String reference(String ref) {
        String name = ref.substring(1, ref.length() - 1);
        if (name.startsWith("#")) {
            String value = HtmlEntities.unescape(ref);
            return value.indexOf(';') >= 0 ? ref : value;
        }
        if (Entities.isNamedEntity(name)) {
            return Entities.getByName(name);
        }
        String lower = name.toLowerCase(Locale.ROOT);
        if (name.equals(name.toUpperCase(Locale.ROOT)) && Entities.isNamedEntity(lower)
                && HtmlEntities.unescape(ref).equals(ref)) {
            return Entities.getByName(lower).toUpperCase(Locale.ROOT);
        }
        return ref;
    }

    /** C1 control characters (U+0080..U+009F) as the Windows-1252 characters of those bytes. */
    static String fixC1Controls(String text) {
        return map(text, c -> c >= 0x80 && c <= 0x9F ? String.valueOf(HtmlEntities.windows1252(c)) : null);
    }

    /** Latin ligatures and digraphs that exist for legacy encodings: the letters they are made of. */
    private static final String LIGATURES = "\u0132\u0133\u0149\u01c4\u01c5\u01c6\u01c7\u01c8\u01c9\u01ca\u01cb"
            + "\u01cc\u01f1\u01f2\u01f3\ufb00\ufb01\ufb02\ufb03\ufb04\ufb05\ufb06";
    private static final String[] LIGATURE_LETTERS = {"IJ", "ij", "\u02bcn", "D\u017d", "D\u017e", "d\u017e", "LJ",
        "Lj", "lj", "NJ", "Nj", "nj", "DZ", "Dz", "dz", "ff", "fi", "fl", "ffi", "ffl", "\u017ft", "st"};

    static String fixLatinLigatures(String text) {
        return map(text, c -> {
            int i = LIGATURES.indexOf(c);
            return i < 0 ? null : LIGATURE_LETTERS[i];
        });
    }

    /**
     * The ideographic space as a space, and the half- and full-width forms (U+FF01..U+FFEF) as their NFKC
     * (full-width Latin as ASCII, half-width katakana and Hangul as the usual ones).
     */
    static String fixCharacterWidth(String text) {
        return map(text, c -> {
            if (c == '\u3000') {
                return " ";
            }
            if (c >= '\uff01' && c <= '\uffef') {
                String n = Normalizer.normalize(String.valueOf(c), Normalizer.Form.NFKC);
                return n.equals(String.valueOf(c)) ? null : n;
            }
            return null;
        });
    }

    /** Curly single quotes (and the modifier-letter apostrophe) as {@code '}, curly double quotes as {@code "}. */
    static String uncurlQuotes(String text) {
        return map(text, c -> c == '\u02bc' || (c >= '\u2018' && c <= '\u201b') ? "'"
                : c >= '\u201c' && c <= '\u201f' ? "\"" : null);
    }

    /** CR LF, CR, U+2028, U+2029 and U+0085 as {@code \n}. */
    static String fixLineBreaks(String text) {
        return map(text.replace("\r\n", "\n"),
                c -> c == '\r' || c == '\u2028' || c == '\u2029' || c == '\u0085' ? "\n" : null);
    }

    /** A surrogate that is not half of a pair becomes U+FFFD (a pair is already one character in Java). */
    static String fixSurrogates(String text) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < text.length()
                    && Character.isLowSurrogate(text.charAt(i + 1));
            if (paired) {
                if (out != null) {
                    out.append(c).append(text.charAt(i + 1));
                }
                i++;
                continue;
            }
            if (Character.isSurrogate(c) && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                out.append(Character.isSurrogate(c) ? '\ufffd' : c);
            }
        }
        return out == null ? text : out.toString();
    }

    /** ANSI terminal escapes: ESC, {@code [}, digits (any script's) and semicolons, a letter. */
    private static final Pattern TERMINAL_ESCAPE = Pattern.compile("\u001b\\[[\\p{Nd};]*[a-zA-Z]");

    static String removeTerminalEscapes(String text) {
        return text.indexOf('\u001b') < 0 ? text : TERMINAL_ESCAPE.matcher(text).replaceAll("");
    }

    /**
     * Control characters without a visible effect: U+0000..U+0008, U+000B, U+000E..U+001F, U+007F, the deprecated
     * format characters U+206A..U+206F, the byte order mark U+FEFF and U+FFF9..U+FFFC.
     */
    static String removeControlChars(String text) {
        return map(text, c -> (c <= 0x08 || c == 0x0B || (c >= 0x0E && c <= 0x1F) || c == 0x7F
                || (c >= 0x206A && c <= 0x206F) || c == 0xFEFF || (c >= 0xFFF9 && c <= 0xFFFC)) ? "" : null);
    }

    /** A character-by-character replacement (null keeps the character); the same string when nothing changes. */
    private static String map(String text, CharMap f) {
        StringBuilder out = null;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            String r = f.apply(c);
            if (r != null && out == null) {
                out = new StringBuilder(text.length()).append(text, 0, i);
            }
            if (out != null) {
                if (r == null) {
                    out.append(c);
                } else {
                    out.append(r);
                }
            }
        }
        return out == null ? text : out.toString();
    }

    private interface CharMap {
        String apply(char c);
    }
}
