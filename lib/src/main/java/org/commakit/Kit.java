package org.commakit;

import java.lang.reflect.Method;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/** The kit's command line: {@code ./kit <command> [options]}; each command is a class with a main method. */
public final class Kit {
    private Kit() {}

    private static final Map<String, String[]> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("bench clip", new String[] {"org.commakit.bench.ClipThroughputBenchmark",
            "image/text encode throughput of a ViT-B/16-shaped CLIP (random weights)"});
        COMMANDS.put("bench train", new String[] {"org.commakit.bench.TrainStepBenchmark",
            "ms per training step and RSS per method (random weights, batch 4, 10 classes)"});
        COMMANDS.put("mini generate", new String[] {"org.commakit.data.mini.MiniWorld",
            "generate the mini world's datasets: --out DIR [--seed S]"});
        COMMANDS.put("mini pretrain", new String[] {"org.commakit.data.mini.MiniClip",
            "pretrain MiniCLIP from scratch and print its zero-shot table: [--steps N] [--out DIR]"});
        COMMANDS.put("bench mini", new String[] {"org.commakit.bench.MiniWorldBenchmark",
            "time to generate the mini world and its captions"});
        COMMANDS.put("bench pipeline", new String[] {"org.commakit.bench.ImagePipelineBenchmark",
            "images/s of the train and test image pipeline on 500x375 JPEGs, per loader threads"});
        COMMANDS.put("reproduce", new String[] {"org.commakit.protocol.ReproduceCommand",
            "the three protocols end to end: --preset mini|full --protocol base2new|xd|dg|all [--dry-run] ..."});
        COMMANDS.put("probe", new String[] {"org.commakit.protocol.ProbeCommand",
            "few-shot linear probe vs zero-shot on base classes: what frozen features leave to learn"});
        COMMANDS.put("data check", new String[] {"org.commakit.data.DataRootCheck",
            "validate a data root: per-dataset image and class counts"});
    }

    public static void main(String[] args) throws Exception {
        for (Map.Entry<String, String[]> c : COMMANDS.entrySet()) {
            String[] words = c.getKey().split(" ");
            if (args.length >= words.length && Arrays.equals(Arrays.copyOf(args, words.length), words)) {
                Class<?> cls;
                try {
                    cls = Class.forName(c.getValue()[0]);
                } catch (ClassNotFoundException e) {
                    System.err.println("'" + c.getKey() + "' is not part of this build yet.");
                    System.exit(2);
                    return;
                }
                Method main = cls.getMethod("main", String[].class);
                main.invoke(null, (Object) Arrays.copyOfRange(args, words.length, args.length));
                return;
            }
        }
        System.err.println("usage: ./kit <command> [options]\ncommands:");
        COMMANDS.forEach((k, v) -> System.err.printf("  %-16s %s%n", k, v[1]));
        System.exit(args.length == 0 ? 0 : 2);
    }
}
