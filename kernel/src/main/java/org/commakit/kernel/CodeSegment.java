package org.commakit.kernel;

/**
 * A piece of Java source from a notebook cell, with where it sits in the cell, so that errors can point at cell
 * lines.
 *
 * @param cellLabel how errors name the cell, e.g. {@code "cell [4]"}
 * @param code the source text
 * @param firstLine the cell line (1-based) of the first line of {@code code}
 */
record CodeSegment(String cellLabel, String code, int firstLine) {

    /** The cell line of character {@code offset} of {@link #code}. */
    int lineAt(int offset) {
        int line = firstLine;
        for (int i = 0; i < Math.min(offset, code.length()); i++) {
            if (code.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    /** "cell [4], line 7" for character {@code offset}. */
    String where(int offset) {
        return cellLabel + ", line " + lineAt(offset);
    }

    /**
     * The source line holding {@code start} with a marker under {@code start..end} (clipped to that line), e.g.
     * <pre>
     *     int y = "q";
     *             ^-^
     * </pre>
     */
    String excerpt(int start, int end) {
        int from = Math.max(0, Math.min(start, code.length()));
        int lineStart = code.lastIndexOf('\n', from - 1) + 1;
        int lineEnd = code.indexOf('\n', from);
        if (lineEnd < 0) {
            lineEnd = code.length();
        }
        String line = code.substring(lineStart, lineEnd).stripTrailing();
        int column = from - lineStart;
        int width = Math.max(1, Math.min(end, lineEnd) - from);
        String marker = width == 1 ? "^" : "^" + "-".repeat(width - 2) + "^";
        return "    " + line + "\n    " + " ".repeat(column) + marker;
    }
}
