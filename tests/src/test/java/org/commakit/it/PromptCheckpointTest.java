package org.commakit.it;

import org.commakit.train.Method;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.commakit.KitException;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipTokenizer;
import org.commakit.loss.KnowledgePreservingLoss;
import org.commakit.prompt.Comma;
import org.commakit.prompt.MaPLe;
import org.commakit.data.Batch;
import org.commakit.data.BatchSource;
import org.commakit.train.TrainConfig;
import org.commakit.train.Trainer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the public API: train COMMA on base classes, save, rebuild the learner for new classes and load
 * the checkpoint (the base-to-new evaluation path); a checkpoint of one method is refused by another.
 */
class PromptCheckpointTest {
    static Path root;
    static Clip clip;
    static ClipTokenizer tokenizer;

    @BeforeAll
    static void load() throws IOException {
        root = Path.of(System.getProperty("kit.root", "..")).toAbsolutePath().normalize();
        clip = Clip.load(root.resolve("fixtures/prompts/tiny_clip4.safetensors"), Device.cpu(), DataType.FLOAT32);
        // OpenAI's first 486 merges: the tiny CLIP's 1,000-id vocabulary
        tokenizer = ClipTokenizer.fromMerges(ClipTokenizer.openAiMerges().subList(0, 486));
    }

    @AfterAll
    static void close() {
        clip.close();
    }

    static final BatchSource DATA = new BatchSource() {
        @Override
        public Iterable<Batch> epoch(int epoch, NDManager m) {
            List<Batch> out = new ArrayList<>();
            SplittableRandom r = new SplittableRandom(epoch);
            for (int b = 0; b < 2; b++) {
                float[] img = new float[4 * 3 * 32 * 32];
                for (int i = 0; i < img.length; i++) {
                    img[i] = (float) r.nextGaussian();
                }
                out.add(new Batch(m.create(img, new Shape(4, 3, 32, 32)), new int[] {0, 1, 0, 1}));
            }
            return out;
        }

        @Override
        public int batchesPerEpoch() {
            return 2;
        }

        @Override
        public int classes() {
            return 2;
        }
    };

    @Test
    void aCommaCheckpointTrainedOnBaseClassesEvaluatesOnNewClasses(@TempDir Path run) {
        List<String> base = List.of("cat", "dog");
        List<String> novel = List.of("car", "bus", "train");
        TrainConfig cfg = Method.COMMA.referenceConfig(false).with("epochs=2", "depth=3", "lr=0.01");
        float[] trainedCtx;
        try (Comma comma = new Comma(clip, tokenizer, base, 3, Comma.Mode.FAITHFUL, new SplittableRandom(4));
                KnowledgePreservingLoss kp = new KnowledgePreservingLoss(clip, tokenizer.tokenize(
                        base.stream().map(c -> "a photo of a " + c + ", a type of pet.").toList()), 1f, 1)) {
            new Trainer(comma, kp, cfg, run, null).fit(DATA);
            trainedCtx = comma.trainableParameters().get("ctx").toFloatArray();
        }
        try (Comma fresh = new Comma(clip, tokenizer, novel, 3, Comma.Mode.FAITHFUL, new SplittableRandom(99))) {
            assertEquals(2, Trainer.loadCheckpoint(fresh, run));
            assertEquals(novel, fresh.classnames());
            org.junit.jupiter.api.Assertions.assertArrayEquals(trainedCtx,
                    fresh.trainableParameters().get("ctx").toFloatArray(), 0f);
            try (NDManager m = NDManager.newBaseManager(); NDScope s = new NDScope()) {
                NDArray logits = fresh.forward(m.randomNormal(new Shape(2, 3, 32, 32)), 0).logits();
                assertEquals(new Shape(2, 3), logits.getShape());
            }
        }
    }

    @Test
    void aCheckpointOfAnotherMethodIsRefused(@TempDir Path run) {
        TrainConfig cfg = Method.COMMA.referenceConfig(false).with("epochs=1", "depth=3");
        try (Comma comma = new Comma(clip, tokenizer, List.of("cat", "dog"), 3, Comma.Mode.FAITHFUL,
                        new SplittableRandom(4));
                KnowledgePreservingLoss kp = new KnowledgePreservingLoss(clip, tokenizer.tokenize(
                        List.of("a photo of a cat.", "a photo of a dog.")), 1f, 1)) {
            new Trainer(comma, kp, cfg, run, null).fit(DATA);
        }
        try (MaPLe maple = new MaPLe(clip, tokenizer, List.of("cat", "dog"), 3, new SplittableRandom(4))) {
            KitException e = assertThrows(KitException.class, () -> Trainer.loadCheckpoint(maple, run));
            assertTrue(e.getMessage().contains("COMMA") && e.getMessage().contains("MaPLe"), e.getMessage());
        }
    }
}
