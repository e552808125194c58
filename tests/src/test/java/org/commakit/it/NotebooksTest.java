package org.commakit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;
import static java.util.Map.entry;
import static org.commakit.it.NotebookTable.table;

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
import java.util.Map;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every notebook under {@code notebooks/} runs headlessly with the kit's kernel, fails the build on any cell error,
 * and must show the tables and plots it promises ({@link #SHOWS}). The executed notebooks and their HTML stay in
 * {@code tests/target/notebooks/} for reading.
 */
class NotebooksTest {

    private static final Path NOTEBOOKS = NotebookRunner.ROOT.resolve("notebooks");
    private static final Path OUT = NotebookRunner.ROOT.resolve("tests/target/notebooks");
    private static final Path FIXTURES = NotebookRunner.ROOT.resolve("tests/src/test/resources/notebooks");
    private static final Path FIXTURE_OUT = NotebookRunner.ROOT.resolve("tests/target/notebook-fixtures");

    /**
     * What each notebook promises to show, by file name; the notebook test of a notebook fails without an entry, so
     * a new notebook states here which tables and plots it must produce. Tables are checked by their data (columns,
     * rows, value ranges, named rows; {@link NotebookTable}), not by their HTML.
     */
    private static final String CTP_TFT = "CTP/TFT (provisional interpretation; paper text unavailable)";

    static final Map<String, Shows> SHOWS = Map.ofEntries(
            entry("00_kernel_smoke.ipynb", new Shows(List.of(
                    table("square roots").columns("n", "sqrt(n)").rows(5).numbers("n", 1, 5)
                            .numbers("sqrt(n)", 1, Math.sqrt(5)).row("4", "2")),
                    List.of("scatter"), List.of())),
            entry("01_clip_zero_shot.ipynb", new Shows(List.of(
                    table("CLIP of the mini preset").columns("setting", "value").rows(7)
                            .row("image size (px)", "32").row("vision width x blocks", "128 x 4"),
                    table("tokens of the prompt").columns("position", "token id", "piece").rows(5, 77)
                            .row("0", "1641", "<start of text>").numbers("token id", 0, 1642),
                    table("top-3 classes of single test images").columns("true class", "1st", "2nd", "3rd").rows(5),
                    table("zero-shot top-1 on MiniShapes (300 test images)").columns("prompt", "top-1 (%)").rows(9)
                            .numbers("top-1 (%)", 100.0 / 20, 100)
                            .cell(List.of("ensemble of the 5 members"), "top-1 (%)", 100.0 / 20, 100)),
                    List.of("heatmap"), List.of())),
            entry("02_prompt_learning_basics.ipynb", new Shows(List.of(
                    table("tensors CoOp trains").columns("learner", "tensor", "shape", "values").rows(1)
                            .row("CoOp", "ctx", "(4, 128)", "512"),
                    table("base-to-new on MiniSatellite, 4 shots, seed 1").columns("method", "Base", "New", "HM",
                            "Base vs zero-shot CLIP", "New vs zero-shot CLIP").rows(3)
                            .values("method", "zero-shot CLIP", "CoOp", "CoCoOp")
                            .numbers("Base", 0, 100).numbers("New", 0, 100).numbers("HM", 0, 100)
                            .numbers("New vs zero-shot CLIP", -100, 100)
                            .cell(List.of("zero-shot CLIP"), "New vs zero-shot CLIP", 0, 0),
                    // the recorded papers' protocol (RecordedRun): fixed numbers, so the exact cells are checked
                    table("base-to-new on MiniSatellite, recorded run papers-seeds123").rows(3)
                            .values("method", "zero-shot CLIP", "CoOp", "CoCoOp")
                            .cell(List.of("CoOp"), "New vs zero-shot CLIP", -6.4, -6.4),
                    table("base-to-new, average of the datasets, recorded run papers-seeds123").rows(3)
                            .cell(List.of("CoOp"), "HM", 58.7, 58.7).cell(List.of("CoCoOp"), "HM", 61.2, 61.2)
                            .cell(List.of("CoOp"), "New vs zero-shot CLIP", -5.1, -5.1)),
                    List.of("bar"), List.of())),
            entry("03_joint_prompt_generation.ipynb", new Shows(List.of(
                    table("tensors of each learner").columns("learner", "module", "tensors", "elements",
                            "given to the optimiser").rows(10).values("learner", "MaPLe", "COMMA")
                            .row("MaPLe", "coupling.1", "2").row("COMMA", "generator.1")
                            .numbers("elements", 1, 1e6),
                    table("attention of the untrained COMMA generators").rows(4)
                            .numbers("text token 1", 0, 1).numbers("text token 2", 0, 1),
                    table("base-to-new on MiniSatellite, 4 shots, seed 1").columns("method", "Base", "New", "HM",
                            "Base vs zero-shot CLIP", "New vs zero-shot CLIP").rows(3)
                            .values("method", "zero-shot CLIP", "MaPLe", "COMMA")
                            .numbers("Base", 0, 100).numbers("New", 0, 100).numbers("HM", 0, 100),
                    table("base-to-new on MiniSatellite, recorded run papers-seeds123").rows(3)
                            .values("method", "zero-shot CLIP", "MaPLe", "COMMA")
                            .cell(List.of("COMMA"), "HM", 79.1, 79.1),
                    table("base-to-new, average of the datasets, recorded run papers-seeds123").rows(3)
                            .cell(List.of("MaPLe"), "HM", 60.9, 60.9).cell(List.of("COMMA"), "HM", 58.4, 58.4)),
                    List.of("heatmap", "bar"), List.of())),
            entry("03b_the_missing_generator_gradient.ipynb", new Shows(List.of(
                    table("tensors of faithful and as-described COMMA").rows(10)
                            .values("learner", "COMMA faithful", "COMMA as described")
                            .row("COMMA faithful", "generator.1", "8", "25120", "no")
                            .row("COMMA as described", "generator.1", "8", "25120", "yes"),
                    // measured, not declared: faithful COMMA's generators never move, as-described ones do
                    table("largest change per module in training").columns("learner", "module",
                            "given to the optimiser", "max |Δ|").rows(10).numbers("max |Δ|", 0, 10)
                            .row("COMMA faithful", "generator.1", "no", "0.000000")
                            .row("COMMA faithful", "generator.2", "no", "0.000000")
                            .row("COMMA as described", "generator.1", "yes")
                            .cell(List.of("COMMA as described", "generator.1"), "max |Δ|", 1e-6, 10),
                    table("attention before and after training").rows(12).numbers("text token 1", 0, 1),
                    table("faithful vs as described on MiniSatellite, 4 shots, seed 1").rows(3)
                            .values("method", "zero-shot CLIP", "COMMA faithful", "COMMA as described")
                            .numbers("HM", 0, 100),
                    // the recorded runs: fixed numbers
                    table("base-to-new average, COMMA's generators frozen (official code) or trained (as described), "
                            + "papers' protocol, seeds 1-3").rows(4)
                            .cell(List.of("COMMA faithful"), "HM", 58.4, 58.4)
                            .cell(List.of("COMMA as described"), "HM", 61.5, 61.5)
                            .cell(List.of("COMMA as described"), "New", 59.3, 59.3)),
                    List.of("heatmap"), List.of())),
            entry("04_knowledge_preserving_loss.ipynb", new Shows(List.of(
                    table("L_KP of an untrained COMMA learner").columns("late layers Y", "L_KP before training")
                            .rows(4).numbers("L_KP before training", 0, 10),
                    table("COMMA on MiniSatellite: λ and late layers Y (4 shots, seed 1)").columns("λ", "Y", "Base",
                            "New", "HM", "L_KP after training", "New vs λ = 0").rows(5)
                            .numbers("HM", 0, 100).numbers("L_KP after training", 0, 10)
                            .cell(List.of("0", "1"), "New vs λ = 0", 0, 0),
                    table("new-class accuracy, recorded run papers-seeds123").columns("Dataset", "ZeroShotCLIP New",
                            "MaPLe New", "COMMA New").rows(9).cell(List.of("Average"), "COMMA New", 55.36, 55.36)
                            .cell(List.of("MiniImageNet"), "MaPLe New", 48.54, 48.54),
                    table("base-to-new prompts by side, averages, recorded run papers-seeds123").rows(6)
                            .values("method", "CoOp", "MaPLe", "COMMA").values("role", "base", "new")
                            .cell(List.of("Average", "new", "COMMA"), "image side only", 56.62, 56.63)
                            .cell(List.of("Average", "new", "MaPLe"), "image side only", 61.075, 61.085)),
                    List.of("scatter"), List.of())),
            entry("05_base_to_new.ipynb", new Shows(List.of(
                    table("Base-to-new generalization").rows(5).numbers("COMMA HM", 0, 100)
                            .numbers("ZeroShotCLIP Base", 0, 100).row("Average"),
                    table("Base-to-new beside published").columns("Method", "Dataset", "Base", "Base paper",
                            "Base delta", "New", "New paper", "New delta", "HM", "HM paper", "HM delta",
                            "Paper source").rows(25).numbers("HM", 0, 100).row("COMMA", "Average"),
                    // the recorded whole runs (RecordedRun): fixed numbers, so the exact cells are checked
                    table("Base-to-new generalization, recorded run papers-seeds123").rows(9).row("Average")
                            .row("MiniImageNet").cell(List.of("Average"), "CoCoOp HM", 61.21, 61.21)
                            .cell(List.of("Average"), "ZeroShotCLIP New", 59.98, 59.98),
                    table("The papers' stories, recorded run papers-seeds123").columns("story", "claim", "measured",
                            "holds").rows(5).values("story", "a", "b", "c", "d", "e").cell(
                            List.of("a"), "holds", "yes").cell(List.of("b"), "holds", "no"),
                    table("The papers' stories, recorded run short-seeds123").rows(5).values("holds", "no", "yes"),
                    table("The papers' stories, recorded run papers-seeds123-clip2").rows(5)
                            .cell(List.of("a"), "holds", "no").cell(List.of("b"), "holds", "no")
                            .cell(List.of("c"), "holds", "no").cell(List.of("d"), "holds", "yes")
                            .cell(List.of("e"), "holds", "no"),
                    table("published base-to-new averages (ViT-B/16, 11 datasets, 3 seeds)").rows(40, 200)
                            .numbers("base", 20, 100).numbers("hm", 20, 100)
                            .cell(List.of("CLIP", "Average"), "base", 69.34, 69.34)),
                    List.of("bar"),
                    // the rerun's dry run finds every job done: the results folder resumes
                    List.of("done, 0 to run."))),
            entry("06_cross_dataset.ipynb", new Shows(List.of(
                    table("source and target datasets").columns("role", "dataset", "classes", "test images",
                            "hand-crafted prompt", "first classes").rows(8).row("source", "MiniImageNet", "40"),
                    table("source training settings").rows(3).numbers("shots", 1, 16),
                    table("Cross-dataset transfer").rows(2, 6).numbers("Average", 0, 100).row("ZeroShotCLIP")
                            .row("COMMA").numbers("MiniImageNet", 0, 100),
                    table("cross-dataset: change against zero-shot CLIP (points)").rows(2, 6)
                            .numbers("Average", -100, 100).cell(List.of("ZeroShotCLIP"), "Average", 0, 0),
                    table("cross-dataset, recorded run papers-seeds123: change against zero-shot CLIP (points)")
                            .rows(5).cell(List.of("ZeroShotCLIP"), "Average", 0, 0)
                            .cell(List.of("CoOp"), "MiniImageNet", 8.23, 8.23).cell(List.of("MaPLe"), "Average",
                                    -2.57, -2.57),
                    table("cross-dataset prompts by side, averages, recorded run papers-seeds123").rows(6)
                            .values("role", "target", "variant")
                            .cell(List.of("Average", "target", "CoOp"), "learner", 45.23, 45.24)
                            .cell(List.of("Average", "target", "MaPLe"), "image side only", 45.69, 45.70),
                    table("Cross-dataset transfer beside published").columns("Method", "Dataset", "Accuracy",
                            "Accuracy paper", "Accuracy delta", "Paper source").numbers("Accuracy", 0, 100)),
                    List.of("bar"), List.of("done, 0 to run."))),
            entry("07_domain_generalization.ipynb", new Shows(List.of(
                    table("Domain generalization").columns("Method", "MiniImageNet", "MiniImageNetV2",
                            "MiniImageNetSketch", "MiniImageNetA", "MiniImageNetR", "Average").rows(2, 6)
                            .numbers("Average", 0, 100).row("ZeroShotCLIP").row("COMMA"),
                    table("domain generalization: change against zero-shot CLIP (points)").rows(2, 6)
                            .cell(List.of("ZeroShotCLIP"), "MiniImageNetR", 0, 0),
                    table("domain generalization, recorded run papers-seeds123: change against zero-shot CLIP "
                            + "(points)").rows(5).cell(List.of("ZeroShotCLIP"), "Average", 0, 0)
                            .cell(List.of("MaPLe"), "Average", 4.23, 4.23),
                    table("Domain generalization beside published").rows(12, 30).numbers("Accuracy", 0, 100)),
                    List.of("bar"), List.of("done, 0 to run."))),
            entry("08_your_own_images.ipynb", new Shows(List.of(
                    table("top-1 per class (%)").columns("class", "zero-shot CLIP", "COMMA prompt").rows(7)
                            .numbers("zero-shot CLIP", 0, 100).numbers("COMMA prompt", 0, 100)
                            .row("all test images")),
                    List.of("bar"), List.of("same predictions as the trained learner: true"))),
            entry("09_prompt_distributions_and_class_aware_prompts.ipynb", new Shows(List.of(
                    table("ProDA prompt distribution on MiniSatellite (K = 4)").columns("stage", "prompt spread",
                            "variance term", "orthogonality term", "surrogate", "plain cross-entropy").rows(2)
                            .values("stage", "before training", "after training").numbers("surrogate", 0, 100)
                            .numbers("orthogonality term", 0, 10),
                    table("separability of the class text features on MiniSatellite (base test sample)")
                            .columns("learner", "stage", "mean cosine between classes", "sample accuracy").rows(4)
                            .values("learner", "CoCoOp", CTP_TFT).row(CTP_TFT, "trained")
                            .numbers("mean cosine between classes", -1, 1).numbers("sample accuracy", 0, 100),
                    table("Base-to-new generalization").rows(2).row("Average").numbers("ProDA HM", 0, 100)
                            .numbers("CTP-TFT HM", 0, 100)),
                    List.of("heatmap", "bar"), List.of())));

    @TestFactory
    Stream<DynamicTest> everyNotebookRunsWithoutACellErrorAndShowsItsTablesAndPlots() throws IOException {
        List<Path> notebooks;
        try (Stream<Path> files = Files.list(NOTEBOOKS)) {
            notebooks = files.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertFalse(notebooks.isEmpty(), "no notebook under " + NOTEBOOKS);
        return notebooks.stream().map(notebook -> dynamicTest(notebook.getFileName().toString(), () -> {
            String name = notebook.getFileName().toString();
            Shows shows = SHOWS.get(name);
            assertNotNull(shows, name + " has no entry in NotebooksTest.SHOWS: add the captions of its tables and the"
                    + " trace types of its figures there");
            NotebookRunner.Run run = NotebookRunner.run(notebook, OUT);
            assertTrue(run.succeeded(), name + " failed (executed copy: " + run.executedNotebook() + "):\n"
                    + run.output());
            assertTrue(Files.isRegularFile(run.html()), "no HTML export at " + run.html());
            shows.check(name, codeCells(run.executedNotebook()));
        }));
    }

    /**
     * The exercises' solutions ({@code notebooks/solutions/}, one notebook per chapter with exercises) run like the
     * chapters, and each shows at least one passed {@code Check}; a wrong answer throws and fails its notebook.
     */
    @TestFactory
    Stream<DynamicTest> everySolutionRunsAndItsChecksPass() throws IOException {
        List<Path> solutions;
        try (Stream<Path> files = Files.list(NOTEBOOKS.resolve("solutions"))) {
            solutions = files.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList();
        }
        assertFalse(solutions.isEmpty(), "no solution notebook under " + NOTEBOOKS.resolve("solutions"));
        return solutions.stream().map(solution -> dynamicTest(solution.getFileName().toString(), () -> {
            String name = solution.getFileName().toString();
            assertTrue(Files.isRegularFile(NOTEBOOKS.resolve(name)), name + " solves no chapter of that name");
            NotebookRunner.Run run = NotebookRunner.run(solution, OUT.resolve("solutions"));
            assertTrue(run.succeeded(), "solutions/" + name + " failed (executed copy: " + run.executedNotebook()
                    + "):\n" + run.output());
            String outputs = codeCells(run.executedNotebook()).stream()
                    .flatMap(cell -> cell.getAsJsonArray("outputs").asList().stream())
                    .map(o -> o.getAsJsonObject().has("text") ? text(o.getAsJsonObject().get("text"))
                            : o.getAsJsonObject().has("data") && o.getAsJsonObject().getAsJsonObject("data")
                            .has("text/plain") ? text(o.getAsJsonObject().getAsJsonObject("data").get("text/plain"))
                            : "")
                    .collect(Collectors.joining("\n"));
            assertTrue(outputs.contains("checked: "), "solutions/" + name + " checks nothing (no Check output)");
        }));
    }

    @Test
    void everyChapterEndsWithTwoToFourExercises() throws IOException {
        try (Stream<Path> files = Files.list(NOTEBOOKS)) {
            for (Path notebook : files.filter(f -> f.toString().endsWith(".ipynb")).sorted().toList()) {
                JsonArray cells = JsonParser.parseString(Files.readString(notebook, StandardCharsets.UTF_8))
                        .getAsJsonObject().getAsJsonArray("cells");
                JsonObject last = cells.get(cells.size() - 1).getAsJsonObject();
                String source = text(last.get("source"));
                assertTrue(last.get("cell_type").getAsString().equals("markdown") && source.startsWith("## Exercises"),
                        notebook.getFileName() + " does not end with an '## Exercises' cell");
                long items = source.lines().filter(l -> l.matches("\\d\\. .*")).count();
                assertTrue(items >= 2 && items <= 4, notebook.getFileName() + " has " + items + " exercises");
            }
        }
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

    static List<JsonObject> codeCells(Path executedNotebook) throws IOException {
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

    /**
     * What an executed notebook must show: its tables (kernel-rendered Tablesaw tables, checked by their data), its
     * Plotly figures ({@code text/html} with these trace types) and further fragments of any output's
     * text or HTML. Every code cell ran, and the last one ends with a table or a figure.
     */
    record Shows(List<NotebookTable> tables, List<String> traceTypes, List<String> fragments) {

        void check(String name, List<JsonObject> cells) {
            List<String> html = new ArrayList<>();
            StringBuilder all = new StringBuilder();
            for (JsonObject cell : cells) {
                assertFalse(cell.get("execution_count").isJsonNull(), name + ": a code cell did not run: "
                        + text(cell.get("source")));
                for (JsonElement element : cell.getAsJsonArray("outputs")) {
                    JsonObject output = element.getAsJsonObject();
                    if (output.has("text")) {
                        all.append(text(output.get("text")));
                    }
                    if (output.has("data") && output.getAsJsonObject("data").has("text/html")) {
                        String fragment = text(output.getAsJsonObject("data").get("text/html"));
                        html.add(fragment);
                        all.append(fragment);
                    }
                }
            }
            for (NotebookTable table : tables) {
                table.check(name, html);
            }
            for (String type : traceTypes) {
                assertTrue(html.stream().anyMatch(h -> isFigure(h) && h.contains("type: '" + type + "'")),
                        name + " shows no Plotly figure with a " + type + " trace");
            }
            for (String fragment : fragments) {
                assertTrue(all.toString().contains(fragment), name + "'s outputs lack: " + fragment);
            }
            JsonArray last = cells.get(cells.size() - 1).getAsJsonArray("outputs");
            assertFalse(last.isEmpty(), name + "'s last code cell shows nothing");
            JsonObject lastOutput = last.get(last.size() - 1).getAsJsonObject();
            String lastHtml = lastOutput.has("data") && lastOutput.getAsJsonObject("data").has("text/html")
                    ? text(lastOutput.getAsJsonObject("data").get("text/html")) : "";
            assertTrue(lastHtml.startsWith("<table class=\"commakit-table\">") || isFigure(lastHtml),
                    name + " does not end with a table or a figure: " + lastOutput);
        }

        private static boolean isFigure(String html) {
            return html.contains("Plotly.newPlot(") && !html.contains("<script src");
        }
    }
}
