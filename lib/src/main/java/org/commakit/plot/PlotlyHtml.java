package org.commakit.plot;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import tech.tablesaw.plotly.components.Figure;

/**
 * Tablesaw-Plot figures as HTML that renders offline.
 *
 * <p>Tablesaw-Plot's own pages load plotly.js 1.58.5 from a CDN, which is blank without network. This class inlines
 * plotly.js {@value #PLOTLY_JS_VERSION} from the {@code org.webjars.npm:plotly.js-dist} webjar instead:
 * <ul>
 *   <li>{@link #standalonePage} — a self-contained page (about 11 MB, most of it plotly.js);</li>
 *   <li>{@link #pageBesideLibrary} — a page of a few kilobytes that loads {@value #LIBRARY_FILE} from its own folder
 *       ({@link #writeLibrary} puts it there once): how {@code ./kit reproduce} writes its plots, still offline;</li>
 *   <li>{@link #notebookFragment} — a Jupyter {@code text/html} output. The library travels in the first fragment of
 *       a notebook only; later fragments draw with the {@code window.Plotly} it defined. It works in classic
 *       Jupyter (whose require.js would otherwise capture the bundle as an anonymous AMD module), JupyterLab and
 *       nbconvert's HTML export.</li>
 * </ul>
 * In a Java kernel other than the kit's, show a figure with {@code display(PlotlyHtml.notebookFragment(fig),
 * "text/html")}.
 */
public final class PlotlyHtml {

    /** The plotly.js version inlined (the pinned webjar). */
    public static final String PLOTLY_JS_VERSION = "2.35.3";

    /** The file name of the shared plotly.js that {@link #pageBesideLibrary} pages load from their folder. */
    public static final String LIBRARY_FILE = "plotly-" + PLOTLY_JS_VERSION + ".js";

    private static final String PLOTLY_JS_RESOURCE =
            "META-INF/resources/webjars/plotly.js-dist/" + PLOTLY_JS_VERSION + "/plotly.js";
    private static final Pattern SCRIPT_BODY = Pattern.compile("(?s)<script[^>]*>(.*)</script>");
    private static final AtomicBoolean LIBRARY_SENT_TO_NOTEBOOK = new AtomicBoolean();
    private static volatile String plotlyJs;

    private PlotlyHtml() {
    }

    /** A self-contained HTML page showing {@code figure}, with plotly.js inlined: opens offline in any browser. */
    public static String standalonePage(Figure figure, String title) {
        Objects.requireNonNull(figure, "figure");
        String divId = newDivId();
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
                + escapeHtml(title == null ? "" : title) + "</title>\n"
                + libraryScript()
                + "</head>\n<body>\n"
                + figure.divString(divId) + "\n"
                + drawingScript(figure, divId)
                + "</body>\n</html>\n";
    }

    /**
     * A page showing {@code figure} that loads plotly.js from {@value #LIBRARY_FILE} beside it (a relative path, so the
     * folder can be moved or copied whole and still opens offline); {@link #writeLibrary} writes that file.
     */
    public static String pageBesideLibrary(Figure figure, String title) {
        Objects.requireNonNull(figure, "figure");
        String divId = newDivId();
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>"
                + escapeHtml(title == null ? "" : title) + "</title>\n"
                + "<script type=\"text/javascript\" src=\"" + LIBRARY_FILE + "\"></script>\n"
                + "</head>\n<body>\n"
                + figure.divString(divId) + "\n"
                + drawingScript(figure, divId, "plotly.js is not loaded: keep " + LIBRARY_FILE + " in the folder of "
                        + "this page (./kit reproduce writes it there)")
                + "</body>\n</html>\n";
    }

    /**
     * Writes plotly.js as {@code folder/}{@value #LIBRARY_FILE} for {@link #pageBesideLibrary} pages, unless a file of
     * the same content is there already; through a temporary file renamed into place, deleted when writing fails.
     *
     * @return the library file
     */
    public static Path writeLibrary(Path folder) throws IOException {
        Files.createDirectories(folder);
        Path file = folder.resolve(LIBRARY_FILE);
        byte[] js = plotlyJs().getBytes(StandardCharsets.UTF_8);
        if (Files.isRegularFile(file) && Files.size(file) == js.length
                && java.util.Arrays.equals(Files.readAllBytes(file), js)) {
            return file;
        }
        Path tmp = Files.createTempFile(folder, LIBRARY_FILE, ".tmp");
        try {
            Files.write(tmp, js);
            Files.move(tmp, file, java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
        return file;
    }

    /** Writes {@link #standalonePage} to {@code file} (parent folders are created). */
    public static Path writeStandalonePage(Figure figure, String title, Path file) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            return Files.writeString(file, standalonePage(figure, title), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot write the plot page " + file.toAbsolutePath() + ": " + e, e);
        }
    }

    /**
     * A notebook {@code text/html} output for {@code figure}. The first call in this JVM (that is, in this kernel
     * session) carries plotly.js; later calls rely on it. After a kernel restart the first figure carries it again.
     */
    public static String notebookFragment(Figure figure) {
        return notebookFragment(figure, LIBRARY_SENT_TO_NOTEBOOK.compareAndSet(false, true));
    }

    /** A notebook {@code text/html} output for {@code figure}, carrying plotly.js when {@code includeLibrary}. */
    public static String notebookFragment(Figure figure, boolean includeLibrary) {
        Objects.requireNonNull(figure, "figure");
        String divId = newDivId();
        return (includeLibrary ? libraryScript() : "") + figure.divString(divId) + "\n" + drawingScript(figure, divId);
    }

    /** The plotly.js source from the webjar (read once). */
    public static String plotlyJs() {
        String js = plotlyJs;
        if (js == null) {
            try (InputStream in = PlotlyHtml.class.getClassLoader().getResourceAsStream(PLOTLY_JS_RESOURCE)) {
                if (in == null) {
                    throw new IllegalStateException("plotly.js " + PLOTLY_JS_VERSION + " is not on the classpath ("
                            + PLOTLY_JS_RESOURCE + "): add the dependency org.webjars.npm:plotly.js-dist:"
                            + PLOTLY_JS_VERSION + " (comma-lib declares it).");
                }
                js = escapeScriptEnds(new String(in.readAllBytes(), StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot read " + PLOTLY_JS_RESOURCE + ": " + e, e);
            }
            plotlyJs = js;
        }
        return js;
    }

    /**
     * {@code js} with every {@code </script} (any case) written {@code <\/script}: inside an inline script element
     * the literal would end the element early; in JavaScript both spellings mean the same.
     */
    static String escapeScriptEnds(String js) {
        StringBuilder escaped = null;
        int copied = 0;
        for (int at = js.indexOf("</"); at >= 0; at = js.indexOf("</", at + 2)) {
            if (js.regionMatches(true, at + 2, "script", 0, 6)) {
                escaped = escaped == null ? new StringBuilder(js.length() + 64) : escaped;
                escaped.append(js, copied, at).append("<\\/");
                copied = at + 2;
            }
        }
        return escaped == null ? js : escaped.append(js, copied, js.length()).toString();
    }

    /**
     * Defines {@code window.Plotly} unless a previous output did. An AMD loader (require.js in classic Jupyter) is
     * hidden while the bundle runs, so that the bundle assigns the global instead of registering an anonymous module.
     */
    private static String libraryScript() {
        return "<script type=\"text/javascript\">/* plotly.js " + PLOTLY_JS_VERSION + ", inlined by the COMMA kit */\n"
                + "(function () {\n"
                + "if (window.Plotly) { return; }\n"
                + "var amdDefine = window.define;\n"
                + "window.define = undefined;\n"
                + "try {\n" + plotlyJs() + "\n} finally { window.define = amdDefine; }\n"
                + "})();\n</script>\n";
    }

    /** Tablesaw's drawing code, in a function scope, with a readable message when plotly.js is missing. */
    private static String drawingScript(Figure figure, String divId) {
        return drawingScript(figure, divId, "plotly.js is not loaded in this page: the first figure of a kernel session"
                + " carries plotly.js, so after reopening the notebook use Kernel > Restart & Run All.");
    }

    private static String drawingScript(Figure figure, String divId, String missing) {
        Matcher body = SCRIPT_BODY.matcher(figure.asJavascript(divId));
        if (!body.find()) {
            throw new IllegalStateException("Tablesaw-Plot's Figure.asJavascript no longer returns a <script> element;"
                    + " PlotlyHtml needs updating for this Tablesaw version.");
        }
        return "<script type=\"text/javascript\">\n(function () {\n"
                + "if (!window.Plotly) {\n"
                + "  document.getElementById('" + divId + "').textContent = '" + missing + "';\n"
                + "  return;\n}\n"
                + body.group(1).strip() + "\n})();\n</script>\n";
    }

    /** A fresh element id; Tablesaw also uses it in a JavaScript variable name, hence no hyphens. */
    private static String newDivId() {
        return "commakit_plot_" + UUID.randomUUID().toString().replace("-", "");
    }

    private static String escapeHtml(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }
}
