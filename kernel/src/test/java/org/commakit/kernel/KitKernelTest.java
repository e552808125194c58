package org.commakit.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import javax.tools.ToolProvider;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.api.DoubleColumn;
import tech.tablesaw.api.StringColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.traces.ScatterTrace;

/** The kernel without a Jupyter connection: cells with magics, rendering of the kit's types, completeness. */
class KitKernelTest {

    private static KitKernel kernel;

    @TempDir
    static Path work;

    @BeforeAll
    static void startKernel() {
        kernel = new KitKernel(KitKernel.classpath());
    }

    @AfterAll
    static void stopKernel() {
        kernel.onShutdown(false);
    }

    /** A jar holding {@code fixture.Greeting.hello()} returning "hello from a jar", compiled here. */
    private static Path greetingJar() throws IOException {
        Path sources = Files.createDirectories(work.resolve("src/fixture"));
        Path classes = Files.createDirectories(work.resolve("classes"));
        Path source = Files.writeString(sources.resolve("Greeting.java"),
                "package fixture; public class Greeting { public static String hello() {"
                        + " return \"hello from a jar\"; } }");
        int status = ToolProvider.getSystemJavaCompiler().run(null, null, null, "-d", classes.toString(),
                source.toString());
        assertEquals(0, status, "fixture compilation failed");
        Path jar = Files.createDirectories(work.resolve("jars")).resolve("greeting.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            out.putNextEntry(new JarEntry("fixture/Greeting.class"));
            out.write(Files.readAllBytes(classes.resolve("fixture/Greeting.class")));
        }
        return jar;
    }

    @Test
    void jarsMagicAddsMatchingJarsForTheCodeAfterIt() throws IOException {
        Path jar = greetingJar();
        Object value = kernel.runCell("cell [1]", "%jars " + jar.getParent() + "/*.jar\nfixture.Greeting.hello()");
        assertEquals("hello from a jar", value);
    }

    @Test
    void loadMagicRunsAFileAsACellInOrderWithTheCode() throws IOException {
        Path file = Files.writeString(work.resolve("helpers.jsh"), "int helperValue() { return 7; }\n");
        Object value = kernel.runCell("cell [2]", "int before = 1;\n%load \"" + file + "\"\nbefore + helperValue()");
        assertEquals(8, value);
    }

    @Test
    void cellEndingWithAMagicHasNoValue() throws IOException {
        Path file = Files.writeString(work.resolve("value.jsh"), "41 + 1\n");
        assertNull(kernel.runCell("cell [3]", "%load " + file));
    }

    @Test
    void magicErrorsNameTheCellLineAndTheFix() {
        CompilationException unknown = assertThrows(CompilationException.class,
                () -> kernel.runCell("cell [4]", "int a = 1;\n%timeit a"));
        assertEquals("cell [4], line 2: unknown magic %timeit; the COMMA kit kernel knows %classpath, %jars, %load"
                + " and %maven.", unknown.getMessage());
        CompilationException noArgument = assertThrows(CompilationException.class,
                () -> kernel.runCell("cell [5]", "%load"));
        assertEquals("cell [5], line 1: %load needs an argument, e.g. %load setup.jsh", noArgument.getMessage());
    }

    @Test
    void jarsMatchingNothingWarnsLikeIJavaInsteadOfFailing() {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            assertEquals(3, kernel.runCell("cell [8]", "%jars " + work.resolve("nowhere") + "/*.jar\n1 + 2"));
        } finally {
            System.setErr(originalErr);
        }
        assertTrue(err.toString(StandardCharsets.UTF_8).startsWith("Warning (cell [8], line 1): %jars "
                + work.resolve("nowhere") + "/*.jar matches no file"), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void mavenMagicSkipsTheKitAndExplainsWhatItCannotResolveOffline() {
        assertNull(kernel.runCell("cell [6]", "%maven org.commakit:comma-lib:0.1.0-SNAPSHOT"));
        CompilationException missing = assertThrows(CompilationException.class,
                () -> kernel.runCell("cell [7]", "%maven org.example.absent:nothing:9.9"));
        assertTrue(missing.getMessage().contains("resolves %maven offline from the local Maven repository"),
                missing.getMessage());
    }

    @Test
    void tableRendersAsItsPrintoutAndAsAnHtmlTable() {
        Table table = Table.create("scores", StringColumn.create("method", "CoOp", "<b>"),
                DoubleColumn.create("score", 1.5, 2.25));
        DisplayData data = kernel.getRenderer().render(table);

        assertEquals(table.print(), data.getData(MIMEType.TEXT_PLAIN));
        String html = (String) data.getData(MIMEType.TEXT_HTML);
        assertTrue(html.startsWith("<table class=\"commakit-table\">\n<caption>scores</caption>"), html);
        assertTrue(html.contains("<tr><td>&lt;b&gt;</td><td>2.25</td></tr>"), html);
    }

    @Test
    void figureRendersAsPlotlyHtml() {
        Figure figure = new Figure(ScatterTrace.builder(new double[] {1, 2}, new double[] {3, 4}).build());
        DisplayData data = kernel.getRenderer().render(figure);

        assertTrue(((String) data.getData(MIMEType.TEXT_HTML)).contains("Plotly.newPlot("));
        assertEquals("Plotly figure with 1 trace(s); it shows in Jupyter and in the HTML export.",
                data.getData(MIMEType.TEXT_PLAIN));
    }

    @Test
    void isCompleteAsksForMoreLinesInsideAnOpenBlock() {
        assertEquals(KitKernel.IS_COMPLETE_YES, kernel.isComplete("int x = 1;\nx"));
        assertEquals("    ", kernel.isComplete("for (int i = 0; i < 3; i++) {"));
        assertEquals(KitKernel.IS_COMPLETE_YES, kernel.isComplete("%jars lib/*.jar\nint y = 2;"));
    }

    @Test
    void classpathFollowsJarManifests() throws IOException {
        Path dir = Files.createDirectories(work.resolve("manifest"));
        Path dependency = Files.writeString(dir.resolve("dependency.jar"), "");
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        manifest.getMainAttributes().put(Attributes.Name.CLASS_PATH, "dependency.jar");
        Path main = dir.resolve("main.jar");
        try (OutputStream out = new JarOutputStream(Files.newOutputStream(main), manifest)) {
            out.flush();
        }
        assertEquals(List.of(main.toString(), dependency.toString()),
                KitKernel.withManifestClasspaths(List.of(main.toString())));
        assertEquals(List.of(main.toString(), dependency.toString()),
                KitKernel.withManifestClasspaths(List.of(main.toString(), dependency.toString(), main.toString())));
    }
}
