package org.commakit.clip;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.commakit.Fixtures;
import org.commakit.KitException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The zero-shot classifier on the golden tiny CLIP (whose encoders match PyTorch). Its vocabulary of 1,000 ids is
 * exactly OpenAI's first 486 merges (512 + 486 + 2), so real BPE tokenization feeds it.
 */
public class ZeroShotClassifierTest {
    static Clip clip;
    static ClipTokenizer tokenizer;
    static final List<String> CLASSES = List.of("red_car", "blue sky", "dog");
    static final List<String> TEMPLATES = List.of("a photo of a {}.", "art of the {}.");

    @BeforeAll
    static void load() throws IOException {
        clip = Clip.load(Fixtures.fixture("clip/tiny_clip/tiny_clip_openai.pt"), Device.cpu(), DataType.FLOAT32);
        tokenizer = tinyTokenizer();
    }

    /** OpenAI's first 486 merges: a 1,000-id vocabulary (SOT 998, EOT 999) that fits the tiny golden CLIPs. */
    public static ClipTokenizer tinyTokenizer() {
        ClipTokenizer t = ClipTokenizer.fromMerges(ClipTokenizer.openAiMerges().subList(0, 486));
        assertEquals(1000, t.vocabSize());
        return t;
    }

    @AfterAll
    static void close() {
        clip.close();
    }

    @Test
    void classWeightsAreTheRenormalisedMeanOfNormalisedTemplateFeatures() {
        try (ZeroShotClassifier zs = ZeroShotClassifier.build(clip, tokenizer, CLASSES, TEMPLATES);
                NDManager m = NDManager.newBaseManager()) {
            NDArray expected = null;
            for (String t : TEMPLATES) {
                List<String> prompts = CLASSES.stream().map(c -> t.replace("{}", c.replace('_', ' '))).toList();
                NDArray f = Clip.normalize(clip.encodeText(clip.tokens(m, tokenizer.tokenize(prompts))));
                expected = expected == null ? f : expected.add(f);
            }
            expected = Clip.normalize(expected.div(TEMPLATES.size()));
            assertEquals(0f, zs.weights().sub(expected).abs().max().getFloat(), 1e-6f);
            assertEquals("a photo of a red car.", ZeroShotClassifier.prompt(TEMPLATES.get(0), "red_car"));
        }
    }

    @Test
    void logitsAreScaledCosinesAndPredictionsTheirArgmax() {
        Path dir = Fixtures.fixture("clip/tiny_clip");
        try (ZeroShotClassifier zs = ZeroShotClassifier.build(clip, tokenizer, CLASSES, TEMPLATES);
                NDManager m = NDManager.newBaseManager()) {
            Map<String, NDArray> io = SafeTensors.read(dir.resolve("io.safetensors"), m);
            NDArray images = io.get("images");
            NDArray logits = zs.logits(images);
            NDArray cos = Clip.normalize(clip.encodeImage(images)).matMul(zs.weights().transpose());
            assertEquals(0f, logits.sub(cos.mul(clip.logitScale())).abs().max().getFloat(), 1e-5f);
            long[] argmax = logits.argMax(1).toLongArray();
            int[] predicted = zs.predict(images);
            assertArrayEquals(new int[] {(int) argmax[0], (int) argmax[1], (int) argmax[2]}, predicted);
        }
    }

    @Test
    void anEmptyClassListOrATemplateWithoutPlaceholderIsRefused() {
        KitException e = assertThrows(KitException.class,
                () -> ZeroShotClassifier.build(clip, tokenizer, List.of(), TEMPLATES));
        assertTrue(e.getMessage().contains("class list is empty"), e.getMessage());
        e = assertThrows(KitException.class,
                () -> ZeroShotClassifier.build(clip, tokenizer, CLASSES, List.of("a photo.")));
        assertTrue(e.getMessage().contains("a photo."), e.getMessage());
    }
}
