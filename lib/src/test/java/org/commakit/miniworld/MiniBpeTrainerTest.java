package org.commakit.miniworld;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MiniBpeTrainerTest {

    @Test
    void preTokensFollowClipsRegexAndLowerCase() {
        assertEquals(List.of("you", "should", "'ve", "done", "this"), MiniBpeTrainer.preTokens("You  should've done this"));
        assertEquals(List.of("a", "7", "0", "7", "-", "3", "2", "0", ",", "ok", ")."),
                MiniBpeTrainer.preTokens("a 707-320, OK)."));
        // a space is byte 0x20, outside the printable range: it maps to U+0100 + 32 (but never survives the regex)
        assertEquals((char) 0x120, MiniBpeTrainer.byteToChar()[' ']);
        assertEquals('!', MiniBpeTrainer.byteToChar()['!']);
    }

    @Test
    void referenceEncoderReproducesOpenAiIdsWithTheRealVocabulary() {
        ReferenceBpe bpe = new ReferenceBpe(org.commakit.clip.ClipTokenizer.openAiMerges());
        // docs/data-protocol.md#tokenizer test vectors, without the start/end tokens
        assertEquals(List.of(320, 1125, 539, 320, 1929, 269), bpe.encode("a photo of a dog."));
        assertEquals(List.of(320, 24584, 10316, 1125, 539, 2906, 9955, 973, 269),
                bpe.encode("a centered satellite photo of Annual Crop Land."));
        assertEquals(List.of(592, 1535, 1200, 1700, 589), bpe.encode("You should've done this"));
    }

    @Test
    void trainingMergesTheMostFrequentPairFirstAndBreaksTiesByOrder() {
        // the classic example: e+s and s+t</w> both occur 9 times; "e s" sorts first
        Map<String, Long> corpus = Map.of("low", 5L, "lower", 2L, "newest", 6L, "widest", 3L);
        List<String> merges = MiniBpeTrainer.train(corpus, 3, 2);
        assertEquals(List.of("e s", "es t</w>", "l o"), merges);
        assertEquals(merges, MiniBpeTrainer.train(corpus, 3, 2));
        assertEquals(List.of(), MiniBpeTrainer.train(Map.of("ab", 1L, "cd", 1L), 10, 2),
                "pairs seen once are never merged with minCount 2");
    }

    @Test
    void learnedMergesReplayTheTrainingSegmentation() {
        Map<String, Long> corpus = Map.of("lower", 4L, "lowest", 3L, "slow", 2L, "owl", 2L);
        List<String> merges = MiniBpeTrainer.train(corpus, 100, 2);
        ReferenceBpe bpe = new ReferenceBpe(merges);
        // every word occurring at least twice ends up as one token once no pair occurs twice any more
        for (String w : corpus.keySet()) {
            assertEquals(1, bpe.symbols(w).size(), w + " -> " + bpe.symbols(w));
        }
    }

    @Test
    void writtenVocabularyHasOpenAisFormatAndEveryClassWordIsOneToken(@TempDir Path dir) throws IOException {
        List<String> merges = MiniBpeTrainer.trainDefault();
        Path file = dir.resolve(MiniBpeTrainer.FILE_NAME);
        MiniBpeTrainer.write(merges, file);

        List<String> lines = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                lines.add(line);
            }
        }
        assertEquals("#version: 0.2", lines.get(0));
        assertEquals(merges, lines.subList(1, lines.size()));
        assertEquals(merges, MiniBpeTrainer.read(file));
        assertTrue(merges.size() >= 300 && merges.size() <= MiniBpeTrainer.DEFAULT_MAX_MERGES,
                "a small vocabulary: " + merges.size() + " merges");

        Set<String> tokens = new HashSet<>();
        for (char c : MiniBpeTrainer.byteToChar()) {
            tokens.add(String.valueOf(c));
            tokens.add(c + "</w>");
        }
        for (String m : merges) {
            String[] pair = m.split(" ", -1);
            assertEquals(2, pair.length, "merge \"" + m + "\" is two symbols and one space");
            assertTrue(tokens.contains(pair[0]) && tokens.contains(pair[1]),
                    "merge \"" + m + "\" joins two known symbols");
            assertFalse(pair[0].contains("</w>"), "only the last symbol of a word ends with </w>: " + m);
            assertTrue(tokens.add(pair[0] + pair[1]), "merge \"" + m + "\" makes a new token");
        }

        ReferenceBpe bpe = new ReferenceBpe(merges);
        for (MiniDataset d : MiniDatasets.all()) {
            List<String> texts = new ArrayList<>(d.classnames());
            texts.add(d.template().replace("{}", " "));
            for (String text : texts) {
                for (String word : MiniBpeTrainer.preTokens(text)) {
                    List<String> symbols = bpe.symbols(word);
                    assertEquals(1, symbols.size(), d.name() + ": \"" + word + "\" of \"" + text + "\" -> " + symbols);
                    assertTrue(tokens.contains(symbols.get(0)));
                }
                assertFalse(bpe.encode(text).contains(-1), text);
            }
        }
    }
}
