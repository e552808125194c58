package org.commakit.miniworld;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Learns a small byte-level BPE vocabulary for the mini world's CLIP and writes it in OpenAI's merges format
 * ({@code bpe_simple_vocab_16e6.txt.gz}, docs/data-protocol.md#tokenizer): gzipped UTF-8, a {@code #version: 0.2} header, then one
 * merge per line as two symbols separated by a space, with CLIP's byte-to-unicode symbols and {@code </w>} at the end
 * of a word. A CLIP tokenizer that reads OpenAI's file reads this one unchanged; its vocabulary is 512 byte symbols,
 * then one token per merge, then the two special tokens.
 *
 * <p>Training is the standard algorithm on CLIP's pre-tokens: count adjacent symbol pairs over all words (weighted by
 * frequency), merge the most frequent pair everywhere, repeat. Ties go to the pair that sorts first, so the result is
 * deterministic. A pair whose merged token already exists is skipped, so every merge adds a new token.
 */
public final class MiniBpeTrainer {
    /** File name of the vocabulary inside a world's {@code mini-clip/} folder. */
    public static final String FILE_NAME = "bpe_mini_vocab.txt.gz";
    /** Upper bound on merges; the default corpus stops earlier, when no pair occurs twice. */
    public static final int DEFAULT_MAX_MERGES = 2000;
    /** Captions of {@link MiniCaptions#DEFAULT_SEED} used for the default vocabulary. */
    public static final int DEFAULT_CAPTIONS = 40_000;
    /** How many captions one class name, template or prompt counts for, so that all of them are whole tokens. */
    static final long NAME_WEIGHT = 50;

    /** CLIP's pre-tokeniser (simple_tokenizer.py) without the special tokens, applied to lower-cased text. */
    private static final Pattern WORDS = Pattern.compile(
            "'s|'t|'re|'ve|'m|'ll|'d|[\\p{L}]+|[\\p{N}]|[^\\s\\p{L}\\p{N}]+",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern WHITESPACE = Pattern.compile("\\s+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final String END = "</w>";

    private MiniBpeTrainer() {}

    /** CLIP's bytes_to_unicode: printable bytes map to themselves, the others to U+0100 + n in byte order. */
    static char[] byteToChar() {
        char[] map = new char[256];
        int extra = 0;
        for (int b = 0; b < 256; b++) {
            boolean printable = (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
            map[b] = printable ? (char) b : (char) (256 + extra++);
        }
        return map;
    }

    /** CLIP's pre-tokens of a text (whitespace collapsed, lower-cased), each as byte-to-unicode characters. */
    static List<String> preTokens(String text) {
        char[] map = byteToChar();
        String clean = WHITESPACE.matcher(text).replaceAll(" ").strip().toLowerCase(Locale.ROOT);
        List<String> out = new ArrayList<>();
        Matcher m = WORDS.matcher(clean);
        while (m.find()) {
            StringBuilder sb = new StringBuilder();
            for (byte b : m.group().getBytes(StandardCharsets.UTF_8)) {
                sb.append(map[b & 0xff]);
            }
            out.add(sb.toString());
        }
        return out;
    }

    /** Adds the pre-tokens of {@code text} to {@code counts}, each with weight {@code weight}. */
    static void count(String text, long weight, Map<String, Long> counts) {
        for (String w : preTokens(text)) {
            counts.merge(w, weight, Long::sum);
        }
    }

    /**
     * The default corpus: {@value #DEFAULT_CAPTIONS} captions of the default caption corpus, plus every class name,
     * template and filled prompt of every mini dataset (weight {@value #NAME_WEIGHT} each).
     */
    public static Map<String, Long> defaultCorpus() {
        Map<String, Long> counts = new HashMap<>();
        MiniCaptions captions = new MiniCaptions(MiniCaptions.DEFAULT_SEED);
        for (int i = 0; i < DEFAULT_CAPTIONS; i++) {
            count(captions.caption(i), 1, counts);
        }
        for (MiniDataset d : MiniDatasets.all()) {
            count(d.template().replace("{}", " "), NAME_WEIGHT, counts);
            for (String name : d.classnames()) {
                count(name, NAME_WEIGHT, counts);
                count(d.prompt(name), NAME_WEIGHT, counts);
            }
        }
        return counts;
    }

    /**
     * Merges learned from the default corpus (the vocabulary {@link MiniWorld} writes). Computed once per JVM: the
     * corpus is fixed, so the result is too.
     */
    public static List<String> trainDefault() {
        return DefaultMerges.MERGES;
    }

    private static final class DefaultMerges {
        static final List<String> MERGES = List.copyOf(train(defaultCorpus(), DEFAULT_MAX_MERGES, 2));
    }

    /**
     * Learns up to {@code maxMerges} merges from word counts (keys are pre-tokens in byte-to-unicode characters, as
     * {@link #preTokens} makes them); stops early when the most frequent pair occurs fewer than {@code minCount}
     * times. Returns merge lines "a b" in rank order.
     */
    public static List<String> train(Map<String, Long> wordCounts, int maxMerges, long minCount) {
        List<String> symbolText = new ArrayList<>(); // symbol id -> text
        Map<String, Integer> symbolId = new HashMap<>();
        for (char c : byteToChar()) {
            intern(String.valueOf(c), symbolText, symbolId);
            intern(c + END, symbolText, symbolId);
        }
        List<int[]> words = new ArrayList<>();
        List<Long> freq = new ArrayList<>();
        for (Map.Entry<String, Long> e : new TreeMap<>(wordCounts).entrySet()) {
            String w = e.getKey();
            int[] symbols = new int[w.length()];
            for (int i = 0; i < w.length(); i++) {
                String s = i == w.length() - 1 ? w.charAt(i) + END : String.valueOf(w.charAt(i));
                symbols[i] = intern(s, symbolText, symbolId);
            }
            words.add(symbols);
            freq.add(e.getValue());
        }
        Set<Long> blocked = new HashSet<>();
        List<String> merges = new ArrayList<>();
        while (merges.size() < maxMerges) {
            Map<Long, Long> pairs = new HashMap<>();
            for (int w = 0; w < words.size(); w++) {
                int[] s = words.get(w);
                for (int i = 0; i + 1 < s.length; i++) {
                    pairs.merge(pairKey(s[i], s[i + 1]), freq.get(w), Long::sum);
                }
            }
            long best = -1;
            long bestCount = 0;
            for (Map.Entry<Long, Long> p : pairs.entrySet()) {
                long key = p.getKey();
                long c = p.getValue();
                if (blocked.contains(key) || c < bestCount) {
                    continue;
                }
                if (c > bestCount || pairText(key, symbolText).compareTo(pairText(best, symbolText)) < 0) {
                    best = key;
                    bestCount = c;
                }
            }
            if (best < 0 || bestCount < minCount) {
                break;
            }
            int left = (int) (best >>> 32);
            int right = (int) best;
            String merged = symbolText.get(left) + symbolText.get(right);
            if (symbolId.containsKey(merged)) {
                blocked.add(best); // the token exists already (made by another pair): skip, keep tokens unique
                continue;
            }
            int id = intern(merged, symbolText, symbolId);
            merges.add(pairText(best, symbolText));
            for (int w = 0; w < words.size(); w++) {
                words.set(w, apply(words.get(w), left, right, id));
            }
        }
        return merges;
    }

    private static int intern(String symbol, List<String> text, Map<String, Integer> ids) {
        Integer id = ids.get(symbol);
        if (id == null) {
            id = text.size();
            ids.put(symbol, id);
            text.add(symbol);
        }
        return id;
    }

    private static long pairKey(int left, int right) {
        return ((long) left << 32) | (right & 0xffffffffL);
    }

    private static String pairText(long key, List<String> text) {
        return text.get((int) (key >>> 32)) + " " + text.get((int) key);
    }

    /** Merges every occurrence of (left, right), scanning left to right as CLIP's encoder does. */
    private static int[] apply(int[] s, int left, int right, int merged) {
        int[] out = new int[s.length];
        int n = 0;
        for (int i = 0; i < s.length; i++) {
            if (i + 1 < s.length && s[i] == left && s[i + 1] == right) {
                out[n++] = merged;
                i++;
            } else {
                out[n++] = s[i];
            }
        }
        return n == s.length ? s : Arrays.copyOf(out, n);
    }

    /** Writes merges as OpenAI's format: gzip, header line {@code #version: 0.2}, one merge per line. */
    public static void write(List<String> merges, Path file) {
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (OutputStream raw = Files.newOutputStream(file);
                    GZIPOutputStream gz = new GZIPOutputStream(raw);
                    Writer w = new OutputStreamWriter(gz, StandardCharsets.UTF_8)) {
                w.write("#version: 0.2\n");
                for (String m : merges) {
                    w.write(m);
                    w.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the BPE vocabulary to " + file + ": " + e.getMessage(), e);
        }
    }

    /** Reads the merge lines of a merges file (gzipped or plain), without the header. */
    public static List<String> read(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("BPE vocabulary " + file + " not found; write it with "
                    + "MiniBpeTrainer --out " + file + " or generate the mini world (MiniWorld --out <dir>).");
        }
        List<String> merges = new ArrayList<>();
        try (InputStream raw = Files.newInputStream(file);
                InputStream in = file.toString().endsWith(".gz") ? new GZIPInputStream(raw) : raw;
                BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            String header = r.readLine();
            if (header == null || !header.contains("#version")) {
                throw new IllegalArgumentException("BPE vocabulary " + file + " starts with \"" + header
                        + "\"; expected a \"#version: 0.2\" header line (OpenAI's merges format)");
            }
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.isEmpty()) {
                    merges.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read BPE vocabulary " + file + ": " + e.getMessage(), e);
        }
        return merges;
    }
}
