package org.commakit;

/**
 * An error the user can act on: the message names the file, key or setting, what was expected, and the fix.
 */
public class KitException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public KitException(String message) {
        super(message);
    }

    public KitException(String message, Throwable cause) {
        super(message, cause);
    }
}
