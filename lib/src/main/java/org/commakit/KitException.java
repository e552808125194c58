package org.commakit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;

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

    /**
     * {@code cannot <what>: <reason>; <fix>} for an I/O error. The reason is in words ("permission denied on X",
     * "No space left on device"), never the bare path that Java's file exceptions carry as their message; an empty
     * {@code fix} takes the usual one for that reason ({@link #fixFor}).
     */
    public static KitException io(String what, IOException e, String fix) {
        String f = fix == null || fix.isBlank() ? fixFor(e) : fix;
        String r = reason(e);
        if (e instanceof FileSystemException fs && fs.getFile() != null && fs.getOtherFile() == null
                && what.contains(fs.getFile()) && r.contains(fs.getFile())) {
            r = r.replace(" on " + fs.getFile(), "").replace(" (" + fs.getFile() + ")", "")
                    .replace(fs.getFile() + " ", "it ");
        }
        return new KitException("cannot " + what + ": " + r + (f.isEmpty() ? "" : "; " + f), e);
    }

    /** What went wrong in an I/O error, in words, naming the file where Java knows it. */
    public static String reason(Throwable t) {
        Throwable e = t instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : t;
        if (e instanceof FileSystemException fs) {
            String file = fs.getFile() == null ? "" : fs.getFile();
            String other = fs.getOtherFile() == null ? "" : " -> " + fs.getOtherFile();
            if (e instanceof AccessDeniedException) {
                return "permission denied on " + file + other;
            }
            if (e instanceof NoSuchFileException) {
                return file + other + " does not exist";
            }
            if (e instanceof NotDirectoryException) {
                return file + " is not a folder";
            }
            if (e instanceof FileAlreadyExistsException) {
                return file + other + " already exists (a file where a folder is needed?)";
            }
            if (e instanceof DirectoryNotEmptyException) {
                return file + " is a folder that is not empty";
            }
            if (fs.getReason() != null) {
                return fs.getReason() + (file.isEmpty() ? "" : " (" + file + other + ")");
            }
        }
        String m = e.getMessage();
        return m == null || m.isBlank() ? e.getClass().getSimpleName() : m;
    }

    /** The usual fix for an I/O error: free space, make the folder writable, or nothing particular. */
    public static String fixFor(Throwable e) {
        String r = reason(e).toLowerCase(Locale.ROOT);
        if (r.contains("no space left") || r.contains("disk quota")) {
            return "free some disk space and run the same command again";
        }
        if (r.contains("permission denied") || r.contains("read-only file system")) {
            return "make the folder writable, or choose another one";
        }
        return "";
    }
}
