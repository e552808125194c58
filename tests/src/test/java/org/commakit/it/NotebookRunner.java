package org.commakit.it;

import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.commakit.kernel.KernelSpec;

/**
 * Runs notebooks headlessly with the kit's kernel, the way a reader's Jupyter would: {@code run_notebook.py}
 * (nbclient) with a build-local kernel spec ({@code tests/target/jupyter/kernels/comma-kit}) that starts the kernel
 * on this test JVM's classpath, so the kernel and the kit under test are the ones just compiled.
 */
final class NotebookRunner {

    /** The outcome of one run: exit status, the runner's console output, and where the results were written. */
    record Run(int exitCode, String output, Path executedNotebook, Path html) {
        boolean succeeded() {
            return exitCode == 0;
        }
    }

    static final Path ROOT = Path.of(System.getProperty("kit.root", "..")).toAbsolutePath().normalize();
    static final Path JUPYTER_DIR = ROOT.resolve("tests/target/jupyter");
    private static final Path SCRIPT = ROOT.resolve("tests/src/test/python/run_notebook.py");
    private static final long RUN_TIMEOUT_MINUTES = 60;
    private static final Map<String, Run> RUNS = new ConcurrentHashMap<>();
    private static volatile String python;

    private NotebookRunner() {
    }

    /** Runs {@code notebook} once per test JVM (later calls return the first run), results into {@code outDir}. */
    static Run run(Path notebook, Path outDir) {
        return run(notebook, outDir, KernelSpec.NAME);
    }

    /**
     * As {@link #run(Path, Path)} with the installed kernel spec {@code kernel}: the kit's own ({@value
     * KernelSpec#NAME}) runs from this build; another one (JJava's {@code java}) is found where Jupyter looks
     * ({@code JUPYTER_PATH}, the user's data folder) and gets JJava's JVM options for DJL offline and one thread.
     */
    static Run run(Path notebook, Path outDir, String kernel) {
        Path nb = notebook.toAbsolutePath().normalize();
        return RUNS.computeIfAbsent(kernel + ":" + nb, key -> execute(nb, outDir, kernel));
    }

    private static Run execute(Path notebook, Path outDir, String kernel) {
        String interpreter = requireJupyter();
        boolean kit = kernel.equals(KernelSpec.NAME);
        if (kit) {
            writeKernelSpec();
        }
        try {
            Path log = Files.createTempFile("notebook-run", ".log");
            ProcessBuilder builder = new ProcessBuilder(interpreter, SCRIPT.toString(), notebook.toString(),
                    outDir.toString(), "--kernel", kernel)
                    .directory(ROOT.toFile()).redirectErrorStream(true).redirectOutput(log.toFile());
            if (kit) {
                builder.environment().put("JUPYTER_PATH", JUPYTER_DIR.toString());
            } else {
                builder.environment().putIfAbsent("JJAVA_JVM_OPTS", String.join(" ", KernelSpec.jvmOptions(1)));
            }
            builder.environment().put("JUPYTER_RUNTIME_DIR", JUPYTER_DIR.resolve("runtime").toString());
            Process process = builder.start();
            if (!process.waitFor(RUN_TIMEOUT_MINUTES, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                fail(notebook + " did not finish within " + RUN_TIMEOUT_MINUTES + " minutes; log: " + log);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            Files.delete(log);
            String stem = notebook.getFileName().toString().replaceFirst("\\.ipynb$", "");
            return new Run(process.exitValue(), output, outDir.resolve(notebook.getFileName()),
                    outDir.resolve(stem + ".html"));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot run " + SCRIPT + " for " + notebook + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while running " + notebook, e);
        }
    }

    /**
     * The Python that has nbclient and nbconvert: {@code $COMMA_PYTHON}, else Debian's {@code /usr/bin/python3}
     * (where Debian's Jupyter packages install), else {@code python3}. Fails the test, never skips it, without one.
     */
    static String requireJupyter() {
        if (python != null) {
            return python;
        }
        String configured = System.getenv("COMMA_PYTHON");
        List<String> candidates = configured != null ? List.of(configured)
                : Files.isExecutable(Path.of("/usr/bin/python3")) ? List.of("/usr/bin/python3", "python3")
                : List.of("python3");
        StringBuilder tried = new StringBuilder();
        for (String candidate : candidates) {
            String problem = probe(candidate);
            if (problem == null) {
                python = candidate;
                return candidate;
            }
            tried.append("\n  ").append(candidate).append(": ").append(problem);
        }
        return fail("Jupyter (nbclient, nbconvert) is not installed, so the notebooks cannot run. Run"
                + " environment/install.sh (it installs Debian's Jupyter packages, or explains the pip route),"
                + " or set COMMA_PYTHON to a Python that has nbclient and nbconvert. Tried:" + tried);
    }

    private static String probe(String interpreter) {
        try {
            Process process = new ProcessBuilder(interpreter, "-c", "import nbclient, nbconvert, nbformat")
                    .redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return "did not answer within 60 s";
            }
            return process.exitValue() == 0 ? null : output.lines().reduce((first, last) -> last).orElse(output);
        } catch (IOException e) {
            return "cannot start (" + e.getMessage() + ")";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** The build-local kernel spec: this JVM's Java and classpath, one libtorch thread as in every test. */
    static synchronized void writeKernelSpec() {
        List<String> classpath = Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
                .filter(entry -> !entry.isBlank())
                .map(entry -> Path.of(entry).toAbsolutePath().normalize().toString())
                .toList();
        KernelSpec.write(JUPYTER_DIR.resolve("kernels"), KernelSpec.currentJava(), KernelSpec.jvmOptions(1),
                classpath);
    }
}
