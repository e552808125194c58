package org.commakit.plot;

import java.io.IOException;
import java.nio.file.Path;
import tech.tablesaw.plotly.components.Figure;

/**
 * Writes a figure as a standalone HTML page. The kit's implementation must work offline, i.e. inline plotly.js rather
 * than point at a CDN as Tablesaw's own page does; the page title is the figure's layout title.
 */
@FunctionalInterface
public interface FigureWriter {

    /** Writes {@code figure} to {@code htmlFile}, replacing it. */
    void write(Figure figure, Path htmlFile) throws IOException;

    /**
     * Pages of a few kilobytes that load plotly.js from {@link PlotlyHtml#LIBRARY_FILE} in their folder, written there
     * with the first page (once per folder); titled as the figure. Offline as {@link #offline()}, without 11 MB a page.
     */
    static FigureWriter besideLibrary() {
        java.util.Set<Path> written = java.util.concurrent.ConcurrentHashMap.newKeySet();
        return (figure, file) -> {
            Path folder = file.toAbsolutePath().getParent();
            if (written.add(folder)) {
                PlotlyHtml.writeLibrary(folder);
            }
            Object title = figure.getLayout() == null ? null : figure.getLayout().getTitle();
            java.nio.file.Files.writeString(file, PlotlyHtml.pageBesideLibrary(figure, title == null ? "COMMA kit"
                    : title.toString()), java.nio.charset.StandardCharsets.UTF_8);
        };
    }

    /** The kit's writer: a standalone page with plotly.js 2.35.3 inlined ({@link PlotlyHtml}), titled as the figure. */
    static FigureWriter offline() {
        return (figure, file) -> {
            Object title = figure.getLayout() == null ? null : figure.getLayout().getTitle();
            PlotlyHtml.writeStandalonePage(figure, title == null ? "COMMA kit" : title.toString(), file);
        };
    }
}
