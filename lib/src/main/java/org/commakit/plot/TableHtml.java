package org.commakit.plot;

import tech.tablesaw.api.Table;
import tech.tablesaw.columns.Column;

/**
 * A Tablesaw {@link Table} as an HTML table for notebook output: the table name as caption, the cells as Tablesaw
 * formats them, long tables cut to their head and tail around a "rows omitted" row.
 */
public final class TableHtml {

    /** Tables up to this many rows are shown whole. */
    public static final int MAX_ROWS = 60;
    public static final int HEAD_ROWS = 50;
    public static final int TAIL_ROWS = 10;

    private TableHtml() {
    }

    /** The HTML table (caption, header, rows, a "rows x columns" line). */
    public static String of(Table table) {
        StringBuilder html = new StringBuilder("<table class=\"commakit-table\">\n");
        if (table.name() != null && !table.name().isBlank()) {
            html.append("<caption>").append(escape(table.name())).append("</caption>\n");
        }
        html.append("<thead><tr>");
        for (Column<?> column : table.columns()) {
            html.append("<th>").append(escape(column.name())).append("</th>");
        }
        html.append("</tr></thead>\n<tbody>\n");
        int rows = table.rowCount();
        boolean cut = rows > MAX_ROWS;
        for (int row = 0; row < rows; row++) {
            if (cut && row == HEAD_ROWS) {
                html.append("<tr><td colspan=\"").append(table.columnCount()).append("\">&#8942; ")
                        .append(rows - HEAD_ROWS - TAIL_ROWS).append(" rows omitted</td></tr>\n");
                row = rows - TAIL_ROWS;
            }
            html.append("<tr>");
            for (Column<?> column : table.columns()) {
                html.append("<td>").append(escape(column.getString(row))).append("</td>");
            }
            html.append("</tr>\n");
        }
        html.append("</tbody>\n</table>\n");
        html.append("<p>").append(rows).append(rows == 1 ? " row" : " rows").append(" &times; ")
                .append(table.columnCount()).append(table.columnCount() == 1 ? " column" : " columns").append("</p>\n");
        return html.toString();
    }

    static String escape(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
