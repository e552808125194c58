package org.commakit.clip;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import org.commakit.KitException;

/**
 * CLIP's byte-level BPE tokenizer (OpenAI {@code simple_tokenizer.py}, docs/data-protocol.md#tokenizer).
 *
 * <p>Vocabulary: the 256 byte symbols, the same with {@code </w>}, one id per merge in file order, then
 * {@code <|startoftext|>} and {@code <|endoftext|>}. Of OpenAI's merges file only the first 48,894 merges are used;
 * a shorter file (the mini world's) uses all of its merges, so the special ids follow from the file.
 *
 * <p>Text cleaning: HTML unescaped twice, whitespace collapsed, stripped, lower-cased. OpenAI also runs
 * {@code ftfy.fix_text}, which repairs mojibake; that is not reproduced here and makes no difference for the ASCII
 * class names and templates of the benchmarks.
 */
public final class ClipTokenizer {
    public static final int CONTEXT_LENGTH = 77;
    private static final int MAX_MERGES = 49152 - 256 - 2;
    private static final Pattern WORDS = Pattern.compile(
            "<\\|startoftext\\|>|<\\|endoftext\\|>|'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);

    private final char[] byteToChar = new char[256];
    private final int[] charToByte = new int[512];
    private final Map<String, Integer> encoder = new HashMap<>();
    private final List<String> decoder = new ArrayList<>();
    private final Map<String, Integer> mergeRank = new HashMap<>(); // "a b" -> rank
    private final Map<String, List<Integer>> cache = new ConcurrentHashMap<>();

    private ClipTokenizer(List<String> merges) {
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            byteToChar[b] = printable ? (char) b : (char) (256 + extra++);
            charToByte[byteToChar[b]] = b;
        }
        // ids 0..255: the printable bytes first, in byte order, then the others (bytes_to_unicode order)
        List<Character> symbols = new ArrayList<>();
        for (int b = 0; b < 256; b++) {
            if (byteToChar[b] < 256) {
                symbols.add(byteToChar[b]);
            }
        }
        for (int b = 0; b < 256; b++) {
            if (byteToChar[b] >= 256) {
                symbols.add(byteToChar[b]);
            }
        }
        for (char c : symbols) {
            add(String.valueOf(c));
        }
        for (char c : symbols) {
            add(c + "</w>");
        }
        for (int i = 0; i < merges.size(); i++) {
            String m = merges.get(i);
            String[] pair = m.split(" ");
            if (pair.length != 2 || pair[0].isEmpty() || pair[1].isEmpty()) {
                throw new KitException("BPE merge " + (i + 1) + " is \"" + m + "\"; expected two symbols separated by "
                        + "one space (OpenAI's bpe_simple_vocab_16e6.txt format).");
            }
            mergeRank.put(m, i);
            add(pair[0] + pair[1]);
        }
        add("<|startoftext|>");
        add("<|endoftext|>");
    }

    private void add(String token) {
        encoder.putIfAbsent(token, decoder.size());
        decoder.add(token);
    }

    /** Reads OpenAI's merges file (gzipped or plain text; the first line is a header). */
    public static ClipTokenizer load(Path mergesFile) {
        if (!Files.isRegularFile(mergesFile)) {
            throw new KitException("BPE vocabulary " + mergesFile + " not found. data-scripts/clip_weights.sh "
                    + "downloads bpe_simple_vocab_16e6.txt.gz with the CLIP weights.");
        }
        List<String> merges = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(mergesFile);
                InputStream in = mergesFile.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            r.readLine(); // header, e.g. "#version: 0.2"
            String line;
            while ((line = r.readLine()) != null && merges.size() < MAX_MERGES) {
                merges.add(line);
            }
        } catch (IOException e) {
            throw new KitException("Cannot read BPE vocabulary " + mergesFile + ": " + e.getMessage()
                    + ". Re-download it with data-scripts/clip_weights.sh.", e);
        }
        return new ClipTokenizer(merges);
    }

    /** A tokenizer from merge lines (no header). */
    public static ClipTokenizer fromMerges(List<String> merges) {
        return new ClipTokenizer(merges.subList(0, Math.min(merges.size(), MAX_MERGES)));
    }

    public int vocabSize() {
        return decoder.size();
    }

    public int startOfText() {
        return decoder.size() - 2;
    }

    public int endOfText() {
        return decoder.size() - 1;
    }

    /** BPE ids of a text, without start/end tokens. */
    public List<Integer> encode(String text) {
        List<Integer> ids = new ArrayList<>();
        Matcher m = WORDS.matcher(clean(text));
        while (m.find()) {
            String word = m.group();
            ids.addAll(cache.computeIfAbsent(word, this::bpe));
        }
        return ids;
    }

    /** The text of ids ({@code </w>} becomes a space), for display; start/end tokens are dropped. */
    public String decode(List<Integer> ids) {
        StringBuilder sb = new StringBuilder();
        for (int id : ids) {
            if (id < startOfText()) {
                sb.append(decoder.get(id));
            }
        }
        byte[] bytes = new byte[sb.length()];
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = (byte) charToByte[sb.charAt(i)];
        }
        return new String(bytes, StandardCharsets.UTF_8).replace("</w>", " ").strip();
    }

    /** [SOT] + ids + [EOT], zero-padded to 77; a longer text is an error. */
    public int[] tokenize(String text) {
        return tokenize(text, false);
    }

    /** As {@link #tokenize(String)}; with {@code truncate} a long text keeps 77 tokens, the last one EOT. */
    public int[] tokenize(String text, boolean truncate) {
        List<Integer> ids = encode(text);
        int[] out = new int[CONTEXT_LENGTH];
        if (ids.size() + 2 > CONTEXT_LENGTH) {
            if (!truncate) {
                String shown = text.length() > 60 ? text.substring(0, 57) + "..." : text;
                throw new KitException("\"" + shown + "\" is " + (ids.size() + 2) + " tokens with start and end; "
                        + "CLIP's context is " + CONTEXT_LENGTH + ". Shorten it or tokenize with truncate = true.");
            }
            ids = ids.subList(0, CONTEXT_LENGTH - 2);
        }
        out[0] = startOfText();
        for (int i = 0; i < ids.size(); i++) {
            out[i + 1] = ids.get(i);
        }
        out[ids.size() + 1] = endOfText();
        if (truncate && ids.size() + 2 >= CONTEXT_LENGTH) {
            out[CONTEXT_LENGTH - 1] = endOfText();
        }
        return out;
    }

    /** Tokenizes many texts; an empty list is an error. */
    public int[][] tokenize(List<String> texts) {
        if (texts.isEmpty()) {
            throw new KitException("nothing to tokenize: the list of texts is empty (an empty class list?)");
        }
        int[][] out = new int[texts.size()][];
        for (int i = 0; i < out.length; i++) {
            out[i] = tokenize(texts.get(i));
        }
        return out;
    }

    /** Position of the first EOT token (the largest id) of a tokenized text: where the text encoder pools. */
    public static int eotIndex(int[] tokens) {
        int best = 0;
        for (int i = 1; i < tokens.length; i++) {
            if (tokens[i] > tokens[best]) {
                best = i;
            }
        }
        return best;
    }

    // ---- internals ----

    static String clean(String text) {
        String t = HtmlEntities.unescape(HtmlEntities.unescape(text)).strip();
        return WHITESPACE.matcher(t).replaceAll(" ").strip().toLowerCase(java.util.Locale.ROOT);
    }

    /** Byte-level BPE of one pre-token: repeatedly merge the adjacent pair with the lowest rank. */
    private List<Integer> bpe(String word) {
        if (word.equals("<|startoftext|>") || word.equals("<|endoftext|>")) {
            return List.of(encoder.get(word));
        }
        byte[] bytes = word.getBytes(StandardCharsets.UTF_8);
        List<String> parts = new ArrayList<>();
        for (byte b : bytes) {
            parts.add(String.valueOf(byteToChar[b & 0xff]));
        }
        int last = parts.size() - 1;
        parts.set(last, parts.get(last) + "</w>");
        while (parts.size() > 1) {
            int bestRank = Integer.MAX_VALUE;
            int best = -1;
            for (int i = 0; i + 1 < parts.size(); i++) {
                Integer r = mergeRank.get(parts.get(i) + " " + parts.get(i + 1));
                if (r != null && r < bestRank) {
                    bestRank = r;
                    best = i;
                }
            }
            if (best < 0) {
                break;
            }
            // merge every occurrence of the best pair, left to right
            String a = parts.get(best);
            String b = parts.get(best + 1);
            List<String> merged = new ArrayList<>();
            for (int i = 0; i < parts.size(); i++) {
                if (i + 1 < parts.size() && parts.get(i).equals(a) && parts.get(i + 1).equals(b)) {
                    merged.add(a + b);
                    i++;
                } else {
                    merged.add(parts.get(i));
                }
            }
            parts = merged;
        }
        List<Integer> ids = new ArrayList<>(parts.size());
        for (String p : parts) {
            Integer id = encoder.get(p);
            if (id == null) {
                throw new IllegalStateException("BPE symbol '" + p + "' has no id");
            }
            ids.add(id);
        }
        return ids;
    }

}
