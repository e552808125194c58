package org.commakit.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.Table;

class JShellSessionTest {

    private static JShellSession session;

    @BeforeAll
    static void startSession() {
        session = new JShellSession(KitKernel.classpath(), KitKernel.STARTUP);
    }

    @AfterAll
    static void closeSession() {
        session.close();
    }

    private static Object eval(String label, String code) {
        return session.eval(new CodeSegment(label, code, 1));
    }

    @Test
    void lastExpressionWithoutSemicolonIsTheCellValueAsAnObject() {
        assertEquals(42, eval("cell [1]", "int answer = 6 * 7;\nanswer\n"));
        assertEquals(43, eval("cell [2]", "answer + 1"));
        assertEquals(List.of(1, 2), eval("cell [3]", "List.of(1, 2)"));
    }

    @Test
    void theKitsPackagesAreImportedAtStartUpAsInTheChaptersImportsFile() throws IOException {
        assertEquals(List.of("Course", "Preset", "Clip", "DatasetSplits", "PromptLearner", "TrainingObjective",
                "Method", "NDArray", "Table", "Figure", "BarTrace", "Path", "Collectors", "Function"),
                eval("cell [1]", "Stream.of(Course.class, Preset.class, Clip.class, DatasetSplits.class,"
                        + " PromptLearner.class, TrainingObjective.class, Method.class, NDArray.class, Table.class,"
                        + " Figure.class, BarTrace.class, Path.class, Collectors.class, Function.class)"
                        + ".map(Class::getSimpleName).toList()"));
        // notebooks/imports.jsh carries the same kit imports for JJava and IJava, which start without them
        List<String> file = java.nio.file.Files.readAllLines(java.nio.file.Path.of("../notebooks/imports.jsh"))
                .stream().filter(l -> l.startsWith("import ")).toList();
        assertTrue(file.containsAll(KitKernel.KIT_IMPORTS), "notebooks/imports.jsh lacks some of "
                + KitKernel.KIT_IMPORTS);
        assertTrue(KitKernel.STARTUP.containsAll(file), "the kernel's start-up lacks some of " + file);
    }

    @Test
    void trailingSemicolonStatementsAndDeclarationsHaveNoValue() {
        assertNull(eval("cell [1]", "int quiet = 5;\nquiet + 1;"));
        assertNull(eval("cell [2]", "int declared = 5"));
        assertNull(eval("cell [3]", "System.out.print(\"\")"));
    }

    @Test
    void kitClassesAndTablesawImportWithoutAnyClasspathMagic() {
        Object table = eval("cell [1]", "import org.commakit.data.Datum;\nimport tech.tablesaw.api.*;\n"
                + "Datum d = new Datum(Path.of(\"a.jpg\"), 3, \"cat\");\n"
                + "Table.create(\"t\", StringColumn.create(\"class\", d.classname()))");
        assertInstanceOf(Table.class, table);
        assertEquals("cat", ((Table) table).stringColumn("class").get(0));
    }

    @Test
    void compileErrorNamesCellLineAndShowsTheOffendingSnippet() {
        CompilationException error = assertThrows(CompilationException.class,
                () -> eval("cell [7]", "int ok = 1;\n\nint bad = \"text\";\n"));
        assertEquals("cell [7], line 3: incompatible types: java.lang.String cannot be converted to int\n"
                + "    int bad = \"text\";\n"
                + "              ^----^", error.getMessage());
    }

    @Test
    void declarationUsingAnUndefinedMethodFailsTheCell() {
        CompilationException error = assertThrows(CompilationException.class,
                () -> eval("cell [2]", "void caller() {\n  undefinedHelper();\n}"));
        assertEquals("cell [2], line 1: caller uses method undefinedHelper(), not defined (define it, or fix the"
                + " name)", error.getMessage());
    }

    @Test
    void methodsMayUseMethodsDefinedLaterInTheSameCell() {
        assertEquals(12, eval("cell [1]", "int twice(int v) { return plus(v, v); }\n"
                + "int plus(int a, int b) { return a + b; }\ntwice(6)"));
    }

    @Test
    void userExceptionIsRethrownAsItselfWithFramesOnCellLines() {
        eval("cell [3]", "int divide(int a, int b) {\n  return a / b;\n}");
        ArithmeticException error = assertThrows(ArithmeticException.class,
                () -> eval("cell [4]", "int zero = 0;\n\n  divide(1, zero)"));
        assertEquals("/ by zero", error.getMessage());
        assertEquals(List.of("java.lang.ArithmeticException: / by zero",
                "    at divide (cell [3], line 2)",
                "    at cell [4], line 3"), session.traceback(error));
    }

    @Test
    void checkedExceptionsAndErrorsFailTheCell() {
        assertThrows(IOException.class, () -> eval("cell [1]", "throw new IOException(\"disk gone\")"));
        CellError error = assertThrows(CellError.class, () -> eval("cell [2]", "throw new AssertionError(\"no\");"));
        assertEquals("java.lang.AssertionError: no", error.getMessage());
        assertTrue(session.traceback(error).get(0).startsWith("java.lang.AssertionError: no"));
    }

    @Test
    void exceptionFromLibraryCodeKeepsTheLibraryFramesAboveTheCellLine() {
        IllegalStateException error = assertThrows(IllegalStateException.class,
                () -> eval("cell [6]", "tech.tablesaw.api.Table.create(\"t\").column(\"missing\")"));
        List<String> traceback = session.traceback(error);
        assertTrue(traceback.get(1).startsWith("    at tech.tablesaw."), traceback.toString());
        assertEquals("    at cell [6], line 1", traceback.get(traceback.size() - 1));
    }

    @Test
    void kernelErrorsShowTheirMessageWithoutKernelFrames() {
        assertEquals(List.of("java.io.UncheckedIOException: Cannot read x.jsh",
                        "Caused by: java.io.IOException: denied"),
                session.traceback(new java.io.UncheckedIOException("Cannot read x.jsh", new IOException("denied"))));
    }

    @Test
    void unbalancedBracesAreReportedAsIncompleteCode() {
        CompilationException error = assertThrows(CompilationException.class,
                () -> eval("cell [5]", "int x = 1;\nfor (int i = 0; i < 3; i++) {\n  x += i;\n"));
        assertTrue(error.getMessage().startsWith("cell [5], line 2: incomplete code"), error.getMessage());
    }
}
