package org.commakit.kernel;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits a notebook cell into Java code and line magics, in cell order (IJava's notebook syntax): a line whose first
 * non-blank character is {@code %} followed by a name ({@code %jars lib/*.jar}) is a magic; everything between magic
 * lines is Java. Cell magics ({@code %%name} on the first line) are not part of the kit's kernel.
 */
final class CellParts {

    /** A run of Java lines, or one magic call with its arguments. */
    sealed interface Part permits Code, Magic {
    }

    /** Java source; {@code firstLine} is its first cell line (1-based). */
    record Code(String source, int firstLine) implements Part {
    }

    /** {@code %name args...} on cell line {@code line}. */
    record Magic(String name, List<String> args, int line) implements Part {
    }

    private static final Pattern LINE_MAGIC = Pattern.compile("^\\s*%(\\w[\\w.-]*)(.*)$");
    private static final Pattern CELL_MAGIC = Pattern.compile("^\\s*%%(\\S*)");

    private CellParts() {
    }

    /** The parts of {@code cell}; blank code runs are dropped. */
    static List<Part> split(String cell) {
        String firstLine = cell.strip().lines().findFirst().orElse("");
        Matcher cellMagic = CELL_MAGIC.matcher(firstLine);
        if (cellMagic.find()) {
            throw new CompilationException("Cell magic %%" + cellMagic.group(1) + " is not supported by the COMMA kit"
                    + " kernel; its magics are line magics: %classpath, %jars, %load, %maven.");
        }
        List<Part> parts = new ArrayList<>();
        StringBuilder code = new StringBuilder();
        int codeStart = 1;
        List<String> lines = cell.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            Matcher magic = LINE_MAGIC.matcher(lines.get(i));
            if (!magic.matches()) {
                code.append(lines.get(i)).append('\n');
                continue;
            }
            addCode(parts, code, codeStart);
            parts.add(new Magic(magic.group(1), arguments(magic.group(2)), i + 1));
            code.setLength(0);
            codeStart = i + 2;
        }
        addCode(parts, code, codeStart);
        return parts;
    }

    private static void addCode(List<Part> parts, StringBuilder code, int firstLine) {
        if (!code.toString().isBlank()) {
            parts.add(new Code(code.toString(), firstLine));
        }
    }

    /** Whitespace-separated arguments; "double" or 'single' quotes keep spaces inside one argument. */
    static List<String> arguments(String text) {
        List<String> args = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        boolean inArgument = false;
        char quote = 0;
        for (char c : text.toCharArray()) {
            if (quote != 0) {
                if (c == quote) {
                    quote = 0;
                } else {
                    current.append(c);
                }
            } else if (c == '"' || c == '\'') {
                quote = c;
                inArgument = true;
            } else if (Character.isWhitespace(c)) {
                if (inArgument) {
                    args.add(current.toString());
                    current.setLength(0);
                    inArgument = false;
                }
            } else {
                current.append(c);
                inArgument = true;
            }
        }
        if (quote != 0) {
            throw new CompilationException("Unclosed " + quote + " in magic arguments: " + text.strip());
        }
        if (inArgument) {
            args.add(current.toString());
        }
        return args;
    }
}
