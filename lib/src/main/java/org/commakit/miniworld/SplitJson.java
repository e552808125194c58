package org.commakit.miniworld;

import java.util.List;
import java.util.Map;

/**
 * Writes a CoOp split file exactly as {@code json.dump(obj, f, indent=4, separators=(",", ": "))} does
 * (docs/data-protocol.md#split-files): 4-space indent, one value per line, ASCII with {@code \\uXXXX} escapes, no final newline.
 */
final class SplitJson {
    private SplitJson() {}

    /** One split entry: [relative path, label, class name]. */
    record Entry(String path, int label, String classname) {}

    /** The JSON text of {@code {"train": [...], "val": [...], "test": [...]}} in the map's key order. */
    static String write(Map<String, List<Entry>> splits) {
        StringBuilder sb = new StringBuilder("{");
        boolean firstKey = true;
        for (Map.Entry<String, List<Entry>> split : splits.entrySet()) {
            sb.append(firstKey ? "\n" : ",\n");
            firstKey = false;
            sb.append("    ").append(quote(split.getKey())).append(": ");
            List<Entry> entries = split.getValue();
            if (entries.isEmpty()) {
                sb.append("[]");
                continue;
            }
            sb.append('[');
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                sb.append(i == 0 ? "\n" : ",\n");
                sb.append("        [\n");
                sb.append("            ").append(quote(e.path())).append(",\n");
                sb.append("            ").append(e.label()).append(",\n");
                sb.append("            ").append(quote(e.classname())).append('\n');
                sb.append("        ]");
            }
            sb.append("\n    ]");
        }
        sb.append(firstKey ? "}" : "\n}");
        return sb.toString();
    }

    /** A JSON string as Python's json module writes it with ensure_ascii=True. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                case '\b' -> sb.append("\\b");
                case '\f' -> sb.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7e) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
