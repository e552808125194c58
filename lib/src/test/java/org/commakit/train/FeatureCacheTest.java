package org.commakit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.function.Function;
import javax.imageio.ImageIO;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipConfig;
import org.commakit.clip.ClipTokenizer;
import org.commakit.clip.ClipWeights;
import org.commakit.clip.ImagePreprocess;
import org.commakit.clip.ZeroShotClassifier;
import org.commakit.data.Batch;
import org.commakit.data.DatasetBatches;
import org.commakit.data.Datum;
import org.commakit.miniworld.MiniClip;
import org.commakit.prompt.CoCoOp;
import org.commakit.prompt.CoOp;
import org.commakit.prompt.PromptLearner;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cached image features give the logits of the uncached path bit for bit (zero-shot CLIP, CoOp, CoCoOp), the first
 * evaluation of a split and every later one; a later one decodes no image. 23 random 32-px images in batches of 10
 * (the last one smaller), on a tiny random CLIP.
 */
class FeatureCacheTest {
    @TempDir
    static Path tmp;
    static List<Datum> items = new ArrayList<>();
    static ClipTokenizer tokenizer;
    static final List<String> CLASSES = List.of("red square", "blue circle", "green arrow");
    static final int BATCH = 10;

    @BeforeAll
    static void images() throws IOException {
        writeImages();
        tokenizer = ClipTokenizer.load(MiniClip.vocabulary(tmp.resolve("vocab")));
    }

    private static void writeImages() throws IOException {
        items.clear();
        Random r = new Random(7);
        for (int i = 0; i < 23; i++) {
            BufferedImage img = new BufferedImage(40, 36, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    img.setRGB(x, y, r.nextInt(1 << 24));
                }
            }
            Path f = tmp.resolve("img-" + i + ".png");
            ImageIO.write(img, "png", f.toFile());
            items.add(new Datum(f, i % 3, CLASSES.get(i % 3)));
        }
    }

    /** The logits of each batch of the plain path: the images decoded and run through {@code forward}. */
    private static List<float[]> uncached(ImagePreprocess pre, Function<NDArray, NDArray> logits) {
        List<float[]> out = new ArrayList<>();
        try (DatasetBatches data = DatasetBatches.test(items, pre, BATCH).classes(3);
                NDManager m = NDManager.newBaseManager()) {
            for (Batch b : data.epoch(0, m)) {
                out.add(logits.apply(b.images()).toFloatArray());
                b.images().close();
            }
        }
        return out;
    }

    private static List<float[]> cached(FeatureCache cache, ImagePreprocess pre, Function<NDArray, NDArray> encoder,
            Function<NDArray, NDArray> logitsOfFeatures, List<int[]> labels) {
        List<float[]> out = new ArrayList<>();
        cache.forEachBatch(items, pre, "test", BATCH, 3, 2, encoder, logitsOfFeatures, (logits, l) -> {
            out.add(logits.toFloatArray());
            labels.add(l);
        });
        return out;
    }

    private static void assertSameBits(List<float[]> expected, List<float[]> actual, String what) {
        assertEquals(expected.size(), actual.size(), what + ": batches");
        for (int b = 0; b < expected.size(); b++) {
            assertEquals(expected.get(b).length, actual.get(b).length);
            for (int i = 0; i < expected.get(b).length; i++) {
                assertEquals(Float.floatToIntBits(expected.get(b)[i]), Float.floatToIntBits(actual.get(b)[i]),
                        what + ": batch " + b + ", logit " + i + " (" + expected.get(b)[i] + " vs "
                                + actual.get(b)[i] + ")");
            }
        }
    }

    @Test
    void cachedAndUncachedLogitsAreIdenticalAndAHitDecodesNoImage() throws IOException {
        ClipConfig config = new ClipConfig(32, 32, 8, 64, 2, 1, 77, tokenizer.vocabSize(), 64, 2, 1);
        try (Clip clip = Clip.of(ClipWeights.initialize(config, 5, Device.cpu(), DataType.FLOAT32));
                FeatureCache cache = new FeatureCache(1L << 20, Device.cpu());
                ZeroShotClassifier zeroShot = ZeroShotClassifier.build(clip, tokenizer, CLASSES,
                        List.of("a photo of a {}."));
                PromptLearner coop = new CoOp(clip, tokenizer, CLASSES, "", 4, new SplittableRandom(1));
                PromptLearner cocoop = new CoCoOp(clip, tokenizer, CLASSES, "", 4, new SplittableRandom(2))) {
            ImagePreprocess pre = new ImagePreprocess(32);
            List<float[]> plainZero = uncached(pre, zeroShot::logits);
            List<float[]> plainCoop = uncached(pre, x -> coop.forward(x, 0).logits());
            List<float[]> plainCocoop = uncached(pre, x -> cocoop.forward(x, 0).logits());
            List<int[]> labels = new ArrayList<>();

            assertSameBits(plainZero, cached(cache, pre, zeroShot::imageFeatures, zeroShot::logitsOfFeatures,
                    labels), "zero-shot, computing the features");
            assertEquals(0, cache.hits());
            assertEquals(1, cache.misses());
            assertArrayEquals(new int[] {0, 1, 2, 0, 1, 2, 0, 1, 2, 0}, labels.get(0));

            // the images go away: a hit must not read them
            for (Datum d : items) {
                Files.delete(d.impath());
            }
            try {
                labels.clear();
                assertSameBits(plainZero, cached(cache, pre, zeroShot::imageFeatures, zeroShot::logitsOfFeatures,
                        labels), "zero-shot, from the cache");
                assertSameBits(plainCoop, cached(cache, pre, ((CoOp) coop)::imageFeatures,
                        x -> ((CoOp) coop).forwardFeatures(x, 0).logits(), new ArrayList<>()), "CoOp");
                assertSameBits(plainCocoop, cached(cache, pre, ((CoCoOp) cocoop)::imageFeatures,
                        x -> ((CoCoOp) cocoop).forwardFeatures(x, 0).logits(), new ArrayList<>()), "CoCoOp");
                assertEquals(3, cache.hits());
                assertEquals(1, cache.misses());
                assertEquals(3, labels.size());
                assertArrayEquals(new int[] {2, 0, 1}, labels.get(2), "the last, smaller batch's labels");
                Accuracy a = cache.evaluate(items, pre, "test", BATCH, 3, 1, zeroShot::imageFeatures,
                        zeroShot::logitsOfFeatures);
                assertEquals(23, a.count());
            } finally {
                writeImages(); // for what follows
            }
            // another batch size or transform is another key
            cache.evaluate(items, pre, "test", 7, 3, 1, zeroShot::imageFeatures, zeroShot::logitsOfFeatures);
            assertEquals(2, cache.misses());
            assertTrue(cache.hits() == 4);
        }
    }
}
