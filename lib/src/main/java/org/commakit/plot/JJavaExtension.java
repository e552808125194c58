package org.commakit.plot;

import org.dflib.jjava.jupyter.Extension;
import org.dflib.jjava.jupyter.kernel.BaseKernel;

/**
 * Makes Tablesaw tables and figures render in the JJava kernel as they do in the kit's own: JJava finds this class
 * through {@code META-INF/services/org.dflib.jjava.jupyter.Extension} when a notebook's {@code %maven} or
 * {@code %jars} line adds the kit's jar, and calls {@link #install}. Without it, JJava shows a figure as its
 * {@code toString()}.
 */
public final class JJavaExtension implements Extension {

    @Override
    public void install(BaseKernel kernel) {
        NotebookRenderers.register(kernel.getRenderer());
    }
}
