package org.commakit.cli;

import java.io.IOException;
import java.util.List;
import java.util.concurrent.Callable;
import org.commakit.KitException;
import org.commakit.bench.ClipThroughputBenchmark;
import org.commakit.bench.ImagePipelineBenchmark;
import org.commakit.bench.MiniWorldBenchmark;
import org.commakit.bench.TrainStepBenchmark;
import org.commakit.clip.ClipTokenizer;
import org.commakit.miniworld.MiniSchedule;
import org.commakit.miniworld.MiniWorld;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ./kit bench clip|train|pipeline|mini}: benchmarks that print figures (the {@code bench} package). */
@Command(name = "bench", description = "Benchmarks that print figures.",
        subcommands = {BenchCommand.ClipBench.class, BenchCommand.Train.class, BenchCommand.Pipeline.class,
            BenchCommand.Mini.class, BenchCommand.MainJob.class}, synopsisSubcommandLabel = "<benchmark>")
final class BenchCommand implements Runnable {

    @ParentCommand
    Kit kit;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(kit.out);
    }

    static void positive(String option, int value) {
        if (value < 1) {
            throw new KitException(option + " " + value + " must be at least 1");
        }
    }

    @Command(name = "clip", usageHelpAutoWidth = true,
            description = "Image/text encode throughput of a ViT-B/16-shaped CLIP (random weights).")
    static final class ClipBench implements Callable<Integer> {
        @ParentCommand
        BenchCommand bench;

        @Option(names = "--batch", defaultValue = "32", description = "images and texts per batch (default: "
                + "${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--iters", defaultValue = "3", description = "timed batches (default: ${DEFAULT-VALUE})")
        int iters;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
        boolean help;

        @Override
        public Integer call() {
            positive("--batch", batch);
            positive("--iters", iters);
            ClipThroughputBenchmark.run(batch, iters, bench.kit.out);
            return 0;
        }
    }

    @Command(name = "train", sortOptions = false, usageHelpAutoWidth = true,
            description = "ms per training step, RSS and live NDArrays per method (random weights, batch 4, 10 "
                    + "classes).")
    static final class Train implements Callable<Integer> {
        @ParentCommand
        BenchCommand bench;

        @Option(names = "--shape", defaultValue = "vitb16", description = "vitb16 or small (default: ${DEFAULT-VALUE})")
        String shape;

        @Option(names = "--methods", defaultValue = "Linear,CoOp,CoCoOp,MaPLe,COMMA,ProDA,CTP-TFT",
                description = "Linear or method ids (default: ${DEFAULT-VALUE})")
        String methods;

        @Option(names = "--steps", defaultValue = "5", description = "steps per method (default: ${DEFAULT-VALUE})")
        int steps;

        @Option(names = "--early", description = "the step after which RSS is first read (default: steps/10, in "
                + "1..100)")
        Integer early;

        @Option(names = "--vocab", paramLabel = "FILE", description = "CLIP's BPE vocabulary (default: a copy in "
                + "COMMA_WEIGHTS, else OpenAI's bundled in the library)")
        java.nio.file.Path vocab;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
        boolean help;

        @Override
        public Integer call() throws IOException {
            positive("--steps", steps);
            int e = early != null ? early : Math.max(1, Math.min(100, steps / 10));
            List<String> list = ReproduceCommand.split(methods);
            TrainStepBenchmark.run(shape, list, steps, e,
                    ClipTokenizer.load(vocab != null ? vocab : org.commakit.protocol.Preset.FULL.vocabulary()),
                    bench.kit.out);
            return 0;
        }
    }

    @Command(name = "pipeline", sortOptions = false, usageHelpAutoWidth = true,
            description = "Images/s of the train and test image pipeline on 500x375 JPEGs, per loader threads, beside "
                    + "Pillow + torchvision doing the same (when the Python has them).")
    static final class Pipeline implements Callable<Integer> {
        @ParentCommand
        BenchCommand bench;

        @Option(names = "--images", defaultValue = "200", description = "JPEGs to write (default: ${DEFAULT-VALUE})")
        int images;

        @Option(names = "--size", defaultValue = "224", description = "output size (default: ${DEFAULT-VALUE})")
        int size;

        @Option(names = "--batch", defaultValue = "32", description = "batch size (default: ${DEFAULT-VALUE})")
        int batch;

        @Option(names = "--epochs", defaultValue = "3", description = "timed epochs after one warm-up (default: "
                + "${DEFAULT-VALUE})")
        int epochs;

        @Option(names = "--threads", defaultValue = "1,2", split = ",", description = "loader threads to try "
                + "(default: ${DEFAULT-VALUE})")
        int[] threads;

        @Option(names = "--python", paramLabel = "PATH", defaultValue = ImagePipelineBenchmark.DEFAULT_PYTHON,
                description = "Python with torch, torchvision and Pillow for the comparison; none: skip it (default: "
                        + "${DEFAULT-VALUE})")
        String python;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
        boolean help;

        @Override
        public Integer call() throws IOException {
            positive("--images", images);
            positive("--size", size);
            positive("--batch", batch);
            positive("--epochs", epochs);
            for (int t : threads) {
                positive("--threads", t);
            }
            ImagePipelineBenchmark.run(images, size, batch, epochs, threads, "none".equals(python) ? null : python,
                    bench.kit.out);
            return 0;
        }
    }

    @Command(name = "mini", usageHelpAutoWidth = true, description = "Time to generate the mini world and its captions.")
    static final class Mini implements Callable<Integer> {
        @ParentCommand
        BenchCommand bench;

        @Option(names = "--threads", description = "rendering threads (default: the cores)")
        Integer threads;

        @Option(names = "--seed", defaultValue = "" + MiniWorld.DEFAULT_SEED, description = "world seed (default: "
                + "${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--keep", description = "keep the generated world and print where it is")
        boolean keep;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
        boolean help;

        @Override
        public Integer call() throws IOException {
            int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
            positive("--threads", n);
            MiniWorldBenchmark.run(n, seed, keep, bench.kit.out);
            return 0;
        }
    }

    @Command(name = "reproduce", sortOptions = false, usageHelpAutoWidth = true,
            description = "Wall and CPU time of ./kit reproduce (mini preset) before and after in one session: one "
                    + "process with a thread per core and no feature reuse, then the default (worker processes, "
                    + "feature reuse); and whether their tables are the same.")
    static final class MainJob implements Callable<Integer> {
        @ParentCommand
        BenchCommand bench;

        @Option(names = "--protocol", defaultValue = "all", description = "as reproduce (default: ${DEFAULT-VALUE})")
        String protocol;

        @Option(names = "--methods", description = "as reproduce (default: the paper's five)")
        String methods;

        @Option(names = "--seeds", defaultValue = "1,2,3", description = "as reproduce (default: ${DEFAULT-VALUE})")
        String seeds;

        @Option(names = "--workers", description = "worker processes of the after run (default: as reproduce)")
        Integer workers;

        @Option(names = "--schedule", paramLabel = "short|papers", defaultValue = "short", description = "the mini "
                + "schedule of both runs: short (minutes) or papers, the main job itself (about 12 min after on 2 "
                + "cores, several times that before) (default: ${DEFAULT-VALUE})")
        String schedule;

        @Option(names = "--keep", description = "keep both runs' folders and print where they are")
        boolean keep;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
        boolean help;

        @Override
        public Integer call() throws IOException {
            if (workers != null) {
                positive("--workers", workers);
            }
            List<String> args = new java.util.ArrayList<>(List.of("--preset", "mini", "--protocol", protocol,
                    "--seeds", seeds, "--schedule", MiniSchedule.Schedule.of(schedule).id()));
            if (methods != null) {
                args.addAll(List.of("--methods", methods));
            }
            int cores = Runtime.getRuntime().availableProcessors();
            org.commakit.bench.MainJobBenchmark.run(i -> {
                List<String> cmd = i == 0
                        ? ReproduceCommand.kitCommand(cores, List.of("-Dcomma.featureCache=off", "-Dcomma.workers=1"))
                        : ReproduceCommand.kitCommand(1, workers == null ? List.of()
                                : List.of("-Dcomma.workers=" + workers));
                return cmd;
            }, args, keep, bench.kit.out);
            return 0;
        }
    }
}
