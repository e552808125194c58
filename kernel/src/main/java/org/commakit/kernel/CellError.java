package org.commakit.kernel;

/**
 * A {@link Error} (AssertionError, StackOverflowError, ...) thrown by a cell, carried as an exception so that the
 * protocol layer, which reports exceptions, reports it; the message starts with the error's class name.
 */
public final class CellError extends RuntimeException {

    CellError(Throwable error) {
        super(error.toString(), error);
    }
}
