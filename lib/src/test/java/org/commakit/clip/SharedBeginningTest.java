package org.commakit.clip;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.commakit.miniworld.MiniClip;
import org.commakit.miniworld.MiniDataset;
import org.commakit.miniworld.MiniDatasets;
import org.commakit.prompt.TextPrompts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TextTransformer#forwardSharedBeginning} (CoCoOp's prompts: one beginning per image, one ending per class)
 * gives the features of the whole prompts to float rounding, on the committed MiniCLIP with every mini dataset's class
 * names (3 to 5 positions after the shared [SOT][4 context vectors]) and 1, 3 or 8
 * contexts; with gradients, the loss and the contexts' gradient to float rounding. Not bit for bit: the whole prompts'
 * path itself computes a beginning in slightly different bits in different prompts (checked below), so no sharing
 * can match it bit for bit.
 */
class SharedBeginningTest {
    @TempDir
    static Path tmp;
    static Clip clip;
    static ClipTokenizer tokenizer;

    @BeforeAll
    static void load() {
        clip = Clip.load(MiniClip.checkpoint(tmp.resolve("clip")));
        tokenizer = ClipTokenizer.load(MiniClip.vocabulary(tmp.resolve("clip")));
    }

    @AfterAll
    static void close() {
        clip.close();
    }

    /** Features of the k x C whole prompts, as CoCoOp computed them before sharing. */
    private static NDArray whole(TextPrompts prompts, NDArray contexts) {
        int k = (int) contexts.getShape().get(0);
        return clip.text().forward(prompts.embeddingsPerContext(contexts), prompts.eot(k), LayerHook.NONE);
    }

    private static NDArray shared(TextPrompts prompts, NDArray contexts) {
        return clip.text().forwardSharedBeginning(prompts.beginnings(contexts), prompts.endings(), prompts.eot());
    }

    private static NDArray contexts(NDManager m, long seed, int k) {
        // CoCoOp's context "a photo of a" shifted per image by a small random vector
        try (TextPrompts p = TextPrompts.build(clip, tokenizer, List.of("x"), "a photo of a", 4)) {
            NDArray ctx = p.phraseContext();
            NDArray shift = normal(m, seed, 0.05f, k, 1, clip.text().width());
            return shift.add(ctx.expandDims(0)); // in m, which outlives p
        }
    }

    private static NDArray normal(NDManager m, long seed, float std, long... shape) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] v = new float[(int) new Shape(shape).size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = (float) (r.nextGaussian() * std);
        }
        return m.create(v, new Shape(shape));
    }

    /** Largest |a - b| over the largest |a|. */
    private static double relativeError(float[] a, float[] b) {
        assertEquals(a.length, b.length);
        double err = 0;
        double scale = 0;
        for (int i = 0; i < a.length; i++) {
            err = Math.max(err, Math.abs(a[i] - b[i]));
            scale = Math.max(scale, Math.abs(a[i]));
        }
        assertTrue(scale > 0);
        return err / scale;
    }

    @Test
    void theFeaturesOfEveryMiniDatasetsPromptsAreThoseOfTheWholePromptsToRounding() {
        int compared = 0;
        int differentBits = 0;
        List<Integer> endings = new ArrayList<>();
        for (MiniDataset d : MiniDatasets.all()) {
            try (NDManager m = NDManager.newBaseManager();
                    TextPrompts prompts = TextPrompts.build(clip, tokenizer, d.classnames(), "a photo of a", 4)) {
                endings.add((int) prompts.endings().getShape().get(1));
                for (int k : new int[] {1, 3, 8}) {
                    NDArray ctx = contexts(m, 17L * k + compared, k);
                    float[] expected = whole(prompts, ctx).toFloatArray();
                    float[] actual = shared(prompts, ctx).toFloatArray();
                    double err = relativeError(expected, actual);
                    assertTrue(err < 1e-5, d.name() + ", " + k + " contexts: relative error " + err);
                    differentBits += java.util.Arrays.equals(expected, actual) ? 0 : 1;
                    compared++;
                }
            }
        }
        assertEquals(3 * MiniDatasets.all().size(), compared);
        assertTrue(endings.stream().anyMatch(n -> n <= 3) && endings.stream().anyMatch(n -> n >= 5),
                "short and long endings: " + endings);
        assertTrue(differentBits > 0, "a sharing path that gave the whole prompts' bits would need no tolerance");
    }

    @Test
    void theWholePromptsPathComputesTheSameBeginningInDifferentBitsInDifferentPrompts() {
        // why no sharing can be bit for bit: the hidden states of [SOT][context] before the last block, read from
        // the whole prompts of two classes, are not all the same bits although no position of them sees the class
        try (NDManager m = NDManager.newBaseManager();
                TextPrompts prompts = TextPrompts.build(clip, tokenizer, MiniDatasets.IMAGENET.classnames(),
                        "a photo of a", 4)) {
            List<NDArray> states = new ArrayList<>();
            LayerHook read = new LayerHook() {
                @Override
                public void afterBlock(int block, NDArray x) {
                    if (block == clip.text().layers() - 2) {
                        states.add(x.get(":, :5, :"));
                    }
                }
            };
            clip.text().forward(prompts.embeddingsPerContext(contexts(m, 9, 1)), prompts.eot(1), read);
            float[] all = states.get(0).toFloatArray(); // [classes, 5, width]
            int per = 5 * clip.text().width();
            int classesDiffering = 0;
            for (int c = 1; c < all.length / per; c++) {
                double err = relativeError(java.util.Arrays.copyOfRange(all, 0, per),
                        java.util.Arrays.copyOfRange(all, c * per, (c + 1) * per));
                assertTrue(err < 1e-5, "class " + c + ": " + err);
                classesDiffering += err > 0 ? 1 : 0;
            }
            assertTrue(classesDiffering > 0, "some class's beginning differs from the first class's in its bits");
        }
    }

    @Test
    void withGradientsTheLossIsTheSameAndTheContextsGradientEqualToRounding() {
        MiniDataset d = MiniDatasets.IMAGENET;
        try (NDManager m = NDManager.newBaseManager();
                TextPrompts prompts = TextPrompts.build(clip, tokenizer, d.classnames().subList(0, 32),
                        "a photo of a", 4)) {
            NDArray weights = normal(m, 3, 1f, 4 * 32, clip.config().embedDim());
            float[][] grads = new float[2][];
            float[] losses = new float[2];
            for (int path = 0; path < 2; path++) {
                NDArray ctx = contexts(m, 5, 4);
                ctx.setRequiresGradient(true);
                try (GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                    NDArray f = path == 0 ? whole(prompts, ctx) : shared(prompts, ctx);
                    NDArray loss = f.mul(weights).sum();
                    gc.backward(loss);
                    losses[path] = loss.getFloat();
                }
                grads[path] = ctx.getGradient().toFloatArray();
            }
            assertEquals(losses[0], losses[1], 1e-5 * Math.abs(losses[0]), "the loss");
            double scale = 0;
            for (float g : grads[0]) {
                scale = Math.max(scale, Math.abs(g));
            }
            assertTrue(scale > 0, "the contexts get a gradient");
            for (int i = 0; i < grads[0].length; i++) {
                assertEquals(grads[0][i], grads[1][i], 1e-5 * scale, "gradient element " + i);
            }
        }
    }
}
