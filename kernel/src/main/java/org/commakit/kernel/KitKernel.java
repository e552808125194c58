package org.commakit.kernel;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Collectors;
import jdk.jshell.SourceCodeAnalysis;
import jdk.jshell.SourceCodeAnalysis.Completeness;
import org.commakit.plot.NotebookRenderers;
import org.dflib.jjava.jupyter.channels.JupyterConnection;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.JupyterIO;
import org.dflib.jjava.jupyter.kernel.KernelConnectionProperties;
import org.dflib.jjava.jupyter.kernel.LanguageInfo;
import org.dflib.jjava.jupyter.kernel.ReplacementOptions;
import org.dflib.jjava.jupyter.kernel.comm.CommManager;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.util.StringStyler;

/**
 * The COMMA kit's Java kernel for Jupyter: JShell behind the Jupyter protocol of {@code jjava-jupyter}, with the kit
 * and its dependencies on the classpath, so notebooks {@code import org.commakit...} directly.
 *
 * <p>A cell is Java code and line magics ({@link LineMagics}); its last expression, written without a closing
 * semicolon, is its value, shown through {@link NotebookRenderers}; {@link Notebook}'s {@code display}/{@code render}
 * show more. Compile errors and exceptions become Jupyter errors, so a headless run (nbclient) stops on them.
 *
 * <p>Started by Jupyter through the kernel spec that {@link KernelSpec} writes:
 * {@code java -cp comma-kernel.jar org.commakit.kernel.KitKernel CONNECTION_FILE}.
 */
public final class KitKernel extends BaseKernel {

    /**
     * The kit's packages every session imports, so a chapter's first cell holds its knobs rather than imports. The
     * same lines are {@code notebooks/imports.jsh}, which a chapter {@code %load}s for JJava and IJava (a no-op here).
     */
    static final List<String> KIT_IMPORTS = List.of(
            "import org.commakit.course.*;", "import org.commakit.protocol.Preset;",
            "import org.commakit.protocol.HarmonicMean;", "import org.commakit.protocol.RecordedRun;",
            "import org.commakit.clip.*;",
            "import org.commakit.data.*;", "import org.commakit.prompt.*;", "import org.commakit.loss.*;",
            "import org.commakit.train.*;", "import ai.djl.ndarray.*;", "import tech.tablesaw.api.*;",
            "import tech.tablesaw.plotly.components.*;", "import tech.tablesaw.plotly.traces.*;");
    /** What every session starts with: JShell's usual imports, the kit's packages, and the notebook API. */
    static final List<String> STARTUP = java.util.stream.Stream.of(List.of(
            "import java.io.*;", "import java.math.*;", "import java.net.*;", "import java.nio.file.*;",
            "import java.util.*;", "import java.util.concurrent.*;", "import java.util.function.*;",
            "import java.util.regex.*;", "import java.util.stream.*;"), KIT_IMPORTS,
            List.of("import static org.commakit.kernel.Notebook.*;")).flatMap(List::stream).toList();
    /** How deep %load may nest (a file loading itself is an error, not a hang). */
    private static final int MAX_LOAD_DEPTH = 16;

    private final JShellSession session;
    private final LineMagics magics;
    private int loadDepth;

    KitKernel(List<String> classpath) {
        super("COMMA kit", version(), languageInfo(), List.of(), null, new JupyterIO(StandardCharsets.UTF_8),
                new CommManager(), new Renderer(), null, null, false, new StringStyler.Builder().build());
        NotebookRenderers.register(renderer);
        session = new JShellSession(classpath, STARTUP);
        magics = new LineMagics(session, this::runLoadedFile);
        Notebook.attach(this);
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 1) {
            System.err.println("Usage: java -cp comma-kernel.jar org.commakit.kernel.KitKernel CONNECTION_FILE\n"
                    + "Jupyter starts the kernel this way; install its kernel spec with environment/install.sh.");
            System.exit(2);
        }
        String connection = Files.readString(Path.of(args[0]), StandardCharsets.UTF_8);
        JupyterConnection jupyter = new JupyterConnection(KernelConnectionProperties.parse(connection));
        KitKernel kernel = new KitKernel(classpath());
        kernel.becomeHandlerForConnection(jupyter);
        jupyter.connect();
        jupyter.waitUntilClose();
        System.exit(0); // threads a notebook started must not keep a shut-down kernel alive
    }

    @Override
    public Object evalRaw(String code) {
        // The protocol layer numbers the cell before evaluating it: this is the [n] Jupyter shows.
        return runCell("cell [" + (executionCount.get() - 1) + "]", code);
    }

    /** Runs code and magics in cell order; the value is the last code part's value (null after a magic). */
    Object runCell(String cellLabel, String code) {
        Object value = null;
        for (CellParts.Part part : CellParts.split(code)) {
            if (part instanceof CellParts.Code source) {
                value = session.eval(new CodeSegment(cellLabel, source.source(), source.firstLine()));
            } else {
                magics.run(cellLabel, (CellParts.Magic) part);
                value = null;
            }
        }
        return value;
    }

    private void runLoadedFile(String label, String code) {
        if (loadDepth >= MAX_LOAD_DEPTH) {
            throw new CompilationException("%load nested more than " + MAX_LOAD_DEPTH + " deep at " + label
                    + ": does a file load itself?");
        }
        loadDepth++;
        try {
            runCell(label, code);
        } finally {
            loadDepth--;
        }
    }

    @Override
    public List<String> formatError(Throwable thrown) {
        return session.traceback(thrown);
    }

    @Override
    public DisplayData inspect(String code, int at, boolean extraDetail) {
        List<SourceCodeAnalysis.Documentation> docs = session.analysis().documentation(code, at, extraDetail);
        if (docs.isEmpty()) {
            return null;
        }
        return new DisplayData(docs.stream()
                .map(doc -> doc.javadoc() == null ? doc.signature() : doc.signature() + "\n" + doc.javadoc())
                .collect(Collectors.joining("\n\n")));
    }

    @Override
    public ReplacementOptions complete(String code, int at) {
        int[] anchor = new int[1];
        List<String> options = session.analysis().completionSuggestions(code, at, anchor).stream()
                .map(SourceCodeAnalysis.Suggestion::continuation).distinct().toList();
        return options.isEmpty() ? null : new ReplacementOptions(options, anchor[0], at);
    }

    /** Jupyter's is_complete: {@code complete}, {@code invalid}, or an indent meaning "more lines to come". */
    @Override
    public String isComplete(String code) {
        List<CellParts.Part> parts;
        try {
            parts = CellParts.split(code);
        } catch (CompilationException e) {
            return IS_COMPLETE_BAD;
        }
        for (CellParts.Part part : parts) {
            if (part instanceof CellParts.Code source) {
                String rest = source.source();
                while (!rest.isBlank()) {
                    SourceCodeAnalysis.CompletionInfo info = session.analysis().analyzeCompletion(rest);
                    Completeness completeness = info.completeness();
                    if (completeness == Completeness.DEFINITELY_INCOMPLETE
                            || completeness == Completeness.CONSIDERED_INCOMPLETE) {
                        return "    ";
                    }
                    if (completeness == Completeness.UNKNOWN) {
                        return IS_COMPLETE_BAD;
                    }
                    if (completeness == Completeness.EMPTY || info.remaining().length() >= rest.length()) {
                        break;
                    }
                    rest = info.remaining();
                }
            }
        }
        return IS_COMPLETE_YES;
    }

    @Override
    public void interrupt() {
        session.stop();
    }

    @Override
    public void onShutdown(boolean isRestarting) {
        session.close();
    }

    @Override
    public String getBanner() {
        return "Java " + Runtime.version() + " with the COMMA kit (JShell)";
    }

    private static LanguageInfo languageInfo() {
        return new LanguageInfo.Builder("java").version(Runtime.version().toString()).mimetype("text/x-java-source")
                .fileExtension(".jshell").pygments("java").codemirror("java").build();
    }

    private static String version() {
        String version = KitKernel.class.getPackage().getImplementationVersion();
        return version == null ? "dev" : version;
    }

    /**
     * This JVM's classpath, with the jars that jar manifests list ({@code Class-Path}: how comma-kernel.jar names
     * the kit and its dependencies in {@code lib/}), for JShell's compiler.
     */
    static List<String> classpath() {
        return withManifestClasspaths(List.of(System.getProperty("java.class.path").split(File.pathSeparator)));
    }

    /** {@code entries} as absolute paths, each jar followed by the jars its manifest lists, without repeats. */
    static List<String> withManifestClasspaths(List<String> entries) {
        Set<String> expanded = new LinkedHashSet<>();
        for (String entry : entries) {
            if (!entry.isBlank()) {
                addWithManifestClasspath(Path.of(entry).toAbsolutePath().normalize(), expanded);
            }
        }
        return new ArrayList<>(expanded);
    }

    private static void addWithManifestClasspath(Path entry, Set<String> entries) {
        if (!entries.add(entry.toString()) || !entry.toString().endsWith(".jar") || !Files.isRegularFile(entry)) {
            return;
        }
        try (JarFile jar = new JarFile(entry.toFile())) {
            Manifest manifest = jar.getManifest();
            String listed = manifest == null ? null : manifest.getMainAttributes().getValue("Class-Path");
            if (listed != null) {
                for (String relative : listed.trim().split("\\s+")) {
                    addWithManifestClasspath(entry.resolveSibling(relative).normalize(), entries);
                }
            }
        } catch (IOException e) {
            // An unreadable jar stays on the list: the JVM reports it if a class from it is used.
        }
    }
}
