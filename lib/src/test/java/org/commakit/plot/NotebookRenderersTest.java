package org.commakit.plot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ServiceLoader;
import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import org.junit.jupiter.api.Test;
import tech.tablesaw.api.IntColumn;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;
import tech.tablesaw.plotly.components.Layout;
import tech.tablesaw.plotly.traces.ScatterTrace;

class NotebookRenderersTest {

    @Test
    void tablesRenderAsTextAndHtmlTables() {
        Renderer renderer = new Renderer();
        NotebookRenderers.register(renderer);
        Table table = Table.create("accuracy", IntColumn.create("top-1", 71, 83));

        DisplayData data = renderer.render(table);

        assertEquals(table.print(), data.getData(MIMEType.TEXT_PLAIN));
        assertEquals(TableHtml.of(table), data.getData(MIMEType.TEXT_HTML));
    }

    @Test
    void figuresRenderAsInlinePlotlyHtml() {
        Renderer renderer = new Renderer();
        NotebookRenderers.register(renderer);
        Figure figure = new Figure(Layout.builder().title("t").build(),
                ScatterTrace.builder(new double[] {1, 2}, new double[] {3, 4}).build());

        DisplayData data = renderer.render(figure);

        // PlotlyHtml's fragment for the same figure; the div id is random, and plotly.js rides along the first one
        String html = ((String) data.getData(MIMEType.TEXT_HTML)).replaceAll("commakit_plot_[0-9a-f]{32}", "ID");
        String drawing = PlotlyHtml.notebookFragment(figure, false).replaceAll("commakit_plot_[0-9a-f]{32}", "ID");
        assertTrue(html.endsWith(drawing), html.length() > 2000 ? html.substring(html.length() - 2000) : html);
        assertTrue(((String) data.getData(MIMEType.TEXT_PLAIN)).startsWith("Plotly figure with 1 trace(s)"));
    }

    @Test
    void jjavaFindsTheExtensionThroughTheServiceFile() {
        assertTrue(ServiceLoader.load(Extension.class).stream().anyMatch(p -> p.type() == JJavaExtension.class),
                "META-INF/services/org.dflib.jjava.jupyter.Extension must name " + JJavaExtension.class.getName());
    }
}
