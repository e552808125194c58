package org.commakit.bench;

import ai.djl.Device;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.commakit.clip.Clip;
import org.commakit.clip.ClipConfig;
import org.commakit.clip.ClipTokenizer;
import org.commakit.clip.ClipWeights;
import org.commakit.clip.Precision;
import org.commakit.loss.CrossEntropy;
import org.commakit.loss.KgCoOpLoss;
import org.commakit.loss.KnowledgePreservingLoss;
import org.commakit.loss.TrainingObjective;
import org.commakit.prompt.CoCoOp;
import org.commakit.prompt.CoOp;
import org.commakit.prompt.Comma;
import org.commakit.prompt.MaPLe;
import org.commakit.prompt.PromptLearner;
import org.commakit.train.Sgd;

/**
 * Milliseconds per training step and process memory for each method on a CLIP with random weights, batch 4, 10
 * classes: {@code ./kit bench train [--shape vitb16|small] [--steps N] [--methods CoOp,COMMA,...]}. Prints RSS after
 * 10 %, and after all steps, and the growth between them (it must stay small: every step runs in one NDScope).
 */
public final class TrainStepBenchmark {
    private TrainStepBenchmark() {}

    public static void main(String[] args) throws IOException {
        String shape = arg(args, "--shape", "vitb16");
        int steps = Integer.parseInt(arg(args, "--steps", "5"));
        List<String> methods = List.of(arg(args, "--methods", "CoOp,CoCoOp,MaPLe,COMMA").split(","));
        ClipConfig config = shape.equals("small")
                ? new ClipConfig(64, 32, 8, 128, 4, 2, 77, 49408, 128, 4, 2)
                : new ClipConfig(512, 224, 16, 768, 12, 12, 77, 49408, 512, 12, 8);
        int depth = shape.equals("small") ? 3 : 9;
        Device device = Engine.getInstance().defaultDevice();
        DataType type = Precision.defaultFor(device);
        Path vocab = Path.of(arg(args, "--vocab", System.getProperty("user.home") + "/.comma/weights/"
                + "bpe_simple_vocab_16e6.txt.gz"));
        if (!Files.exists(vocab)) {
            vocab = Path.of("../shared/clip/bpe_simple_vocab_16e6.txt.gz");
        }
        ClipTokenizer tokenizer = ClipTokenizer.load(vocab);
        List<String> classes = List.of("airplane", "automobile", "bird", "cat", "deer", "dog", "frog", "horse",
                "ship", "truck");
        int[][] template = tokenizer.tokenize(classes.stream().map(c -> "a photo of a " + c + ".").toList());
        System.out.printf("train step benchmark: %s shapes, random weights, %s %s, batch 4, %d classes, %d steps, "
                + "libtorch threads %s%n", shape, device, type, classes.size(), steps,
                System.getProperty("ai.djl.pytorch.num_threads", "default"));
        System.out.printf("%-8s %10s %12s %12s %12s %8s%n", "method", "ms/step", "RSS early", "RSS end", "peak RSS",
                "growth");
        try (Clip clip = Clip.of(ClipWeights.initialize(config, 0, device, type));
                NDManager m = NDManager.newBaseManager(device)) {
            NDArray images = m.randomNormal(new Shape(4, 3, config.imageResolution(), config.imageResolution()))
                    .toType(type, false);
            NDArray labels = m.create(new long[] {0, 3, 5, 9});
            for (String method : methods) {
                SplittableRandom rng = new SplittableRandom(1);
                List<AutoCloseable> toClose = new ArrayList<>();
                PromptLearner learner;
                TrainingObjective objective = new CrossEntropy();
                switch (method) {
                    case "CoOp":
                        learner = new CoOp(clip, tokenizer, classes, null, 16, rng);
                        break;
                    case "KgCoOp":
                        learner = new CoOp(clip, tokenizer, classes, "a photo of a", 4, rng);
                        KgCoOpLoss kg = new KgCoOpLoss(clip, template, 8f);
                        toClose.add(kg);
                        objective = kg;
                        break;
                    case "CoCoOp":
                        learner = new CoCoOp(clip, tokenizer, classes, "a photo of a", 4, rng);
                        break;
                    case "MaPLe":
                        learner = new MaPLe(clip, tokenizer, classes, depth, rng);
                        break;
                    case "COMMA":
                        learner = new Comma(clip, tokenizer, classes, depth, Comma.Mode.FAITHFUL, rng);
                        KnowledgePreservingLoss kp = new KnowledgePreservingLoss(clip, template, 1f, 1);
                        toClose.add(kp);
                        objective = kp;
                        break;
                    default:
                        throw new IllegalArgumentException("unknown method " + method);
                }
                long early = 0;
                long t0 = 0;
                int warm = Math.max(1, steps / 10);
                try (Sgd sgd = new Sgd(learner.trainableParameters(), 0.9f, 5e-4f)) {
                    for (int s = 0; s < steps; s++) {
                        if (s == warm) {
                            early = rss("VmRSS");
                            t0 = System.nanoTime();
                        }
                        try (NDScope scope = new NDScope();
                                GradientCollector gc = Engine.getInstance().newGradientCollector()) {
                            gc.backward(objective.loss(learner.forward(images, objective.hiddenLayers()), labels));
                        }
                        sgd.step(1e-4f);
                    }
                }
                double ms = (System.nanoTime() - t0) / 1e6 / Math.max(1, steps - warm);
                long end = rss("VmRSS");
                System.out.printf("%-8s %10.1f %10d MB %10d MB %10d MB %7.1f%%%n", method, ms, early >> 10, end >> 10,
                        rss("VmHWM") >> 10, 100.0 * (end - early) / early);
                learner.close();
                for (AutoCloseable c : toClose) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                }
            }
        }
    }

    /** A field of /proc/self/status in kB (VmRSS: resident now, VmHWM: peak). */
    static long rss(String field) throws IOException {
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith(field + ":")) {
                return Long.parseLong(line.replaceAll("[^0-9]", ""));
            }
        }
        return -1;
    }

    static String arg(String[] args, String name, String fallback) {
        for (int i = 0; i + 1 < args.length; i++) {
            if (args[i].equals(name)) {
                return args[i + 1];
            }
        }
        return fallback;
    }
}
