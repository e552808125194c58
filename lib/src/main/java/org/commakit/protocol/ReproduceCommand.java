package org.commakit.protocol;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.commakit.KitException;
import org.commakit.Preset;

/**
 * {@code ./kit reproduce}: the command line of {@link Reproduce}.
 *
 * <pre>
 *   ./kit reproduce [--preset mini|full] [--protocol base2new|xd|dg|all] [--methods CoOp,COMMA,...] [--seeds 1,2,3]
 *                   [--shard i/n] [--datasets A,B] [--set key=value ...] [--out DIR] [--dry-run] [--no-plots]
 *                   [--verbose]
 * </pre>
 */
public final class ReproduceCommand {

    static final String USAGE = """
            usage: ./kit reproduce [options]
              --preset mini|full     the mini world on the CPU, or ViT-B/16 and the real datasets (default: \
            -Dcomma.preset / COMMA_PRESET, else mini)
              --protocol P           base2new, xd, dg or all; several with commas (default: all)
              --methods M,...        ZeroShotCLIP, CoOp, CoCoOp, KgCoOp, MaPLe, COMMA (default: the paper's five)
              --seeds 1,2,3          seeds of the methods that train (default: 1,2,3)
              --shard i/n            run only the i-th of n parts of the job matrix, i from 0 (default: 0/1)
              --datasets A,...       only these base-to-new datasets and targets (default: all of the preset)
              --set key=value        change a training setting for every method (repeatable), e.g. --set epochs=1
              --out DIR              results, checkpoints, tables and plots (default: results/<preset>)
              --data DIR             use this data root (or mini world) as it is, instead of the preset's
              --dry-run              list the jobs with a time estimate; run nothing, needs no data or weights
              --no-plots             skip the HTML plots
              --verbose              print the trainer's progress lines
            """;

    private ReproduceCommand() {}

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        if (status != 0) {
            System.exit(status);
        }
    }

    /** Runs the command; returns the exit status (0 done, 2 bad arguments or a failure explained on {@code err}). */
    static int run(String[] args, PrintStream out, PrintStream err) {
        Reproduce.Options options;
        boolean dryRun;
        try {
            List<String> list = new ArrayList<>(Arrays.asList(args));
            dryRun = list.remove("--dry-run");
            if (list.contains("--help") || list.contains("-h")) {
                out.print(USAGE);
                return 0;
            }
            options = parse(list, out);
        } catch (KitException | IllegalArgumentException e) {
            err.println("reproduce: " + e.getMessage());
            err.print(USAGE);
            return 2;
        }
        try {
            if (dryRun) {
                out.print(Reproduce.dryRun(options));
            } else {
                Reproduce.run(options, out);
            }
            return 0;
        } catch (KitException e) {
            err.println("reproduce: " + e.getMessage());
            return 2;
        }
    }

    /** The options of {@code args} (without {@code --dry-run}). */
    static Reproduce.Options parse(List<String> args, PrintStream out) {
        String preset = null;
        String protocol = "all";
        String methods = null;
        String seeds = "1,2,3";
        String shard = "0/1";
        String datasets = "";
        String folder = null;
        String data = null;
        List<String> overrides = new ArrayList<>();
        boolean plots = true;
        boolean verbose = false;
        for (int i = 0; i < args.size(); i++) {
            String a = args.get(i);
            switch (a) {
                case "--no-plots" -> plots = false;
                case "--verbose" -> verbose = true;
                case "--preset", "--protocol", "--methods", "--seeds", "--shard", "--datasets", "--out", "--data",
                        "--set" -> {
                    if (i + 1 >= args.size() || args.get(i + 1).startsWith("--")) {
                        throw new KitException(a + " needs a value, e.g. " + example(a));
                    }
                    String v = args.get(++i);
                    switch (a) {
                        case "--preset" -> preset = v;
                        case "--protocol" -> protocol = v;
                        case "--methods" -> methods = v;
                        case "--seeds" -> seeds = v;
                        case "--shard" -> shard = v;
                        case "--datasets" -> datasets = v;
                        case "--out" -> folder = v;
                        case "--data" -> data = v;
                        default -> overrides.add(v);
                    }
                }
                default -> throw new KitException("unknown option '" + a + "'");
            }
        }
        Preset p = preset == null ? Preset.current() : Preset.of(preset);
        Reproduce.Options o = Reproduce.Options.of(p)
                .protocols(protocols(protocol))
                .seeds(seeds(seeds))
                .shard(Shard.parse(shard))
                .datasets(datasets.isBlank() ? List.of() : split(datasets))
                .overrides(overrides)
                .plots(plots)
                .trainingLog(verbose ? out : null);
        if (methods != null) {
            o = o.methods(methods(methods));
        }
        if (folder != null) {
            o = o.out(Path.of(folder));
        }
        if (data != null) {
            if (!java.nio.file.Files.isDirectory(Path.of(data))) {
                throw new KitException("--data " + data + " is not a folder; give the data root (full) or a generated "
                        + "mini world (./kit mini generate --out DIR)");
            }
            o = o.world(Path.of(data), null, null);
        }
        o.protocolDatasets(); // unknown --datasets names fail here, before anything runs
        o.trainConfig(Method.COMMA, false, o.protocolDatasets().source(), 1); // and bad --set values
        return o;
    }

    /** {@code base2new}, {@code xd}, {@code dg}, {@code all}, or several with commas. */
    static Set<Protocol> protocols(String text) {
        Set<Protocol> out = EnumSet.noneOf(Protocol.class);
        for (String p : split(text)) {
            if (p.equalsIgnoreCase("all")) {
                out.addAll(EnumSet.allOf(Protocol.class));
                continue;
            }
            Protocol match = Arrays.stream(Protocol.values()).filter(x -> x.id().equalsIgnoreCase(p)).findFirst()
                    .orElseThrow(() -> new KitException("unknown protocol '" + p + "'; use base2new, xd, dg or all "
                            + "(several with commas, e.g. --protocol xd,dg)"));
            out.add(match);
        }
        return out;
    }

    /** Method ids, any case; zero-shot CLIP also as {@code CLIP}. */
    static List<Method> methods(String text) {
        List<Method> out = new ArrayList<>();
        for (String m : split(text)) {
            Method match = Arrays.stream(Method.values())
                    .filter(x -> x.id().equalsIgnoreCase(m) || x.publishedName().equalsIgnoreCase(m)).findFirst()
                    .orElseThrow(() -> new KitException("unknown method '" + m + "'; use any of "
                            + Arrays.stream(Method.values()).map(Method::id).collect(Collectors.joining(", "))
                            + " (comma-separated)"));
            if (out.contains(match)) {
                throw new KitException("--methods names " + match.id() + " twice: '" + text + "'");
            }
            out.add(match);
        }
        return out;
    }

    /** Seeds as {@code 1,2,3}: whole numbers >= 0, each once. */
    static List<Integer> seeds(String text) {
        List<Integer> out = new ArrayList<>();
        for (String s : split(text)) {
            int seed;
            try {
                seed = Integer.parseInt(s);
            } catch (NumberFormatException e) {
                throw new KitException("seed '" + s + "' in --seeds " + text + " is not a whole number; the papers use "
                        + "--seeds 1,2,3");
            }
            if (seed < 0 || out.contains(seed)) {
                throw new KitException("seed " + seed + " in --seeds " + text + " is negative or repeated; the papers "
                        + "use --seeds 1,2,3");
            }
            out.add(seed);
        }
        return out;
    }

    private static List<String> split(String text) {
        List<String> parts = Arrays.stream(text.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
        if (parts.isEmpty()) {
            throw new KitException("empty list '" + text + "'; give comma-separated values");
        }
        return parts;
    }

    private static String example(String option) {
        return switch (option) {
            case "--preset" -> "--preset mini";
            case "--protocol" -> "--protocol base2new";
            case "--methods" -> "--methods CoOp,COMMA";
            case "--seeds" -> "--seeds 1,2,3";
            case "--shard" -> "--shard 0/4";
            case "--datasets" -> "--datasets MiniShapes";
            case "--data" -> "--data ~/.comma/mini-world";
            case "--set" -> "--set epochs=1";
            default -> "--out results/mini";
        };
    }
}
