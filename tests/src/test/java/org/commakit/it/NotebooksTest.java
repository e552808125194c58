package org.commakit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every notebook under {@code notebooks/} runs headlessly with the kit's kernel and fails the build on any cell
 * error. The executed notebooks and their HTML stay in {@code tests/target/notebooks/} for reading.
 */
class NotebooksTest {

    private static final Path NOTEBOOKS = NotebookRunner.ROOT.resolve("notebooks");
    private static final Path OUT = NotebookRunner.ROOT.resolve("tests/target/notebooks");
    private static final Path FIXTURES = NotebookRunner.ROOT.resolve("tests/src/test/resources/notebooks");
    private static final Path FIXTURE_OUT = NotebookRunner.ROOT.resolve("tests/target/notebook-fixtures");

    @TestFactory
    Stream<DynamicTest> everyNotebookRunsWithoutACellError() throws IOException {
        List<Path> notebooks;
        try (Stream<Path> files = Files.list(NOTEBOOKS)) {
            notebooks = files.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertFalse(notebooks.isEmpty(), "no notebook under " + NOTEBOOKS);
        return notebooks.stream().map(notebook -> dynamicTest(notebook.getFileName().toString(), () -> {
            NotebookRunner.Run run = NotebookRunner.run(notebook, OUT);
            assertTrue(run.succeeded(), notebook.getFileName() + " failed (executed copy: "
                    + run.executedNotebook() + "):\n" + run.output());
            assertTrue(Files.isRegularFile(run.html()), "no HTML export at " + run.html());
        }));
    }

    @Test
    void harnessFailsANotebookWhoseCellThrowsAndStopsThere() throws IOException {
        NotebookRunner.Run run = NotebookRunner.run(FIXTURES.resolve("throwing_cell.ipynb"), FIXTURE_OUT);

        assertFalse(run.succeeded(), "the harness passed a notebook whose cell throws:\n" + run.output());
        assertTrue(run.output().contains("IllegalStateException")
                && run.output().contains("thrown on purpose by the harness fixture")
                && run.output().contains("at failOnPurpose (cell [2], line 2)"), run.output());
        List<JsonObject> cells = codeCells(run.executedNotebook());
        JsonObject error = onlyOutput(cells.get(1));
        assertEquals("error", error.get("output_type").getAsString());
        assertEquals("IllegalStateException", error.get("ename").getAsString());
        assertEquals("thrown on purpose by the harness fixture", error.get("evalue").getAsString());
        assertTrue(cells.get(2).get("execution_count").isJsonNull(), "the cell after the failing one ran");
        assertTrue(Files.isRegularFile(run.html()), "a failed run keeps its HTML too: " + run.html());
    }

    @Test
    void harnessReportsACompileErrorWithTheOffendingLine() {
        NotebookRunner.Run run = NotebookRunner.run(FIXTURES.resolve("compile_error.ipynb"), FIXTURE_OUT);

        assertFalse(run.succeeded(), "the harness passed a notebook that does not compile:\n" + run.output());
        assertTrue(run.output().contains("cell [1], line 2: incompatible types: java.lang.String cannot be"
                + " converted to int\n    int id = label;\n             ^---^"), run.output());
    }

    @Test
    void smokeNotebookShowsTextTableAndFigureAsTheirMimeTypes() throws IOException {
        NotebookRunner.Run run = NotebookRunner.run(NOTEBOOKS.resolve("00_kernel_smoke.ipynb"), OUT);
        assertTrue(run.succeeded(), run.output());
        List<JsonObject> cells = codeCells(run.executedNotebook());

        JsonObject value = onlyOutput(cells.get(0));
        assertEquals("execute_result", value.get("output_type").getAsString());
        assertEquals("42", text(value.getAsJsonObject("data").get("text/plain")));

        JsonObject printed = onlyOutput(cells.get(1));
        assertEquals("stream", printed.get("output_type").getAsString());
        assertEquals("Datum[impath=images/cat_001.jpg, label=3, classname=cat]\n", text(printed.get("text")));

        JsonObject table = onlyOutput(cells.get(2));
        assertEquals("display_data", table.get("output_type").getAsString());
        String tableHtml = text(table.getAsJsonObject("data").get("text/html"));
        assertTrue(tableHtml.startsWith("<table") && tableHtml.contains("<caption>square roots</caption>")
                && tableHtml.contains("<td>1.4142135623730951</td>"), tableHtml);
        assertTrue(text(table.getAsJsonObject("data").get("text/plain")).contains("square roots"));

        JsonObject figure = onlyOutput(cells.get(3));
        assertEquals("execute_result", figure.get("output_type").getAsString());
        String figureHtml = text(figure.getAsJsonObject("data").get("text/html"));
        assertTrue(figureHtml.contains("plotly.js v2.35.3") && figureHtml.contains("Plotly.newPlot("),
                "the figure output lacks plotly.js 2.35.3 or its drawing call");
        assertFalse(figureHtml.contains("<script src"), "the figure output loads a script from elsewhere");
        String exported = Files.readString(run.html(), StandardCharsets.UTF_8);
        assertTrue(exported.contains("Plotly.newPlot(") && exported.contains("<caption>square roots</caption>"),
                "the HTML export lacks the figure or the table");
    }

    private static List<JsonObject> codeCells(Path executedNotebook) throws IOException {
        JsonObject notebook = JsonParser.parseString(Files.readString(executedNotebook, StandardCharsets.UTF_8))
                .getAsJsonObject();
        List<JsonObject> cells = new ArrayList<>();
        for (JsonElement cell : notebook.getAsJsonArray("cells")) {
            if (cell.getAsJsonObject().get("cell_type").getAsString().equals("code")) {
                cells.add(cell.getAsJsonObject());
            }
        }
        return cells;
    }

    private static JsonObject onlyOutput(JsonObject cell) {
        JsonArray outputs = cell.getAsJsonArray("outputs");
        assertEquals(1, outputs.size(), "outputs of " + text(cell.get("source")) + ": " + outputs);
        return outputs.get(0).getAsJsonObject();
    }

    /** nbformat stores multi-line text as a string or as a list of lines. */
    private static String text(JsonElement element) {
        if (element.isJsonArray()) {
            return element.getAsJsonArray().asList().stream().map(JsonElement::getAsString)
                    .collect(Collectors.joining());
        }
        return element.getAsString();
    }
}
