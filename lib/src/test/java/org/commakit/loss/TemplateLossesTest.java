package org.commakit.loss;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.List;
import java.util.SplittableRandom;
import org.commakit.KitException;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipConfig;
import org.commakit.clip.ClipTokenizer;
import org.commakit.clip.ClipWeights;
import org.commakit.prompt.CoCoOp;
import org.commakit.prompt.CoOp;
import org.commakit.prompt.MaPLe;
import org.commakit.prompt.PromptOutput;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The knowledge-preserving and KgCoOp losses against exact expectations (their PyTorch parity is in
 * PromptGoldenParityTest): zero when the prompts are the template, references that follow the class list, and the
 * errors for mismatched inputs. Small random CLIP with the real vocabulary.
 */
class TemplateLossesTest {
    static final ClipConfig SMALL = new ClipConfig(32, 32, 8, 64, 3, 1, 77, 49408, 64, 3, 1);
    static final List<String> PETS = List.of("american_pit_bull_terrier", "persian", "pug");
    static Clip clip;
    static ClipTokenizer tokenizer;
    static NDManager manager;
    static NDArray images;
    static NDArray labels;

    @BeforeAll
    static void load() {
        clip = Clip.of(ClipWeights.initialize(SMALL, 11, Device.cpu(), DataType.FLOAT32));
        tokenizer = ClipTokenizer.openAi();
        manager = NDManager.newBaseManager();
        images = manager.randomNormal(new Shape(2, 3, 32, 32));
        labels = manager.create(new long[] {2, 0});
    }

    @AfterAll
    static void close() {
        manager.close();
        clip.close();
    }

    @Test
    void promptsThatAreExactlyTheTemplateAddNothingToCrossEntropy() {
        // CoOp initialised from "a photo of a" reads the same tokens as the template "a photo of a {}.": every hidden
        // state and feature coincides, so L_KP = 0 and KgCoOp's term = 0
        HandCraftedTemplate template = new HandCraftedTemplate(tokenizer, "a photo of a {}.");
        try (CoOp coop = new CoOp(clip, tokenizer, PETS, "a photo of a", 4, new SplittableRandom(1));
                KnowledgePreservingLoss kp = new KnowledgePreservingLoss(clip, template, PETS, 1f, 2);
                KgCoOpLoss kg = new KgCoOpLoss(clip, template, PETS, 8f);
                NDScope scope = new NDScope()) {
            PromptOutput out = coop.forward(images, kp.hiddenLayers());
            float ce = CrossEntropy.of(out.logits(), labels).getFloat();
            assertEquals(0f, kp.knowledgeLoss(out.textHiddenStates()).getFloat(), 1e-6f);
            assertEquals(ce, kp.loss(out, labels).getFloat(), 1e-5f);
            assertEquals(ce, kg.loss(out, labels).getFloat(), 1e-5f);
        }
    }

    @Test
    void crossEntropyIsTheMeanNegativeLogLikelihoodOfTheLabels() {
        NDArray logits = manager.create(new float[] {1, 2, 3, 0, 0, 0}, new Shape(2, 3));
        double expected = (-Math.log(Math.exp(3) / (Math.exp(1) + Math.exp(2) + Math.exp(3))) + Math.log(3)) / 2;
        assertEquals(expected, CrossEntropy.of(logits, labels).getFloat(), 1e-6);
    }

    @Test
    void referencesFollowTheClassListWhenTheLearnerSwitches() {
        HandCraftedTemplate pet = new HandCraftedTemplate(tokenizer, "a photo of a {}, a type of pet.");
        List<String> next = List.of("beagle", "sphynx");
        try (MaPLe maple = new MaPLe(clip, tokenizer, PETS, 3, new SplittableRandom(1));
                KnowledgePreservingLoss kp = new KnowledgePreservingLoss(clip, pet, PETS, 1f, 1);
                KnowledgePreservingLoss fresh = new KnowledgePreservingLoss(clip, pet, next, 1f, 1);
                KnowledgePreservingLoss fromTokens = new KnowledgePreservingLoss(clip, tokenizer.tokenize(
                        List.of("a photo of a american pit bull terrier, a type of pet.",
                                "a photo of a persian, a type of pet.", "a photo of a pug, a type of pet.")), 1f, 1);
                NDScope scope = new NDScope()) {
            PromptOutput out = maple.forward(images, 1);
            assertEquals(fromTokens.loss(out, labels).getFloat(), kp.loss(out, labels).getFloat(), 0f,
                    "the template is filled with the class names, underscores as spaces");
            assertTrue(kp.knowledgeLoss(out.textHiddenStates()).getFloat() > 1e-3, "deep prompts move the states");

            maple.setClassnames(next);
            PromptOutput switched = maple.forward(images, 1);
            NDArray newLabels = manager.create(new long[] {1, 0});
            IllegalArgumentException stale = assertThrows(IllegalArgumentException.class,
                    () -> kp.loss(switched, newLabels));
            assertTrue(stale.getMessage().contains("setClassnames"), stale.getMessage());
            kp.setClassnames(next);
            assertEquals(fresh.loss(switched, newLabels).getFloat(), kp.loss(switched, newLabels).getFloat(), 0f);
            assertThrows(IllegalStateException.class, () -> fromTokens.setClassnames(next));
        }
    }

    @Test
    void mismatchedInputsAreRejectedWithTheFix() {
        KitException braces = assertThrows(KitException.class,
                () -> new HandCraftedTemplate(tokenizer, "a photo of a dog."));
        assertTrue(braces.getMessage().contains("exactly one {}"), braces.getMessage());
        HandCraftedTemplate template = new HandCraftedTemplate(tokenizer, "a photo of a {}.");
        assertEquals(List.of("a photo of a american pit bull terrier."), template.texts(PETS.subList(0, 1)));
        assertThrows(KitException.class, () -> template.tokens(List.of()));
        KitException layers = assertThrows(KitException.class,
                () -> new KnowledgePreservingLoss(clip, template, PETS, 1f, 4));
        assertTrue(layers.getMessage().contains("last 4 blocks") && layers.getMessage().contains("3 blocks"),
                layers.getMessage());
        try (KnowledgePreservingLoss kp = new KnowledgePreservingLoss(clip, template, PETS, 1f, 2);
                KgCoOpLoss kg = new KgCoOpLoss(clip, template, PETS, 8f);
                CoOp coop = new CoOp(clip, tokenizer, PETS, "a photo of a", 4, new SplittableRandom(1));
                CoCoOp cocoop = new CoCoOp(clip, tokenizer, PETS, "a photo of a", 4, new SplittableRandom(1));
                NDScope scope = new NDScope()) {
            PromptOutput oneBlock = coop.forward(images, 1);
            IllegalArgumentException count = assertThrows(IllegalArgumentException.class,
                    () -> kp.loss(oneBlock, labels));
            assertTrue(count.getMessage().contains("hiddenLayers = 2"), count.getMessage());
            PromptOutput perImage = cocoop.forward(images, 0);
            assertEquals(new Shape(2, 3, SMALL.embedDim()), perImage.textFeatures().getShape());
            assertThrows(IllegalArgumentException.class, () -> kg.loss(perImage, labels));
        }
    }
}
