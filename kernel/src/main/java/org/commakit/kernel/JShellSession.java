package org.commakit.kernel;

import java.io.File;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import jdk.jshell.DeclarationSnippet;
import jdk.jshell.Diag;
import jdk.jshell.EvalException;
import jdk.jshell.JShell;
import jdk.jshell.JShellException;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import jdk.jshell.UnresolvedReferenceException;

/**
 * One JShell, evaluating cell code snippet by snippet (as split by {@link SourceCodeAnalysis#analyzeCompletion}), in
 * this JVM ({@link InProcessExecution}).
 *
 * <p>What a cell yields: the value of its last snippet when that is an expression written without a closing
 * semicolon (Jupyter's convention: a trailing {@code ;} silences the value). What fails it: a snippet that does not
 * compile ({@link CompilationException} with each diagnostic and the offending line), a declaration left referring
 * to undefined names at the end of the cell, or an exception thrown by the code, rethrown as itself with its stack
 * frames pointing at cell lines.
 */
final class JShellSession implements AutoCloseable {

    /** Where a snippet came from, for stack traces: the cell and the cell line of the snippet's first line. */
    private record Origin(String cellLabel, int firstLine) {
    }

    private final InProcessExecution execution = new InProcessExecution();
    private final JShell shell;
    private final Map<String, Origin> origins = new ConcurrentHashMap<>();

    /**
     * @param classpath entries the snippets compile against (the kernel's own classpath: the kit, Tablesaw, DJL)
     * @param startup snippets run first, such as imports
     */
    JShellSession(List<String> classpath, List<String> startup) {
        shell = JShell.builder().executionEngine(execution.provider(), Map.of()).build();
        if (!classpath.isEmpty()) {
            shell.addToClasspath(String.join(File.pathSeparator, classpath));
        }
        eval(new CodeSegment("kernel startup", String.join("\n", startup), 1));
    }

    /** Adds a jar or class folder for the snippets that follow (compiler and class loader). */
    void addToClasspath(String path) {
        shell.addToClasspath(path);
    }

    SourceCodeAnalysis analysis() {
        return shell.sourceCodeAnalysis();
    }

    /** Interrupts the running cell. */
    void stop() {
        shell.stop();
    }

    /**
     * Runs {@code segment} snippet by snippet and returns the value of its last snippet when that is an expression
     * without a closing semicolon, else null. Throws on the first snippet that fails (later snippets do not run).
     */
    Object eval(CodeSegment segment) {
        execution.beginCell();
        try {
            return evalCell(segment);
        } finally {
            execution.endCell();
        }
    }

    private Object evalCell(CodeSegment segment) {
        SourceCodeAnalysis analysis = shell.sourceCodeAnalysis();
        List<DeclarationSnippet> declared = new ArrayList<>();
        String code = segment.code();
        Object value = null;
        int offset = 0;
        while (offset < code.length()) {
            String rest = code.substring(offset);
            String trimmed = rest.stripLeading();
            // JShell's stack-trace line numbers are only right for snippets that do not start with blank lines.
            int start = offset + rest.length() - trimmed.length();
            SourceCodeAnalysis.CompletionInfo info = analysis.analyzeCompletion(trimmed);
            Completeness completeness = info.completeness();
            if (completeness == Completeness.EMPTY) {
                break;
            }
            if (completeness == Completeness.DEFINITELY_INCOMPLETE
                    || completeness == Completeness.CONSIDERED_INCOMPLETE) {
                throw new CompilationException(segment.where(start)
                        + ": incomplete code (a closing bracket, parenthesis, quote or semicolon is missing)\n"
                        + segment.excerpt(start, start + 1));
            }
            String source = info.source() == null ? trimmed : info.source();
            int consumed = trimmed.length() - info.remaining().length();
            boolean last = analysis.analyzeCompletion(info.remaining()).completeness() == Completeness.EMPTY;
            boolean showValue = last && !trimmed.substring(0, consumed).stripTrailing().endsWith(";");
            value = evalSnippet(source, segment, start, declared, showValue);
            if (consumed <= 0) {
                break;
            }
            offset = start + consumed;
        }
        requireResolved(declared);
        return value;
    }

    private Object evalSnippet(
            String source, CodeSegment segment, int start, List<DeclarationSnippet> declared, boolean showValue) {
        execution.clearLast();
        Object value = null;
        for (SnippetEvent event : shell.eval(source)) {
            if (event.causeSnippet() != null) {
                continue; // a status update of an earlier snippet, caused by this one
            }
            Snippet snippet = event.snippet();
            origins.put(snippet.id(), new Origin(segment.cellLabel(), segment.lineAt(start)));
            if (event.status() == Snippet.Status.REJECTED) {
                throw rejected(snippet, segment, start);
            }
            if (snippet instanceof DeclarationSnippet declaration) {
                declared.add(declaration);
            }
            if (event.exception() != null) {
                throw failure(event.exception());
            }
            value = showValue && isExpression(snippet) ? execution.lastValue() : null;
        }
        return value;
    }

    private static boolean isExpression(Snippet snippet) {
        return snippet.kind() == Snippet.Kind.EXPRESSION
                || snippet.subKind() == Snippet.SubKind.TEMP_VAR_EXPRESSION_SUBKIND;
    }

    private CompilationException rejected(Snippet snippet, CodeSegment segment, int start) {
        List<Diag> errors = shell.diagnostics(snippet).filter(Diag::isError).toList();
        if (errors.isEmpty()) {
            return new CompilationException(segment.where(start) + ": JShell rejected this code without a diagnostic"
                    + "\n" + segment.excerpt(start, start + 1));
        }
        return new CompilationException(errors.stream().map(diag -> {
            int from = start + (int) Math.max(0, diag.getStartPosition());
            int to = start + (int) Math.max(diag.getStartPosition(), diag.getEndPosition());
            return segment.where(from) + ": " + message(diag) + "\n" + segment.excerpt(from, to);
        }).collect(Collectors.joining("\n")));
    }

    /** javac's message without the "location: class " line naming JShell's anonymous wrapper. */
    private static String message(Diag diag) {
        return diag.getMessage(Locale.ROOT).lines()
                .filter(line -> !line.strip().equals("location: class"))
                .collect(Collectors.joining("\n"));
    }

    /** Declarations of this cell that still use undefined names once the whole cell ran. */
    private void requireResolved(List<DeclarationSnippet> declared) {
        List<String> problems = new ArrayList<>();
        for (DeclarationSnippet declaration : declared) {
            Snippet.Status status = shell.status(declaration);
            if (status == Snippet.Status.RECOVERABLE_DEFINED || status == Snippet.Status.RECOVERABLE_NOT_DEFINED) {
                Origin origin = origins.get(declaration.id());
                problems.add(origin.cellLabel() + ", line " + origin.firstLine() + ": " + declaration.name()
                        + " uses " + String.join(", ", shell.unresolvedDependencies(declaration).toList())
                        + ", not defined (define it, or fix the name)");
            }
        }
        if (!problems.isEmpty()) {
            throw new CompilationException(String.join("\n", problems));
        }
    }

    /** The user's own exception (stack frames mapped to cells), or a kernel exception that explains. */
    private RuntimeException failure(JShellException exception) {
        if (exception instanceof UnresolvedReferenceException unresolved) {
            DeclarationSnippet declaration = unresolved.getSnippet();
            return new CompilationException(declaration.name() + " cannot run: it uses "
                    + String.join(", ", shell.unresolvedDependencies(declaration).toList()) + ", not defined");
        }
        Throwable thrown = execution.lastThrown();
        if (!(exception instanceof EvalException mapped) || thrown == null) {
            return new IllegalStateException("The cell failed: " + exception.getMessage(), exception);
        }
        // JShell's copy has the frames mapped to snippets ("#12:3"); give them to the original exception chain.
        Throwable original = thrown;
        Throwable copy = mapped;
        while (original != null && copy != null) {
            original.setStackTrace(copy.getStackTrace());
            original = original.getCause();
            copy = copy.getCause();
        }
        if (thrown instanceof Error error) {
            return new CellError(error);
        }
        return Sneaky.rethrow(thrown);
    }

    /**
     * The Jupyter traceback of {@code thrown}: each exception of its cause chain, with its frames when it comes
     * from cell code, snippet frames shown as cell lines ({@code at f (cell [3], line 5)}). The kernel's own errors
     * (a magic's file that cannot be read) show their message only.
     */
    List<String> traceback(Throwable thrown) {
        if (thrown instanceof CompilationException) {
            return thrown.getMessage().lines().toList();
        }
        List<String> lines = new ArrayList<>();
        Throwable current = thrown instanceof CellError ? thrown.getCause() : thrown;
        String prefix = "";
        while (current != null) {
            lines.add(prefix + current);
            StackTraceElement[] frames = current.getStackTrace();
            if (Arrays.stream(frames).anyMatch(JShellSession::isSnippetFrame)) {
                for (StackTraceElement frame : frames) {
                    lines.add("    at " + describe(frame));
                }
            }
            prefix = "Caused by: ";
            current = current.getCause() == current ? null : current.getCause();
        }
        return lines;
    }

    private static boolean isSnippetFrame(StackTraceElement frame) {
        return frame.getFileName() != null && frame.getFileName().startsWith("#");
    }

    private String describe(StackTraceElement frame) {
        if (!isSnippetFrame(frame)) {
            return frame.toString();
        }
        String file = frame.getFileName();
        Origin origin = origins.get(file.substring(1));
        String method = frame.getMethodName();
        String where = origin == null
                ? "snippet " + file + ", line " + frame.getLineNumber()
                : origin.cellLabel() + ", line " + (origin.firstLine() + frame.getLineNumber() - 1);
        return method.isEmpty() || method.equals("do_it$") ? where : method + " (" + where + ")";
    }

    @Override
    public void close() {
        shell.close();
    }

    /** Rethrows a checked exception unchanged (the protocol layer reports any exception). */
    private static final class Sneaky {
        @SuppressWarnings("unchecked")
        static <T extends Throwable> RuntimeException rethrow(Throwable thrown) throws T {
            throw (T) thrown;
        }
    }
}
