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
}
