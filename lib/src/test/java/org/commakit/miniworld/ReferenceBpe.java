package org.commakit.miniworld;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A small CLIP BPE encoder for the tests, independent of the kit's tokenizer: vocabulary = the 256 byte symbols in
 * bytes_to_unicode order, the same with {@code </w>}, one token per merge (docs/data-protocol.md#tokenizer); a word is merged by
 * repeatedly joining every occurrence of its lowest-ranked pair.
 */
final class ReferenceBpe {
    private final Map<String, Integer> rank = new HashMap<>();
    private final Map<String, Integer> ids = new HashMap<>();

    ReferenceBpe(List<String> merges) {
        char[] map = MiniBpeTrainer.byteToChar();
        List<Character> order = new ArrayList<>();
        for (char c : map) {
            if (c < 256) {
                order.add(c);
            }
        }
        for (char c : map) {
            if (c >= 256) {
                order.add(c);
            }
        }
        for (char c : order) {
            ids.putIfAbsent(String.valueOf(c), ids.size());
        }
        for (char c : order) {
            ids.putIfAbsent(c + "</w>", ids.size());
        }
        for (int i = 0; i < merges.size(); i++) {
            String m = merges.get(i);
            rank.putIfAbsent(m, i);
            ids.putIfAbsent(m.replace(" ", ""), 512 + i);
        }
    }

    /** The symbols of one pre-token (already in byte-to-unicode characters). */
    List<String> symbols(String preToken) {
        List<String> word = new ArrayList<>();
        for (int i = 0; i < preToken.length(); i++) {
            word.add(i == preToken.length() - 1 ? preToken.charAt(i) + "</w>" : String.valueOf(preToken.charAt(i)));
        }
        while (word.size() > 1) {
            String best = null;
            int bestRank = Integer.MAX_VALUE;
            for (int i = 0; i + 1 < word.size(); i++) {
                Integer r = rank.get(word.get(i) + " " + word.get(i + 1));
                if (r != null && r < bestRank) {
                    bestRank = r;
                    best = word.get(i) + " " + word.get(i + 1);
                }
            }
            if (best == null) {
                break;
            }
            String[] pair = best.split(" ");
            List<String> next = new ArrayList<>();
            for (int i = 0; i < word.size(); i++) {
                if (i + 1 < word.size() && word.get(i).equals(pair[0]) && word.get(i + 1).equals(pair[1])) {
                    next.add(pair[0] + pair[1]);
                    i++;
                } else {
                    next.add(word.get(i));
                }
            }
            word = next;
        }
        return word;
    }

    /** Token ids of a text (no start/end tokens); -1 for a symbol outside the vocabulary. */
    List<Integer> encode(String text) {
        List<Integer> out = new ArrayList<>();
        for (String preToken : MiniBpeTrainer.preTokens(text)) {
            for (String s : symbols(preToken)) {
                out.add(ids.getOrDefault(s, -1));
            }
        }
        return out;
    }
}
