package org.commakit.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import javax.imageio.ImageIO;
import org.commakit.KitException;
import org.commakit.clip.ImagePreprocess;
import org.commakit.data.Datum;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetBatchesTest {

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
        try (DatasetBatches b = new DatasetBatches(items, new ImagePreprocess(16), 4, train, 7, 3, threads, false);
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
        try (DatasetBatches train = new DatasetBatches(items, new ImagePreprocess(16), 4, true, 1, 3, 2, false);
                DatasetBatches test = new DatasetBatches(items, new ImagePreprocess(16), 4, false, 1, 3, 2, false);
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
        try (DatasetBatches b = new DatasetBatches(items, new ImagePreprocess(16), 5, false, 1, 3, 2, false);
                NDManager m = NDManager.newBaseManager()) {
            KitException e = assertThrows(KitException.class, () -> b.epoch(0, m).iterator().next());
            assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
        }
        try (DatasetBatches b = new DatasetBatches(items, new ImagePreprocess(16), 5, false, 1, 3, 2, true);
                NDManager m = NDManager.newBaseManager()) {
            Batch batch = b.epoch(0, m).iterator().next();
            assertEquals(4, batch.labels().length);
            assertEquals(1, b.skipped());
        }
    }
}
