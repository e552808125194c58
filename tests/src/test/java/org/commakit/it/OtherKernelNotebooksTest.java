package org.commakit.it;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * The chapters in a Java kernel other than the kit's: {@code -Dcomma.kernel=java} runs notebooks 01-08 with the
 * installed kernel spec of that name (JJava's is {@code java}), each loading the kit with its first line
 * ({@code %maven org.commakit:comma-lib:0.1.0-SNAPSHOT}, from {@code ~/.m2} after {@code ./mvnw install
 * -DskipTests}), and checks what {@link NotebooksTest} checks: no cell error, the same tables and figures as HTML
 * (the kit's JJava extension registers their renderers). Chapter 0 tests the kit's kernel itself and is left out.
 * Off by default: CI has no other kernel (neither JJava nor IJava is on Maven Central).
 */
@EnabledIfSystemProperty(named = "comma.kernel", matches = ".+")
class OtherKernelNotebooksTest {

    private static final Path NOTEBOOKS = NotebookRunner.ROOT.resolve("notebooks");

    @TestFactory
    Stream<DynamicTest> everyChapterRunsInTheOtherKernelAndShowsItsTablesAndPlots() throws IOException {
        String kernel = System.getProperty("comma.kernel");
        Path out = NotebookRunner.ROOT.resolve("tests/target/notebooks-" + kernel);
        List<Path> notebooks;
        try (Stream<Path> files = Files.list(NOTEBOOKS)) {
            notebooks = files.filter(f -> f.toString().endsWith(".ipynb"))
                    .filter(f -> !f.getFileName().toString().startsWith("00_")).sorted().toList();
        }
        assertFalse(notebooks.isEmpty(), "no notebook under " + NOTEBOOKS);
        return notebooks.stream().map(notebook -> dynamicTest(notebook.getFileName().toString(), () -> {
            String name = notebook.getFileName().toString();
            NotebookRunner.Run run = NotebookRunner.run(notebook, out, kernel);
            assertTrue(run.succeeded(), name + " failed in kernel '" + kernel + "' (executed copy: "
                    + run.executedNotebook() + "):\n" + run.output());
            NotebooksTest.SHOWS.get(name).check(name, NotebooksTest.codeCells(run.executedNotebook()));
        }));
    }
}
