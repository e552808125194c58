package org.commakit.prompt;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.commakit.KitException;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipTokenizer;
import org.commakit.clip.ZeroShotClassifierTest;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Bad settings fail at construction with a message naming the value and the fix. */
class PromptErrorsTest {
    static Clip clip;
    static ClipTokenizer tokenizer;

    @BeforeAll
    static void load() throws IOException {
        clip = PromptGoldenParityTest.clipForOtherTests();
        tokenizer = ZeroShotClassifierTest.tinyTokenizer();
    }

    @AfterAll
    static void close() {
        PromptGoldenParityTest.close();
    }

    @Test
    void aPromptDepthBeyondTheBlocksNamesTheLimit() {
        KitException e = assertThrows(KitException.class,
                () -> new Comma(clip, tokenizer, List.of("cat"), 9, Comma.Mode.FAITHFUL, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("prompt depth 9") && e.getMessage().contains("(4)"), e.getMessage());
    }

    @Test
    void nCtxThatDoesNotMatchTheInitPhraseIsRefused() {
        KitException e = assertThrows(KitException.class,
                () -> new CoOp(clip, tokenizer, List.of("cat"), "a photo of a", 16, new SplittableRandom(1)));
        // the rule is the phrase's word count (docs/data-protocol.md#prompt-text-per-method), even where, as with the tiny 1,000-id vocabulary,
        // "photo" is two tokens
        assertTrue(e.getMessage().contains("n_ctx = 16") && e.getMessage().contains("4 words")
                && e.getMessage().contains("Use n_ctx = 4"), e.getMessage());
    }

    @Test
    void anEmptyClassListIsRefused() {
        KitException e = assertThrows(KitException.class,
                () -> new MaPLe(clip, tokenizer, List.of(), 3, new SplittableRandom(1)));
        assertTrue(e.getMessage().contains("class list is empty"), e.getMessage());
    }

    @Test
    void stateOfAnotherConfigurationIsRefusedNamingTheTensors() {
        try (MaPLe maple = new MaPLe(clip, tokenizer, List.of("cat", "dog"), 3, new SplittableRandom(1));
                Comma comma = new Comma(clip, tokenizer, List.of("cat", "dog"), 3, Comma.Mode.FAITHFUL,
                        new SplittableRandom(1))) {
            KitException e = assertThrows(KitException.class, () -> comma.load(Map.copyOf(maple.trainableParameters()),
                    "maple.safetensors"));
            assertTrue(e.getMessage().contains("maple.safetensors") && e.getMessage().contains("coupling.1.weight"),
                    e.getMessage());
        }
    }
}
