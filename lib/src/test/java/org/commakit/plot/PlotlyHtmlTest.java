package org.commakit.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.ScatterTrace;

class PlotlyHtmlTest {

    private static final String LIBRARY_MARK = "plotly.js v2.35.3";

    private static Figure lineFigure() {
        double[] x = {0, 1, 2, 3, 4};
        double[] y = {0, 1, 4, 9, 16};
        return new Figure(Layout.builder().title("y = x^2").width(480).height(320).build(),
                ScatterTrace.builder(x, y).mode(ScatterTrace.Mode.LINE_AND_MARKERS).build());
    }

    @Test
    void standalonePageInlinesPlotlyJs2AndLoadsNothingFromOutside() throws Exception {
        // Also the page environment/README.md opens in headless Chromium to see the plot drawn offline.
        Path page = PlotlyHtml.writeStandalonePage(lineFigure(), "PlotlyHtml <check>",
                Path.of("target", "plotly-smoke.html"));
        String html = Files.readString(page, StandardCharsets.UTF_8);

        assertTrue(html.startsWith("<!DOCTYPE html>"));
        assertTrue(html.contains("<title>PlotlyHtml &lt;check&gt;</title>"));
        assertEquals(1, count(html, LIBRARY_MARK), "plotly.js must be inlined exactly once");
        assertFalse(html.contains("<script src"), "the page loads a script from elsewhere");
        assertTrue(html.contains("Plotly.newPlot("));
    }

    @Test
    void figureDrawsIntoItsOwnDivAndTellsWhenPlotlyIsMissing() {
        String fragment = PlotlyHtml.notebookFragment(lineFigure(), false);

        Matcher div = Pattern.compile("<div id='(commakit_plot_[0-9a-f]{32})'").matcher(fragment);
        assertTrue(div.find(), fragment);
        assertTrue(fragment.contains("document.getElementById('" + div.group(1) + "')"));
        assertTrue(fragment.contains("if (!window.Plotly)"));
        assertEquals(0, count(fragment, LIBRARY_MARK));
    }

    @Test
    void notebookFragmentCarriesTheLibraryOnceAndHidesRequireJsWhileItLoads() {
        String first = PlotlyHtml.notebookFragment(lineFigure(), true);
        String second = PlotlyHtml.notebookFragment(lineFigure());
        String third = PlotlyHtml.notebookFragment(lineFigure());

        assertEquals(1, count(first, LIBRARY_MARK));
        assertTrue(first.contains("if (window.Plotly) { return; }") && first.contains("window.define = undefined;")
                && first.contains("finally { window.define = amdDefine; }"));
        // Whichever call of this JVM came first carried the library; the ones after it never do.
        assertEquals(0, count(third, LIBRARY_MARK));
        assertTrue(count(second, LIBRARY_MARK) <= 1);
    }

    @Test
    void scriptEndTagsInsideJavaScriptAreEscapedInAnyCase() {
        assertEquals("a = '<\\/script>' + '<\\/SCRIPT >' + '</div>';",
                PlotlyHtml.escapeScriptEnds("a = '</script>' + '</SCRIPT >' + '</div>';"));
        assertEquals("no tags", PlotlyHtml.escapeScriptEnds("no tags"));
    }

    @Test
    void inlinedLibraryCannotCloseItsScriptElementEarly() {
        assertFalse(Pattern.compile("(?i)</script").matcher(PlotlyHtml.plotlyJs()).find());
        assertTrue(PlotlyHtml.plotlyJs().startsWith("/**\n* " + LIBRARY_MARK));
    }

    private static int count(String text, String part) {
        int count = 0;
        for (int at = text.indexOf(part); at >= 0; at = text.indexOf(part, at + part.length())) {
            count++;
        }
        return count;
    }
}
