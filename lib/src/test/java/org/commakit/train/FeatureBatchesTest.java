package org.commakit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

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
import javax.imageio.ImageIO;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipConfig;
import org.commakit.clip.ClipTokenizer;
import org.commakit.clip.ClipWeights;
import org.commakit.clip.ImagePreprocess;
import org.commakit.data.Batch;
import org.commakit.data.DatasetBatches;
import org.commakit.data.Datum;
import org.commakit.loss.CrossEntropy;
import org.commakit.miniworld.MiniClip;
import org.commakit.prompt.CoCoOp;
import org.commakit.prompt.CoOp;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Training on the frozen encoder's features of the training set ({@link FeatureBatches}): the batches are those of
 * {@link DatasetBatches#train} (items, order, dropped last batch), their rows are the images' features, and a
 * training on features taken from the cache ends with the tensors and metrics of one on features computed for it, bit
 * for bit (CoOp and CoCoOp, 3 epochs, on a tiny random CLIP with 23 random 32-px images).
 */
class FeatureBatchesTest {
    @TempDir
    static Path tmp;
    static final List<Datum> ITEMS = new ArrayList<>();
    static final List<String> CLASSES = List.of("red square", "blue circle", "green arrow");
    static ClipTokenizer tokenizer;
    static Clip clip;
    static final ImagePreprocess PRE = new ImagePreprocess(32).withoutAugmentation();

    @BeforeAll
    static void setUp() throws IOException {
        Random r = new Random(11);
        for (int i = 0; i < 23; i++) {
            BufferedImage img = new BufferedImage(36, 40, BufferedImage.TYPE_INT_RGB);
            for (int y = 0; y < img.getHeight(); y++) {
                for (int x = 0; x < img.getWidth(); x++) {
                    img.setRGB(x, y, r.nextInt(1 << 24));
                }
            }
            Path f = tmp.resolve("img-" + i + ".png");
            ImageIO.write(img, "png", f.toFile());
            ITEMS.add(new Datum(f, (i * 7) % 3, CLASSES.get((i * 7) % 3)));
        }
        tokenizer = ClipTokenizer.load(MiniClip.vocabulary(tmp.resolve("vocab")));
        ClipConfig config = new ClipConfig(32, 32, 8, 64, 2, 1, 77, tokenizer.vocabSize(), 64, 2, 1);
        clip = Clip.of(ClipWeights.initialize(config, 5, Device.cpu(), DataType.FLOAT32));
    }

    @AfterAll
    static void tearDown() {
        clip.close();
    }

    private static int[] labels() {
        return ITEMS.stream().mapToInt(Datum::label).toArray();
    }

    @Test
    void theBatchesAreThoseOfTheImagePathWithTheImagesFeatures() {
        try (NDManager m = NDManager.newBaseManager();
                FeatureCache cache = new FeatureCache(0, Device.cpu());
                DatasetBatches images = DatasetBatches.train(ITEMS, PRE, 5, 3).classes(3)) {
            NDArray x = cache.features(ITEMS, PRE, "t", 10, 3, 1, clip.visual()::forward, m);
            assertEquals(List.of(23L, 32L), List.of(x.getShape().get(0), x.getShape().get(1)));
            FeatureBatches features = new FeatureBatches(x, labels(), 5, 3, 3);
            assertEquals(4, features.batchesPerEpoch(), "23 items in batches of 5, the last 3 dropped");
            assertEquals(images.batchesPerEpoch(), features.batchesPerEpoch());
            for (int epoch = 0; epoch < 2; epoch++) {
                List<Batch> a = new ArrayList<>();
                images.epoch(epoch, m).forEach(a::add);
                List<Batch> b = new ArrayList<>();
                features.epoch(epoch, m).forEach(b::add);
                assertEquals(a.size(), b.size());
                for (int i = 0; i < a.size(); i++) {
                    assertArrayEquals(a.get(i).labels(), b.get(i).labels(), "epoch " + epoch + ", batch " + i);
                    // the same images: their features computed in this batch equal the rows to float rounding
                    float[] direct = clip.visual().forward(a.get(i).images()).toFloatArray();
                    float[] rows = b.get(i).images().toFloatArray();
                    assertArrayEquals(direct, rows, 1e-5f, "epoch " + epoch + ", batch " + i);
                }
            }
        }
    }

    /** ctx (and the meta-net) after 3 epochs, and the metrics rows, training on features from {@code cache}. */
    private static List<Object> train(CoOp learner, FeatureCache cache, Path run) throws IOException {
        TrainConfig config = Method.of(learner.method()).referenceConfig(false).with("epochs=3", "lr=0.05",
                "batchSize=5", "seed=3", "nCtx=2", "ctxInit=");
        try (NDManager m = NDManager.newBaseManager()) {
            NDArray x = cache.features(ITEMS, PRE, "t", 10, 3, 1, learner::imageFeatures, m);
            new Trainer(learner, new CrossEntropy(), config, run, null).imageFeatures(learner)
                    .fit(new FeatureBatches(x, labels(), 5, 3, 3));
        }
        List<Object> out = new ArrayList<>();
        learner.trainableParameters().values().forEach(p -> out.add(p.toFloatArray()));
        out.add(Files.readAllLines(run.resolve("metrics.csv")));
        return out;
    }

    @Test
    void aTrainingOnCachedFeaturesEndsBitForBitAsOneOnFeaturesComputedForIt() throws IOException {
        for (String method : List.of("CoOp", "CoCoOp")) {
            try (FeatureCache cache = new FeatureCache(1L << 20, Device.cpu());
                    FeatureCache none = new FeatureCache(0, Device.cpu())) {
                List<List<Object>> runs = new ArrayList<>();
                for (FeatureCache c : List.of(none, cache, cache)) {
                    try (CoOp learner = method.equals("CoOp")
                            ? new CoOp(clip, tokenizer, CLASSES, "", 2, new SplittableRandom(1))
                            : new CoCoOp(clip, tokenizer, CLASSES, "", 2, new SplittableRandom(1))) {
                        runs.add(train(learner, c, Files.createTempDirectory(tmp, method)));
                    }
                }
                assertEquals(1, cache.misses(), method + ": the second training's features came from the cache");
                assertEquals(1, cache.hits(), method);
                for (List<Object> run : runs.subList(1, 3)) {
                    for (int i = 0; i < run.size() - 1; i++) {
                        float[] expected = (float[]) runs.get(0).get(i);
                        float[] actual = (float[]) run.get(i);
                        for (int j = 0; j < expected.length; j++) {
                            assertEquals(Float.floatToIntBits(expected[j]), Float.floatToIntBits(actual[j]),
                                    method + ": tensor " + i + ", element " + j);
                        }
                    }
                    assertEquals(runs.get(0).get(run.size() - 1), run.get(run.size() - 1), method + ": metrics");
                }
                List<?> metrics = (List<?>) runs.get(0).get(runs.get(0).size() - 1);
                assertEquals(1 + 3 * 4, metrics.size(), method + ": header + 3 epochs x 4 steps");
            }
        }
    }
}
