package org.commakit.miniworld;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class MiniCaptionsTest {
    private static final int N = 20_000;

    @Test
    void theSameSeedAndIndexGiveTheSamePair() {
        MiniCaptions a = new MiniCaptions(5);
        MiniCaptions b = new MiniCaptions(5);
        for (long i : new long[] {0, 1, 77, 123_456_789L}) {
            MiniCaptions.Pair p = a.sample(i);
            MiniCaptions.Pair q = b.sample(i);
            assertEquals(p.caption(), q.caption());
            assertArrayEquals(MiniCaptions.toChw(p.image()), MiniCaptions.toChw(q.image()));
            assertEquals(p.caption(), a.caption(i), "caption() is the caption of sample()");
        }
        MiniCaptions other = new MiniCaptions(6);
        int same = 0;
        for (int i = 0; i < 50; i++) {
            if (Arrays.equals(MiniCaptions.toChw(a.sample(i).image()), MiniCaptions.toChw(other.sample(i).image()))) {
                same++;
            }
        }
        assertEquals(0, same, "another seed draws other images");
    }

    @Test
    void aBatchIsTheSamplesOfItsStepInChannelMajorLayout() {
        MiniCaptions c = new MiniCaptions(1);
        MiniCaptions.Batch batch = c.chwBatch(3, 4);
        assertEquals(4, batch.size());
        int plane = 32 * 32;
        assertEquals(4 * 3 * plane, batch.pixels().length);
        List<MiniCaptions.Pair> pairs = c.batch(3, 4);
        for (int i = 0; i < 4; i++) {
            MiniCaptions.Pair p = c.sample(12 + i);
            assertEquals(p.caption(), batch.captions().get(i));
            assertEquals(p.caption(), pairs.get(i).caption());
            BufferedImage img = p.image();
            assertEquals(32, img.getWidth());
            assertEquals(32, img.getHeight());
            int rgb = img.getRGB(5, 9);
            int base = i * 3 * plane + 9 * 32 + 5;
            assertEquals(((rgb >> 16) & 0xff) / 255f, batch.pixels()[base]);
            assertEquals(((rgb >> 8) & 0xff) / 255f, batch.pixels()[base + plane]);
            assertEquals((rgb & 0xff) / 255f, batch.pixels()[base + 2 * plane]);
        }
    }

    @Test
    void noCaptionNamesAHeldOutClass() {
        MiniCaptions c = new MiniCaptions(MiniCaptions.DEFAULT_SEED);
        Pattern held = Pattern.compile("\\b(" + String.join("|", MiniCaptions.heldOutClassnames()) + ")\\b");
        for (int i = 0; i < N; i++) {
            String caption = c.caption(i).toLowerCase(Locale.ROOT);
            assertTrue(!held.matcher(caption).find(), "caption " + i + " \"" + caption + "\"");
        }
    }

    @Test
    void captionsUseEveryWordOfEveryClassName() {
        MiniCaptions c = new MiniCaptions(MiniCaptions.DEFAULT_SEED);
        Set<String> words = new HashSet<>();
        for (int i = 0; i < N; i++) {
            words.addAll(MiniBpeTrainer.preTokens(c.caption(i)));
        }
        Set<String> missing = new TreeSet<>();
        for (MiniDataset d : MiniDatasets.all()) {
            for (String name : d.classnames()) {
                for (String w : MiniBpeTrainer.preTokens(name)) {
                    if (!words.contains(w)) {
                        missing.add(w);
                    }
                }
            }
        }
        assertEquals(Set.of(), missing, "class-name words never seen in pretraining captions");
    }

    @Test
    void captionsAreBroadAndNoisy() {
        MiniCaptions c = new MiniCaptions(MiniCaptions.DEFAULT_SEED);
        Set<String> distinct = new HashSet<>();
        int satellite = 0;
        int drawings = 0;
        int positions = 0;
        int generic = 0;
        for (int i = 0; i < N; i++) {
            String s = c.caption(i).toLowerCase(Locale.ROOT);
            distinct.add(s);
            satellite += s.contains("satellite") || s.contains("aerial") || s.contains("top-down") ? 1 : 0;
            drawings += s.contains("sketch") || s.contains("cartoon") || s.contains("mosaic") ? 1 : 0;
            positions += s.contains(" on the left") || s.contains(" at the top") ? 1 : 0;
            generic += s.matches("(untitled|img|photo|something)[.!]?") ? 1 : 0;
        }
        assertTrue(distinct.size() > N / 3, distinct.size() + " distinct captions of " + N);
        assertTrue(satellite > N / 40, "satellite captions: " + satellite);
        assertTrue(drawings > N / 60, "drawing captions: " + drawings);
        assertTrue(positions > N / 100, "position words: " + positions);
        assertTrue(generic > 0 && generic < N / 50, "generic captions: " + generic);
        assertNotEquals(c.caption(0), c.caption(1));
    }
}
