package org.commakit.kernel;

import java.util.UUID;
import org.dflib.jjava.jupyter.kernel.BaseKernel;
import org.dflib.jjava.jupyter.kernel.display.DisplayData;

/**
 * The notebook API of the kit's kernel, statically imported into every session; the same calls as IJava's and
 * JJava's, so that notebooks run in either:
 * <pre>
 * display(table);                       // show now, as the kernel renders it (text and HTML for a Table)
 * display(html, "text/html");           // show as the given MIME type(s)
 * render(figure, "text/html")           // as a cell's last expression: the value shown as that type
 * String id = display(progress); updateDisplay(id, progress);   // replace an earlier output
 * </pre>
 */
public final class Notebook {

    private static volatile BaseKernel kernel;

    private Notebook() {
    }

    static void attach(BaseKernel running) {
        kernel = running;
    }

    /** Shows {@code value} now, in every MIME type its renderer prefers; returns the output's display id. */
    public static String display(Object value) {
        DisplayData data = kernel().getRenderer().render(value);
        return publish(data);
    }

    /** Shows {@code value} now as the given MIME types (e.g. {@code "text/html"}); returns the display id. */
    public static String display(Object value, String... mimeTypes) {
        DisplayData data = kernel().getRenderer().renderAs(value, mimeTypes);
        return publish(data);
    }

    /** {@code value} rendered as the given MIME types (all preferred ones if none): a cell shows it as its value. */
    public static DisplayData render(Object value, String... mimeTypes) {
        return mimeTypes.length == 0 ? kernel().getRenderer().render(value)
                : kernel().getRenderer().renderAs(value, mimeTypes);
    }

    /** Replaces the output shown by {@code display(...)} that returned {@code displayId}. */
    public static void updateDisplay(String displayId, Object value) {
        kernel().getIO().display.updateDisplay(displayId, kernel().getRenderer().render(value));
    }

    /** Replaces the output with {@code displayId} by {@code value} rendered as the given MIME types. */
    public static void updateDisplay(String displayId, Object value, String... mimeTypes) {
        kernel().getIO().display.updateDisplay(displayId, kernel().getRenderer().renderAs(value, mimeTypes));
    }

    private static String publish(DisplayData data) {
        String id = data.hasDisplayId() ? data.getDisplayId() : UUID.randomUUID().toString();
        data.setDisplayId(id);
        kernel().display(data);
        return id;
    }

    private static BaseKernel kernel() {
        BaseKernel running = kernel;
        if (running == null) {
            throw new IllegalStateException("display/render/updateDisplay work inside the COMMA kit Jupyter kernel"
                    + " only (org.commakit.kernel.KitKernel); outside a notebook, print the value instead.");
        }
        return running;
    }
}
