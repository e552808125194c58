package org.commakit.kernel;

import org.commakit.plot.PlotlyHtml;
import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * How the kit's result types show in a notebook, whether as a cell's value or through {@code display(...)}:
 * a Tablesaw {@link Table} as text ({@code print()}) and as an HTML table; a Tablesaw-Plot {@link Figure} as an
 * interactive Plotly chart ({@code text/html}, plotly.js inlined offline by {@link PlotlyHtml}).
 */
final class KitRenderers {

    private KitRenderers() {
    }

    static void register(Renderer renderer) {
        renderer.createRegistration(Table.class)
                .preferring(MIMEType.TEXT_PLAIN, MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_PLAIN, MIMEType.TEXT_HTML)
                .register((table, context) -> {
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> table.print());
                    context.renderIfRequested(MIMEType.TEXT_HTML, () -> TableHtml.of(table));
                });
        renderer.createRegistration(Figure.class)
                .preferring(MIMEType.TEXT_PLAIN, MIMEType.TEXT_HTML)
                .supporting(MIMEType.TEXT_PLAIN, MIMEType.TEXT_HTML)
                .register((figure, context) -> {
                    context.renderIfRequested(MIMEType.TEXT_PLAIN, () -> "Plotly figure with "
                            + figure.getTraces().length + " trace(s); it shows in Jupyter and in the HTML export.");
                    context.renderIfRequested(MIMEType.TEXT_HTML, () -> PlotlyHtml.notebookFragment(figure));
                });
    }
}
