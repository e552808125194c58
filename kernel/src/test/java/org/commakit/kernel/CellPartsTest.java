package org.commakit.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

class CellPartsTest {

    @Test
    void magicLinesSplitTheCellIntoOrderedPartsWithCellLineNumbers() {
        List<CellParts.Part> parts = CellParts.split(
                "%jars lib/*.jar\nint a = 1;\nint b = a % 2;\n  %classpath \"my classes\" other\n\nb");
        assertEquals(List.of(
                new CellParts.Magic("jars", List.of("lib/*.jar"), 1),
                new CellParts.Code("int a = 1;\nint b = a % 2;\n", 2),
                new CellParts.Magic("classpath", List.of("my classes", "other"), 4),
                new CellParts.Code("\nb\n", 5)), parts);
    }

    @Test
    void percentInsideJavaIsNotAMagic() {
        assertEquals(List.of(new CellParts.Code("int r = 7\n    % 3;\nString f = \"%d\";\n", 1)),
                CellParts.split("int r = 7\n    % 3;\nString f = \"%d\";"));
    }

    @Test
    void cellMagicsAreRejectedWithTheSupportedList() {
        CompilationException error = assertThrows(CompilationException.class, () -> CellParts.split("%%time\nx"));
        assertEquals("Cell magic %%time is not supported by the COMMA kit kernel; its magics are line magics:"
                + " %classpath, %jars, %load, %maven.", error.getMessage());
    }

    @Test
    void argumentsKeepQuotedSpacesAndRejectAnUnclosedQuote() {
        assertEquals(List.of("a b", "c", "d'e"), CellParts.arguments(" 'a b'  c \"d'e\" "));
        assertThrows(CompilationException.class, () -> CellParts.arguments("\"open"));
    }
}
