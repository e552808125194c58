package org.commakit.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jsoup.Jsoup;
import org.jsoup.nodes.Element;

/**
 * One table a notebook must show, checked by its data rather than by its HTML: the caption, the column names, the
 * number of rows, and the values (numbers in a range, named rows, named cells). The kernel renders a Tablesaw table
 * as {@code <table class="commakit-table">} with a caption, a header row, at most a head and a tail of the rows (a
 * row in between says how many are omitted) and a line "N rows &times; M columns" after it; that line gives the row
 * count of a long table.
 */
final class NotebookTable {

    private static final Pattern SHAPE = Pattern.compile("(\\d+) rows? × (\\d+) columns?");

    private final String caption;
    private final List<BiConsumer<String, Parsed>> checks = new ArrayList<>();

    private NotebookTable(String caption) {
        this.caption = caption;
    }

    /** The table captioned {@code caption}; with no further check, only that it is shown and has a row. */
    static NotebookTable table(String caption) {
        return new NotebookTable(caption).rows(1, Integer.MAX_VALUE);
    }

    String caption() {
        return caption;
    }

    /** Exactly these columns, in this order. */
    NotebookTable columns(String... names) {
        checks.add((where, t) -> assertEquals(List.of(names), t.columns, where + ": columns"));
        return this;
    }

    /** Exactly {@code n} rows. */
    NotebookTable rows(int n) {
        return rows(n, n);
    }

    /** Between {@code min} and {@code max} rows. */
    NotebookTable rows(int min, int max) {
        checks.add((where, t) -> assertTrue(t.rowCount >= min && t.rowCount <= max,
                where + ": " + t.rowCount + " rows, expected " + (min == max ? "" + min : min + ".." + max)));
        return this;
    }

    /** Every shown cell of {@code column} is a number in {@code [lo, hi]}; blank cells only if {@code blanks}. */
    NotebookTable numbers(String column, double lo, double hi) {
        return numbers(column, lo, hi, false);
    }

    /** As {@link #numbers(String, double, double)}, blank cells allowed (at least one is filled). */
    NotebookTable numbersOrBlank(String column, double lo, double hi) {
        return numbers(column, lo, hi, true);
    }

    private NotebookTable numbers(String column, double lo, double hi, boolean blanks) {
        checks.add((where, t) -> {
            int filled = 0;
            for (List<String> row : t.rows) {
                String cell = row.get(t.column(where, column)).trim();
                if (cell.isEmpty() && blanks) {
                    continue;
                }
                double value = number(where, column, cell);
                assertTrue(value >= lo && value <= hi, where + ": " + column + " = " + value + " outside [" + lo
                        + ", " + hi + "] in row " + row);
                filled++;
            }
            assertTrue(filled > 0, where + ": column " + column + " has no number");
        });
        return this;
    }

    /** Every shown cell of {@code column} is one of {@code values}, and each of them appears. */
    NotebookTable values(String column, String... values) {
        checks.add((where, t) -> {
            List<String> shown = t.rows.stream().map(r -> r.get(t.column(where, column))).distinct().toList();
            assertEquals(List.of(values).stream().sorted().toList(), shown.stream().sorted().toList(),
                    where + ": the values of column " + column);
        });
        return this;
    }

    /** A row whose first cells are {@code cells}. */
    NotebookTable row(String... cells) {
        checks.add((where, t) -> assertTrue(t.rows.stream().anyMatch(r -> r.size() >= cells.length
                && r.subList(0, cells.length).equals(List.of(cells))),
                where + ": no row starting with " + Arrays.toString(cells) + " in " + t.rows));
        return this;
    }

    /** The cell of {@code column} in the row whose first cells are {@code key} is a number in {@code [lo, hi]}. */
    NotebookTable cell(List<String> key, String column, double lo, double hi) {
        checks.add((where, t) -> {
            List<String> row = t.rows.stream().filter(r -> r.size() >= key.size()
                    && r.subList(0, key.size()).equals(key)).findFirst().orElse(null);
            assertNotNull(row, where + ": no row starting with " + key);
            double value = number(where, column, row.get(t.column(where, column)).trim());
            assertTrue(value >= lo && value <= hi, where + ": " + column + " of " + key + " = " + value
                    + " outside [" + lo + ", " + hi + "]");
        });
        return this;
    }

    /** The cell of {@code column} in the row whose first cells are {@code key} shows exactly {@code text}. */
    NotebookTable cell(List<String> key, String column, String text) {
        checks.add((where, t) -> {
            List<String> row = t.rows.stream().filter(r -> r.size() >= key.size()
                    && r.subList(0, key.size()).equals(key)).findFirst().orElse(null);
            assertNotNull(row, where + ": no row starting with " + key);
            assertEquals(text, row.get(t.column(where, column)).trim(), where + ": " + column + " of " + key);
        });
        return this;
    }

    /** Checks this table against the notebook's HTML outputs; fails naming the notebook and the caption. */
    void check(String notebook, List<String> htmlOutputs) {
        String where = notebook + ", table '" + caption + "'";
        Parsed parsed = null;
        for (String html : htmlOutputs) {
            if (html.startsWith("<table class=\"commakit-table\">")) {
                Parsed candidate = Parsed.of(html);
                if (caption.equals(candidate.caption)) {
                    parsed = candidate;
                }
            }
        }
        if (parsed == null) {
            fail(notebook + " shows no table captioned '" + caption + "'");
        }
        for (BiConsumer<String, Parsed> check : checks) {
            check.accept(where, parsed);
        }
    }

    private static double number(String where, String column, String cell) {
        try {
            return Double.parseDouble(cell);
        } catch (NumberFormatException e) {
            throw new AssertionError(where + ": " + column + " holds '" + cell + "', not a number");
        }
    }

    /** A rendered table: caption, column names, the shown rows (without the "rows omitted" row), the row count. */
    record Parsed(String caption, List<String> columns, List<List<String>> rows, int rowCount) {

        static Parsed of(String html) {
            // a line break inside a header or cell reads as one space, as a reader sees it
            Element body = Jsoup.parseBodyFragment(html.replace("<br>", " ")).body();
            Element table = body.selectFirst("table");
            Element captionElement = table.selectFirst("caption");
            List<String> columns = table.select("thead th").eachText();
            List<List<String>> rows = new ArrayList<>();
            for (Element tr : table.select("tbody tr")) {
                if (tr.select("td").size() == 1 && tr.selectFirst("td").hasAttr("colspan")) {
                    continue;
                }
                rows.add(tr.select("td").stream().map(Element::text).toList());
            }
            int count = rows.size();
            Matcher shape = SHAPE.matcher(body.text());
            if (shape.find()) {
                count = Integer.parseInt(shape.group(1));
                assertEquals(columns.size(), Integer.parseInt(shape.group(2)), "column count line of " + html);
            }
            for (List<String> row : rows) {
                assertEquals(columns.size(), row.size(), "a row's width in " + html);
            }
            return new Parsed(captionElement == null ? "" : captionElement.text(), columns, rows, count);
        }

        int column(String where, String name) {
            int index = columns.indexOf(name);
            assertFalse(index < 0, where + ": no column '" + name + "' among " + columns);
            return index;
        }
    }
}
