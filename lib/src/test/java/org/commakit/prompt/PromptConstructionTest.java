package org.commakit.prompt;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Supplier;
import org.commakit.KitException;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipConfig;
import org.commakit.clip.ClipTokenizer;
import org.commakit.clip.ClipWeights;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * How the learners build their prompts from text, on a small random CLIP with the real 49,408-token vocabulary and
 * OpenAI's BPE: which tokens are learnable and how they are initialised, reproducibility from a seed, switching class
 * lists, and the errors for settings that cannot work.
 */
class PromptConstructionTest {
    // 3 blocks per tower, width 64 (1 head), 32 px images, patch 8, the real vocabulary size
    static final ClipConfig SMALL = new ClipConfig(32, 32, 8, 64, 3, 1, 77, 49408, 64, 3, 1);
    static final List<String> CLASSES = List.of("golden_retriever", "cat", "sea lion");
    static Clip clip;
    static ClipTokenizer tokenizer;
    static NDManager manager;

    @BeforeAll
    static void load() {
        clip = Clip.of(ClipWeights.initialize(SMALL, 7, Device.cpu(), DataType.FLOAT32));
        tokenizer = ClipTokenizer.openAi();
        manager = NDManager.newBaseManager();
    }

    @AfterAll
    static void close() {
        manager.close();
        clip.close();
    }

    /** The frozen token embeddings of {@code ids}, [ids, width]. */
    static float[] embeddings(int... ids) {
        int[][] row = new int[1][77];
        System.arraycopy(ids, 0, row[0], 0, ids.length);
        NDArray e = clip.text().tokenEmbedding(clip.tokens(manager, row)); // [1, 77, width]
        return e.get("0, :{}, :", ids.length).toFloatArray();
    }

    @Test
    void mapleAndCommaLearnOnlyAPhotoWhileOfAStaysInTheFixedSuffix() {
        // docs/official-code-notes.md#only-a-photo-is-learnable: [SOT][c1][c2] of a {class} . [EOT]
        try (TextPrompts p = TextPrompts.build(clip, tokenizer, CLASSES, MultiModalPromptLearner.CONTEXT_PHRASE, 2);
                MaPLe maple = new MaPLe(clip, tokenizer, CLASSES, 3, new SplittableRandom(1));
                Comma comma = new Comma(clip, tokenizer, CLASSES, 3, Comma.Mode.FAITHFUL, new SplittableRandom(1));
                NDScope scope = new NDScope()) {
            float[] aPhoto = embeddings(320, 1125);
            assertArrayEquals(aPhoto, maple.trainableParameters().get("ctx").toFloatArray(), 0f);
            assertArrayEquals(aPhoto, comma.trainableParameters().get("ctx").toFloatArray(), 0f);
            // "a photo of a golden retriever." = SOT a photo of a golden retriever . EOT
            int[] ids = tokenizer.tokenize("a photo of a golden retriever.");
            assertArrayEquals(new int[] {49406, 320, 1125, 539, 320}, java.util.Arrays.copyOf(ids, 5));
            assertEquals(ClipTokenizer.eotIndex(ids), p.eot()[0]);
            NDArray ctx = manager.zeros(new Shape(2, SMALL.textWidth()));
            NDArray full = p.embeddings(ctx); // [classes, 77, width]
            assertEquals(new Shape(3, 77, SMALL.textWidth()), full.getShape());
            int eot = p.eot()[0];
            assertArrayEquals(embeddings(ids[0]), full.get("0, 0:1, :").toFloatArray(), 0f, "SOT prefix");
            assertArrayEquals(new float[2 * SMALL.textWidth()], full.get("0, 1:3, :").toFloatArray(), 0f,
                    "positions 1..2 are the learnable context");
            int[] suffix = java.util.Arrays.copyOfRange(ids, 3, eot + 1); // of a golden retriever . EOT
            assertArrayEquals(embeddings(suffix), full.get("0, 3:{}, :", eot + 1).toFloatArray(), 0f,
                    "'of a', the class name, '.' and EOT stay fixed");
        }
    }

    @Test
    void coopStartsFromThePhraseEmbeddingsOrFromSeededNoiseWithPlaceholders() {
        try (CoOp phrase = new CoOp(clip, tokenizer, CLASSES, "a photo of a", 4, new SplittableRandom(1));
                CoOp random = new CoOp(clip, tokenizer, CLASSES, null, 16, new SplittableRandom(1));
                CoOp again = new CoOp(clip, tokenizer, CLASSES, "", 16, new SplittableRandom(1));
                CoOp other = new CoOp(clip, tokenizer, CLASSES, null, 16, new SplittableRandom(2))) {
            assertArrayEquals(embeddings(320, 1125, 539, 320), phrase.trainableParameters().get("ctx").toFloatArray(),
                    0f);
            float[] r = random.trainableParameters().get("ctx").toFloatArray();
            assertEquals(16 * SMALL.textWidth(), r.length);
            assertArrayEquals(r, again.trainableParameters().get("ctx").toFloatArray(), 0f, "same seed, same ctx");
            assertNotEquals(r[0], other.trainableParameters().get("ctx").getFloat(0, 0), "another seed");
            double sq = 0;
            for (float v : r) {
                sq += v * v;
            }
            double std = Math.sqrt(sq / r.length); // N(0, 0.02) over 1,024 draws: within 10%
            assertTrue(Math.abs(std - 0.02) < 0.002, "std " + std);
        }
    }

    @Test
    void theSameSeedGivesTheSameLearnerForEveryMethod() {
        List<Supplier<PromptLearner>> builders = List.of(
                () -> new CoCoOp(clip, tokenizer, CLASSES, "a photo of a", 4, new SplittableRandom(5)),
                () -> new MaPLe(clip, tokenizer, CLASSES, 3, new SplittableRandom(5)),
                () -> new Comma(clip, tokenizer, CLASSES, 3, Comma.Mode.FAITHFUL, new SplittableRandom(5)),
                () -> new Comma(clip, tokenizer, CLASSES, 3, Comma.Mode.AS_DESCRIBED, new SplittableRandom(5)));
        for (Supplier<PromptLearner> build : builders) {
            try (PromptLearner a = build.get();
                    PromptLearner b = build.get()) {
                assertEquals(a.trainableParameters().keySet(), b.trainableParameters().keySet());
                a.trainableParameters().forEach((k, v) -> assertArrayEquals(v.toFloatArray(),
                        b.trainableParameters().get(k).toFloatArray(), 0f, a.method() + " " + k));
                a.frozenState().forEach((k, v) -> assertArrayEquals(v.toFloatArray(),
                        b.frozenState().get(k).toFloatArray(), 0f, a.method() + " " + k));
            }
        }
    }

    @Test
    void commaGeneratorsAreDrawnIndependentlyWithPyTorchsDefaultInit() {
        try (Comma comma = new Comma(clip, tokenizer, CLASSES, 3, Comma.Mode.FAITHFUL, new SplittableRandom(1))) {
            Map<String, NDArray> g = comma.frozenState();
            assertEquals(16, g.size()); // G_1, G_2 x (text_proj, norm, mlp1, mlp2) x (weight, bias)
            NDArray w1 = g.get("generator.1.text_proj.weight");
            NDArray w2 = g.get("generator.2.text_proj.weight");
            assertEquals(new Shape(SMALL.visionWidth(), SMALL.textWidth()), w1.getShape());
            assertTrue(w1.sub(w2).abs().max().getFloat() > 0, "independent draws, unlike MaPLe's couplings");
            float bound = (float) (1 / Math.sqrt(SMALL.textWidth()));
            assertTrue(w1.abs().max().getFloat() <= bound, "U(-1/sqrt(fan_in), 1/sqrt(fan_in))");
            assertEquals(new Shape(SMALL.visionWidth() / 4, SMALL.visionWidth()),
                    g.get("generator.1.mlp1.weight").getShape(), "reduction 4");
            assertArrayEquals(new float[SMALL.visionWidth()], g.get("generator.2.norm.bias").toFloatArray(), 0f);
            assertEquals(SMALL.visionWidth(), g.get("generator.2.norm.weight").sum().getFloat(), 0f);
            assertEquals(new Shape(2, 2, SMALL.textWidth()), comma.trainableParameters().get("deep_text").getShape());
            assertEquals(new Shape(SMALL.visionWidth(), SMALL.textWidth()),
                    comma.trainableParameters().get("proj.weight").getShape(), "widths from the CLIP config");
        }
    }

    @Test
    void switchingClassListsKeepsEveryLearnedTensor() {
        try (MaPLe maple = new MaPLe(clip, tokenizer, CLASSES, 3, new SplittableRandom(1));
                NDScope scope = new NDScope()) {
            NDArray images = manager.randomNormal(new Shape(2, 3, 32, 32));
            assertEquals(new Shape(2, 3), maple.forward(images, 0).logits().getShape());
            float[] ctx = maple.trainableParameters().get("ctx").toFloatArray();
            maple.setClassnames(List.of("dog", "airplane_cabin"));
            assertEquals(List.of("dog", "airplane_cabin"), maple.classnames());
            assertEquals(new Shape(2, 2), maple.forward(images, 0).logits().getShape());
            assertArrayEquals(ctx, maple.trainableParameters().get("ctx").toFloatArray(), 0f);
        }
    }

    @Test
    void settingsThatCannotWorkAreRejectedWithTheValueAndTheFix() {
        SplittableRandom rng = new SplittableRandom(1);
        KitException deep = assertThrows(KitException.class, () -> new MaPLe(clip, tokenizer, CLASSES, 4, rng));
        assertTrue(deep.getMessage().contains("prompt depth 4") && deep.getMessage().contains("(3)"),
                deep.getMessage());
        assertThrows(KitException.class,
                () -> new Comma(clip, tokenizer, CLASSES, 0, Comma.Mode.FAITHFUL, rng));
        KitException empty = assertThrows(KitException.class,
                () -> new Comma(clip, tokenizer, List.of(), 3, Comma.Mode.FAITHFUL, rng));
        assertTrue(empty.getMessage().contains("class list is empty"), empty.getMessage());
        KitException words = assertThrows(KitException.class,
                () -> new CoCoOp(clip, tokenizer, CLASSES, "a photo of a", 16, rng));
        assertTrue(words.getMessage().contains("n_ctx = 16") && words.getMessage().contains("4 words")
                && words.getMessage().contains("Use n_ctx = 4"), words.getMessage());
        assertThrows(KitException.class, () -> new CoOp(clip, tokenizer, CLASSES, null, 0, rng));
        try (MaPLe maple = new MaPLe(clip, tokenizer, CLASSES, 3, rng);
                Comma comma = new Comma(clip, tokenizer, CLASSES, 3, Comma.Mode.FAITHFUL, rng)) {
            Map<String, NDArray> mapleState = new java.util.LinkedHashMap<>(maple.trainableParameters());
            KitException wrong = assertThrows(KitException.class, () -> comma.load(mapleState, "maple.ckpt"));
            assertTrue(wrong.getMessage().contains("maple.ckpt") && wrong.getMessage().contains("coupling.1.weight"),
                    wrong.getMessage());
        }
    }
}
