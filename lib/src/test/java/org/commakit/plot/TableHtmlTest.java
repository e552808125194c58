package org.commakit.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;

class TableHtmlTest {

    @Test
    void smallTableIsShownWholeWithEscapedNames() {
        Table table = Table.create("a<b", IntColumn.create("x&y", 1, 2));
        assertEquals("<table class=\"commakit-table\">\n<caption>a&lt;b</caption>\n"
                + "<thead><tr><th>x&amp;y</th></tr></thead>\n<tbody>\n"
                + "<tr><td>1</td></tr>\n<tr><td>2</td></tr>\n</tbody>\n</table>\n"
                + "<p>2 rows &times; 1 column</p>\n", TableHtml.of(table));
    }

    @Test
    void longTableShowsHeadAndTailAroundTheOmittedRows() {
        Table table = Table.create("long", IntColumn.create("i", IntStream.range(0, 100).toArray()));
        String html = TableHtml.of(table);

        assertEquals(TableHtml.HEAD_ROWS + TableHtml.TAIL_ROWS + 1, html.split("<tr><td", -1).length - 1);
        assertTrue(html.contains("<tr><td>49</td></tr>\n<tr><td colspan=\"1\">&#8942; 40 rows omitted</td></tr>\n"
                + "<tr><td>90</td></tr>"), html);
        assertTrue(html.endsWith("<tr><td>99</td></tr>\n</tbody>\n</table>\n<p>100 rows &times; 1 column</p>\n"));
    }
}
