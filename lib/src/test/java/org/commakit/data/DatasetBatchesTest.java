package org.commakit.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import javax.imageio.ImageIO;
import org.commakit.KitException;
import org.commakit.clip.ImagePreprocess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Batches from image files: the same batches whatever the number of decoding threads and the prefetch depth, training
 * reshuffles per epoch and drops the last partial batch, test keeps order and every image, prefetch stays bounded,
 * unreadable images fail naming the file or are skipped, counted and reported.
 */
class DatasetBatchesTest {

    /** DatasetBatches as configured before the train/test factories: 3 classes, the given threads and prefetch. */
    static DatasetBatches batches(List<Datum> items, int batchSize, boolean train, long seed, int threads,
            boolean skip, int prefetch) {
        DatasetBatches b = (train ? DatasetBatches.train(items, new ImagePreprocess(16), batchSize, seed)
                : DatasetBatches.test(items, new ImagePreprocess(16), batchSize)).classes(3).threads(threads)
                .prefetch(prefetch);
        return skip ? b.skipUnreadable() : b;
    }

    static DatasetBatches batches(List<Datum> items, int batchSize, boolean train, long seed, int threads,
            boolean skip) {
        return batches(items, batchSize, train, seed, threads, skip, DatasetBatches.DEFAULT_PREFETCH);
    }

    static List<Datum> images(Path dir, int n) throws IOException {
        List<Datum> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            BufferedImage img = new BufferedImage(40 + i, 30, BufferedImage.TYPE_INT_RGB);
            for (int x = 0; x < img.getWidth(); x++) {
                for (int y = 0; y < 30; y++) {
                    img.setRGB(x, y, (x * 5 + i * 20) << 16 | (y * 7) << 8 | i);
                }
            }
            Path p = dir.resolve("img" + i + ".png");
            ImageIO.write(img, "png", p.toFile());
            out.add(new Datum(p, i % 3, "c" + (i % 3)));
        }
        return out;
    }

    static List<float[]> run(List<Datum> items, int threads, boolean train, int epoch) {
        List<float[]> out = new ArrayList<>();
        try (DatasetBatches b = batches(items, 4, train, 7, threads, false);
                NDManager m = NDManager.newBaseManager()) {
            for (Batch batch : b.epoch(epoch, m)) {
                out.add(batch.images().toFloatArray());
                float[] labels = new float[batch.labels().length];
                for (int i = 0; i < labels.length; i++) {
                    labels[i] = batch.labels()[i];
                }
                out.add(labels);
            }
        }
        return out;
    }

    @Test
    void batchesAreIdenticalForOneOrThreeThreadsAndChangePerEpoch(@TempDir Path tmp) throws IOException {
        List<Datum> items = images(tmp, 10);
        List<float[]> one = run(items, 1, true, 0);
        List<float[]> three = run(items, 3, true, 0);
        assertEquals(one.size(), three.size());
        for (int i = 0; i < one.size(); i++) {
            assertArrayEquals(one.get(i), three.get(i));
        }
        List<float[]> next = run(items, 2, true, 1);
        assertTrue(!java.util.Arrays.equals(one.get(0), next.get(0)), "epoch 1 reshuffles and re-augments");
    }

    @Test
    void trainingDropsTheLastPartialBatchAndTestKeepsIt(@TempDir Path tmp) throws IOException {
        List<Datum> items = images(tmp, 10);
        try (DatasetBatches train = batches(items, 4, true, 1, 2, false);
                DatasetBatches test = batches(items, 4, false, 1, 2, false);
                NDManager m = NDManager.newBaseManager()) {
            assertEquals(2, train.batchesPerEpoch());
            assertEquals(3, test.batchesPerEpoch());
            List<Integer> labels = new ArrayList<>();
            for (Batch b : test.epoch(0, m)) {
                for (int l : b.labels()) {
                    labels.add(l);
                }
            }
            assertEquals(List.of(0, 1, 2, 0, 1, 2, 0, 1, 2, 0), labels); // test keeps the order
        }
    }

    @Test
    void anUnreadableImageFailsNamingItOrIsSkippedAndCounted(@TempDir Path tmp) throws IOException {
        List<Datum> items = new ArrayList<>(images(tmp, 4));
        Path bad = tmp.resolve("broken.png");
        Files.write(bad, new byte[] {1, 2, 3});
        items.add(1, new Datum(bad, 0, "c0"));
        try (DatasetBatches b = batches(items, 5, false, 1, 2, false);
                NDManager m = NDManager.newBaseManager()) {
            KitException e = assertThrows(KitException.class, () -> b.epoch(0, m).iterator().next());
            assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
        }
        try (DatasetBatches b = batches(items, 5, false, 1, 2, true);
                NDManager m = NDManager.newBaseManager()) {
            Batch batch = b.epoch(0, m).iterator().next();
            assertEquals(4, batch.labels().length);
            assertEquals(1, b.skipped());
        }
    }

    /** Every batch's images and labels of one epoch, flattened, for a given thread count and prefetch depth. */
    static List<float[]> epoch(List<Datum> items, boolean train, int threads, int prefetch, boolean skip,
            PrintStream report) {
        List<float[]> out = new ArrayList<>();
        try (DatasetBatches b = batches(items, 3, train, 11, threads, skip, prefetch).reportSkipsTo(report);
                NDManager m = NDManager.newBaseManager()) {
            for (Batch batch : b.epoch(2, m)) {
                out.add(batch.images().toFloatArray());
                out.add(labelsOf(batch));
            }
        }
        return out;
    }

    static float[] labelsOf(Batch batch) {
        float[] l = new float[batch.labels().length];
        for (int i = 0; i < l.length; i++) {
            l[i] = batch.labels()[i];
        }
        return l;
    }

    @Test
    void oneOrTwoThreadsAndAnyPrefetchDepthGiveIdenticalBatches(@TempDir Path tmp) throws IOException {
        List<Datum> items = images(tmp, 11);
        PrintStream quiet = new PrintStream(new ByteArrayOutputStream());
        for (boolean train : new boolean[] {true, false}) {
            List<float[]> one = epoch(items, train, 1, 0, false, quiet);
            List<float[]> two = epoch(items, train, 2, 3, false, quiet);
            assertEquals(train ? 2 * 3 : 2 * 4, one.size());
            assertEquals(one.size(), two.size());
            for (int i = 0; i < one.size(); i++) {
                assertArrayEquals(one.get(i), two.get(i), (train ? "train" : "test") + " part " + i);
            }
        }
    }

    @Test
    void prefetchDecodesAtMostItsDepthAheadOfTheConsumer(@TempDir Path tmp) throws Exception {
        List<Datum> items = images(tmp, 40);
        try (DatasetBatches b = batches(items, 4, false, 1, 2, false, 2);
                NDManager m = NDManager.newBaseManager()) {
            Iterator<Batch> it = b.epoch(0, m).iterator();
            it.next(); // the consumer holds batch 0; batches 1 and 2 may decode, batch 3 must not
            long deadline = System.nanoTime() + 10_000_000_000L;
            while (b.decodes() < 12 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(200); // time enough for a worker to run ahead if the queue were unbounded
            assertEquals(12, b.decodes(), "(1 held + 2 prefetched) x batch 4");
            it.next();
            while (b.decodes() < 16 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            Thread.sleep(200);
            assertEquals(16, b.decodes());
        }
    }

    @Test
    void missingAndCorruptImagesFailNamingTheFileOrAreSkippedAndReportedAtTheEndOfTheEpoch(@TempDir Path tmp)
            throws IOException {
        List<Datum> items = new ArrayList<>(images(tmp, 7));
        Path missing = tmp.resolve("gone.png");
        Path corrupt = tmp.resolve("truncated.jpg");
        Files.write(corrupt, new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF, 0, 1, 2});
        items.add(0, new Datum(missing, 0, "c0"));
        items.add(4, new Datum(corrupt, 1, "c1"));
        items.add(6, new Datum(tmp.resolve("gone2.png"), 2, "c2"));
        KitException e = assertThrows(KitException.class,
                () -> epoch(items, false, 2, 2, false, System.err));
        assertTrue(e.getMessage().contains(missing.toString()) && e.getMessage().contains("not found"), e.getMessage());
        e = assertThrows(KitException.class, () -> epoch(items.subList(1, 6), false, 2, 2, false, System.err));
        assertTrue(e.getMessage().contains(corrupt.toString()), e.getMessage());

        // batch size 3, in order: [gone, 0, 1] [2, truncated, 3] [gone2, 4, 5] [6]
        ByteArrayOutputStream one = new ByteArrayOutputStream();
        ByteArrayOutputStream two = new ByteArrayOutputStream();
        List<float[]> a = epoch(items, false, 1, 0, true, new PrintStream(one, true));
        List<float[]> b = epoch(items, false, 2, 3, true, new PrintStream(two, true));
        assertEquals(8, a.size());
        assertArrayEquals(new float[] {0, 1}, a.get(1)); // the missing image is left out of its batch
        assertArrayEquals(new float[] {2, 0}, a.get(3));
        for (int i = 0; i < a.size(); i++) {
            assertArrayEquals(a.get(i), b.get(i));
        }
        String report = "[kit] epoch 2: skipped 3 unreadable image(s):\n  " + missing + "\n  " + corrupt + "\n  "
                + tmp.resolve("gone2.png") + "\n";
        assertEquals(report, one.toString());
        assertEquals(report, two.toString());
    }

    @Test
    void aBatchWithNoReadableImageIsDroppedAndTheCountKept(@TempDir Path tmp) throws IOException {
        List<Datum> items = new ArrayList<>(images(tmp, 2));
        for (int i = 0; i < 3; i++) {
            items.add(1, new Datum(tmp.resolve("missing" + i + ".png"), 0, "c0"));
        }
        // batch size 2, in order: [0, missing2] [missing1, missing0] [1]
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (DatasetBatches b = batches(items, 2, false, 1, 2, true, 1)
                .reportSkipsTo(new PrintStream(out, true)); NDManager m = NDManager.newBaseManager()) {
            List<Integer> sizes = new ArrayList<>();
            for (Batch batch : b.epoch(0, m)) {
                sizes.add(batch.labels().length);
            }
            assertEquals(List.of(1, 1), sizes); // the middle batch is dropped
            assertEquals(3, b.skipped());
            assertEquals(List.of(tmp.resolve("missing2.png"), tmp.resolve("missing1.png"), tmp.resolve("missing0.png")),
                    b.skippedFiles());
            assertTrue(out.toString().startsWith("[kit] epoch 0: skipped 3 unreadable image(s):"), out.toString());
        }
    }

    @Test
    void testBatchesOfGreyPaletteCmykAndIccFilesHoldPillowsTensors() throws IOException {
        // fixtures/decode: every kind of file, with the SHA-256 of torchvision's test-transform tensor after Pillow
        Path dir = org.commakit.Fixtures.fixture("decode");
        com.google.gson.JsonObject cases = com.google.gson.JsonParser.parseString(
                Files.readString(dir.resolve("golden.json"))).getAsJsonObject().getAsJsonObject("cases");
        List<String> names = cases.keySet().stream().sorted().toList();
        List<Datum> items = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            items.add(new Datum(dir.resolve(names.get(i)), i % 3, "c" + i % 3));
        }
        int plane = 3 * 224 * 224;
        int i = 0;
        try (DatasetBatches b = DatasetBatches.test(items, new ImagePreprocess(224), 4).threads(2);
                NDManager m = NDManager.newBaseManager()) {
            for (Batch batch : b.epoch(0, m)) {
                float[] x = batch.images().toFloatArray();
                for (int j = 0; j < batch.labels().length; j++, i++) {
                    float[] one = java.util.Arrays.copyOfRange(x, j * plane, (j + 1) * plane);
                    assertEquals(cases.getAsJsonObject(names.get(i)).get("tensor_sha256").getAsString(),
                            org.commakit.clip.ImageDecoderTestSupport.sha256Floats(one), names.get(i));
                }
            }
        }
        assertEquals(names.size(), i);
    }
}
