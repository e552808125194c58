package org.commakit.plot;

import org.dflib.jjava.jupyter.kernel.display.Renderer;
import org.dflib.jjava.jupyter.kernel.display.mime.MIMEType;
import tech.tablesaw.api.Table;
import tech.tablesaw.plotly.components.Figure;

/**
 * How the kit's result types show in a notebook, whether as a cell's value or through {@code display(...)}: a
 * Tablesaw {@link Table} as text ({@code print()}) and as an HTML table ({@link TableHtml}); a Tablesaw-Plot
 * {@link Figure} as an interactive Plotly chart ({@code text/html}, plotly.js inlined offline by {@link PlotlyHtml}).
 *
 * <p>Registered on the renderer of any kernel built on JJava's protocol library: the kit's own kernel calls
 * {@link #register} at start-up, and JJava loads {@link JJavaExtension} when {@code %maven} or {@code %jars} adds the
 * kit's jar.
 */
public final class NotebookRenderers {

    private NotebookRenderers() {
    }

    /** Adds the renderers for {@link Table} and {@link Figure} to {@code renderer}. */
    public static void register(Renderer renderer) {
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
