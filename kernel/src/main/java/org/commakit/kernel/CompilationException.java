package org.commakit.kernel;

/**
 * A cell that does not compile: the message holds each diagnostic with the cell line and the offending source, and
 * is what the notebook shows (as the Jupyter error's value and traceback).
 */
public final class CompilationException extends RuntimeException {

    CompilationException(String message) {
        super(message, null, false, false);
    }
}
