package org.commakit.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.commakit.KitException;
import org.commakit.miniworld.MiniClip;
import org.commakit.miniworld.MiniWorld;
import org.commakit.protocol.Preset;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/** {@code ./kit mini generate|pretrain|zeroshot}: the mini world and its MiniCLIP. */
@Command(name = "mini", description = "The mini world: generate its datasets, pretrain MiniCLIP.",
        subcommands = {MiniCommand.Generate.class, MiniCommand.Pretrain.class, MiniCommand.ZeroShot.class}, synopsisSubcommandLabel = "<command>")
final class MiniCommand implements Runnable {

    @ParentCommand
    Kit kit;

    @Override
    public void run() {
        new picocli.CommandLine(this).usage(kit.out);
    }

    @Command(name = "generate", sortOptions = false, usageHelpAutoWidth = true,
            description = "Generate the mini world's datasets (or report that they are up to date).")
    static final class Generate implements Callable<Integer> {
        @ParentCommand
        MiniCommand mini;

        @Option(names = "--out", required = true, paramLabel = "DIR", description = "where the world goes")
        Path out;

        @Option(names = "--seed", defaultValue = "" + MiniWorld.DEFAULT_SEED, description = "world seed (default: "
                + "${DEFAULT-VALUE})")
        long seed;

        @Option(names = "--scale", defaultValue = "1.0", description = "fraction of the images, in (0, 1] (default: "
                + "${DEFAULT-VALUE})")
        double scale;

        @Option(names = "--threads", description = "rendering threads (default: the cores)")
        Integer threads;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
        boolean help;

        @Override
        public Integer call() {
            if (!(scale > 0 && scale <= 1)) {
                throw new KitException("--scale " + scale + " is outside (0, 1]; 1.0 is the whole world");
            }
            int n = threads == null ? Runtime.getRuntime().availableProcessors() : threads;
            if (n < 1 || n > 1024) {
                throw new KitException("--threads " + n + " must be from 1 to 1024 (default: the cores)");
            }
            if (java.nio.file.Files.exists(out) && !java.nio.file.Files.isDirectory(out)) {
                throw new KitException("--out " + out + " is a file, not a folder; give the folder the world goes "
                        + "into (it is created when missing)");
            }
            MiniWorld.Summary s;
            try {
                s = MiniWorld.generate(out, seed, new MiniWorld.Options(scale, n, mini.kit.out));
            } catch (java.io.UncheckedIOException e) {
                throw new KitException("cannot generate the mini world in " + out + ": " + KitException.reason(e)
                        + "; give a writable --out folder" + (KitException.fixFor(e).startsWith("free")
                        ? " with free space (about 60 MB)" : ""), e);
            }
            mini.kit.out.printf("sha256 %s%n", s.sha256());
            return 0;
        }
    }

    @Command(name = "pretrain", sortOptions = false, usageHelpAutoWidth = true,
            description = "Pretrain MiniCLIP from scratch, print its zero-shot table, write the checkpoint and its "
                    + "vocabulary (use KIT_THREADS=1 for a bit-reproducible run).")
    static final class Pretrain implements Callable<Integer> {
        @ParentCommand
        MiniCommand mini;

        @Option(names = "--out", paramLabel = "DIR", defaultValue = "lib/src/main/resources/org/commakit/mini",
                description = "where mini-clip.safetensors goes (default: ${DEFAULT-VALUE}, the committed copy)")
        Path out;

        @Option(names = "--world", paramLabel = "DIR", description = "the mini world to pretrain on (default: the "
                + "mini preset's)")
        Path world;

        @Option(names = "--steps", description = "optimizer steps (default: the recipe's)")
        Integer steps;

        @Option(names = "--batch", description = "image-caption pairs per step (default: the recipe's)")
        Integer batch;

        @Option(names = "--lr", description = "AdamW learning rate (default: the recipe's)")
        Float lr;

        @Option(names = "--seed", description = "initialisation seed (default: the recipe's)")
        Long seed;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
        boolean help;

        @Override
        public Integer call() {
            MiniClip.Recipe d = MiniClip.DEFAULTS;
            MiniClip.Recipe r = new MiniClip.Recipe(seed == null ? d.initSeed() : seed, d.captionSeed(),
                    steps == null ? d.steps() : steps, batch == null ? d.batchSize() : batch,
                    lr == null ? d.lr() : lr, d.weightDecay(), d.warmupSteps());
            if (r.steps() < 1 || r.batchSize() < 2 || !(r.lr() > 0) || Float.isInfinite(r.lr())) {
                throw new KitException("--steps must be at least 1, --batch at least 2, --lr a positive number; got "
                        + r.steps() + ", " + r.batchSize() + ", " + r.lr());
            }
            MiniClip.pretrainAndSave(r, world == null ? Preset.MINI.dataRoot() : world, out, mini.kit.out);
            return 0;
        }
    }

    @Command(name = "zeroshot", sortOptions = false, usageHelpAutoWidth = true,
            description = "Print a MiniCLIP's zero-shot table on the mini world (base and new halves, all classes).")
    static final class ZeroShot implements Callable<Integer> {
        @ParentCommand
        MiniCommand mini;

        @Option(names = "--clip", paramLabel = "FILE", description = "a MiniCLIP checkpoint, e.g. one written by "
                + "./kit mini pretrain --out DIR (default: -Dcomma.clip / COMMA_CLIP, else the committed MiniCLIP)")
        Path clip;

        @Option(names = {"-h", "--help"}, usageHelp = true, description = "show this help")
        boolean help;

        @Override
        public Integer call() {
            if (clip != null && !java.nio.file.Files.isRegularFile(clip)) {
                throw new KitException("--clip " + clip + " is not a file; give a MiniCLIP checkpoint "
                        + "(mini-clip.safetensors, as ./kit mini pretrain --out DIR writes)");
            }
            Path world = Preset.MINI.prepare();
            Path file = clip != null ? clip : Preset.MINI.clipCheckpoint();
            try (org.commakit.clip.Clip c = Preset.MINI.loadClip(file)) {
                org.commakit.clip.ClipTokenizer tokenizer = Preset.MINI.tokenizer();
                mini.kit.out.println("zero-shot test accuracy (%) of " + file + " on " + world + ":");
                mini.kit.out.print(MiniClip.format(MiniClip.zeroShotTable(c, tokenizer, world)));
            }
            return 0;
        }
    }
}
