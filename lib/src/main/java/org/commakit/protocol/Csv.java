package org.commakit.protocol;

import java.util.ArrayList;
import java.util.List;

/**
 * The small CSV dialect of the kit's result files (RFC 4180 without line breaks inside fields): comma-separated,
 * a field that holds a comma or a quote is quoted and its quotes doubled.
 */
final class Csv {

    private Csv() {}

    /** One line from its fields. */
    static String format(List<String> fields) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < fields.size(); i++) {
            String f = fields.get(i);
            if (f.indexOf('\n') >= 0 || f.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("A CSV field may not contain a line break: '" + f + "'");
            }
            if (i > 0) {
                line.append(',');
            }
            if (f.indexOf(',') >= 0 || f.indexOf('"') >= 0) {
                line.append('"').append(f.replace("\"", "\"\"")).append('"');
            } else {
                line.append(f);
            }
        }
        return line.toString();
    }

    /**
     * The fields of one line.
     *
     * @param where the file and line number, for the error message
     */
    static List<String> parse(String line, String where) {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        boolean quoted = false;
        boolean fieldStart = true;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    field.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                    if (i + 1 < line.length() && line.charAt(i + 1) != ',') {
                        throw new IllegalArgumentException(where + ": text after a closing quote in '" + line + "'.");
                    }
                } else {
                    field.append(c);
                }
            } else if (c == ',') {
                fields.add(field.toString());
                field.setLength(0);
                fieldStart = true;
                continue;
            } else if (c == '"' && fieldStart) {
                quoted = true;
            } else {
                field.append(c);
            }
            fieldStart = false;
        }
        if (quoted) {
            throw new IllegalArgumentException(where + ": a quoted field is not closed in '" + line + "'.");
        }
        fields.add(field.toString());
        return fields;
    }
}
