package org.commakit.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.InvocationTargetException;
import java.nio.charset.StandardCharsets;
import org.commakit.KitException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The kit's command line, {@code ./kit <command> [options]}: one picocli command per class in this package, and the
 * one place where every error becomes a single line.
 *
 * <p>Exit status: 0 done; 2 a problem the user can fix (a bad option or value, a missing or damaged file, a refused
 * rerun), printed as one line {@code kit <command>: <what, where, and the fix>}; 1 an unexpected failure (a bug),
 * printed as one line too. {@code KIT_DEBUG=1} adds the stack trace.
 */
@Command(name = "kit", description = "Prompt learning for CLIP: CoOp, CoCoOp, KgCoOp, MaPLe, COMMA, ProDA and CTP/TFT "
        + "(provisional interpretation; paper text unavailable) on the mini world or on CLIP ViT-B/16 and the real "
        + "benchmarks.",
        subcommands = {ReproduceCommand.class, ProbeCommand.class, SidesCommand.class, DataCommand.class,
            MiniCommand.class, BenchCommand.class, RehearseCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "The kit script also runs:",
            "  test      build and run every test (what CI runs)",
            "  notebook  the course in Jupyter with the kit's kernel (--html DIR: as a static site)"},
        synopsisSubcommandLabel = "<command>", usageHelpAutoWidth = true)
public final class Kit implements Runnable {
    /** Exit status of a problem the user can fix. */
    public static final int USER_ERROR = 2;
    /** Exit status of an unexpected failure. */
    public static final int INTERNAL_ERROR = 1;

    final PrintStream out;
    final PrintStream err;

    @Spec
    CommandSpec spec;

    private Kit(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** Without a command: the list of commands. */
    @Override
    public void run() {
        spec.commandLine().usage(out);
    }

    public static void main(String[] args) {
        int status = run(args, System.out, System.err);
        System.out.flush();
        System.exit(status);
    }

    /** Runs {@code ./kit args}; returns the exit status. Output and errors go to the given streams. */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cl = new CommandLine(new Kit(out, err));
        cl.setOut(new PrintWriter(out, true, StandardCharsets.UTF_8));
        cl.setErr(new PrintWriter(err, true, StandardCharsets.UTF_8));
        cl.setParameterExceptionHandler((e, a) -> {
            String path = commandPath(e.getCommandLine());
            err.println("kit " + path + ": " + sentence(e.getMessage()) + "; ./kit " + path + " --help lists the "
                    + "options");
            return USER_ERROR;
        });
        cl.setExecutionExceptionHandler((e, cmd, parsed) -> fail(e, commandPath(cmd), err));
        return cl.execute(args);
    }

    /** One line for {@code e}: the user's problem (exit 2) or an unexpected failure (exit 1). */
    static int fail(Throwable e, String command, PrintStream err) {
        Throwable cause = e;
        while (cause instanceof InvocationTargetException && cause.getCause() != null) {
            cause = cause.getCause();
        }
        IOException io = ioCause(cause);
        Throwable engine = engineCause(cause);
        boolean user = cause instanceof KitException || io != null || engine != null;
        String message = cause.getMessage() == null ? cause.getClass().getSimpleName() : cause.getMessage();
        if (engine != null && !(cause instanceof KitException)) {
            message = "cannot load the PyTorch engine (" + oneLine(engine.getMessage()) + "); DJL unpacks libtorch "
                    + "into DJL_CACHE_DIR (default ~/.djl.ai): make that folder writable, or set DJL_CACHE_DIR to a "
                    + "writable one";
        } else if (io != null && !(cause instanceof KitException)) { // a KitException names its reason already
            message = withReason(message, io);
        }
        err.println("kit " + command + ": " + (user ? "" : "unexpected " + cause.getClass().getSimpleName() + ": ")
                + oneLine(message) + (user || debug() ? "" : " (KIT_DEBUG=1 prints the stack trace)"));
        if (debug()) {
            e.printStackTrace(err);
        }
        return user ? USER_ERROR : INTERNAL_ERROR;
    }

    /** The I/O error behind {@code t} (itself or a cause: UncheckedIOException, a library's own wrapper), if any. */
    private static IOException ioCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c instanceof IOException io) {
                return io;
            }
        }
        return null;
    }

    /** A failure to load DJL's engine (libtorch not unpacked: an unwritable cache folder), if that is {@code t}. */
    private static Throwable engineCause(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause() == c ? null : c.getCause()) {
            if (c.getClass().getName().equals("ai.djl.engine.EngineException")) {
                return c;
            }
        }
        return null;
    }

    /**
     * The message with the I/O error's bare text (Java's file exceptions carry only a path: "cannot read X: X")
     * replaced by the reason in words, and the usual fix added when the message has none.
     */
    static String withReason(String message, IOException io) {
        String bare = io.getMessage() == null ? "" : io.getMessage();
        String reason = KitException.reason(io);
        String m = message;
        if (!bare.isEmpty() && !bare.equals(reason) && m.endsWith(bare)) {
            m = m.substring(0, m.length() - bare.length()) + reason;
        } else if (!m.contains(reason)) {
            m = m + ": " + reason;
        }
        if (m.equals(reason)) {
            m = "cannot complete the command: " + reason;
        }
        String fix = KitException.fixFor(io);
        return fix.isEmpty() || m.contains(fix) || m.contains("; ") ? m : m + "; " + fix;
    }

    /** Whether {@code KIT_DEBUG} asks for stack traces. */
    static boolean debug() {
        String d = System.getenv("KIT_DEBUG");
        return d != null && !d.isBlank() && !d.equals("0");
    }

    private static String commandPath(CommandLine cl) {
        StringBuilder sb = new StringBuilder();
        for (CommandLine c = cl; c != null && c.getParent() != null; c = c.getParent()) {
            sb.insert(0, sb.length() == 0 ? c.getCommandName() : c.getCommandName() + " ");
        }
        return sb.toString();
    }

    private static String sentence(String message) {
        String m = oneLine(message);
        return m.isEmpty() ? m : Character.toLowerCase(m.charAt(0)) + m.substring(1);
    }

    private static String oneLine(String message) {
        return message == null ? "" : message.strip().replaceAll("\\s*\\R\\s*", " ");
    }
}
