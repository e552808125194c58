package org.commakit.plot;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.BarTrace;

/** The kit's figure writer produces an offline page: plotly.js inlined, no CDN, the figure's traces and title. */
class FigureWriterTest {
    @Test
    void offlinePagesInlinePlotlyAndCarryTheFigure(@TempDir Path tmp) throws IOException {
        Figure fig = new Figure(Layout.builder().title("Base accuracy").build(),
                BarTrace.builder(new String[] {"MiniShapes", "MiniFood"}, new double[] {71.5, 64.0}).name("COMMA")
                        .build());
        Path page = tmp.resolve("base.html");
        FigureWriter.offline().write(fig, page);
        String html = Files.readString(page);
        assertTrue(html.contains("<title>Base accuracy</title>") || html.contains("Base accuracy"), "title");
        assertTrue(html.contains("COMMA") && html.contains("MiniShapes"), "trace");
        assertTrue(html.contains("2.35.3"), "plotly.js 2.35.3 inlined");
        // plotly.js itself mentions cdn.plot.ly (a topojson default); what matters is that no script is fetched
        assertTrue(!html.matches("(?s).*<script[^>]*src=[\"']?https?:.*"), "no script loaded from the network");
        assertTrue(html.length() > 1_000_000, "the library itself is in the page");
    }
}
