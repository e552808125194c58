package org.commakit.train;

import org.commakit.KitException;

/**
 * A prompt checkpoint that cannot be used: missing, damaged (a file whose SHA-256 is not the recorded one, an
 * unreadable {@code checkpoint.json}) or of another run. {@link #problem()} is what is wrong; the message adds the fix
 * for code that trains with a {@link Trainer} directly (delete the folder); {@code ./kit reproduce} names its own
 * ({@code --retrain JOB}), since a result row depends on the checkpoint there.
 */
public class CheckpointException extends KitException {
    private static final long serialVersionUID = 1L;

    private final String problem;

    CheckpointException(String problem, String fix) {
        this(problem, fix, null);
    }

    CheckpointException(String problem, String fix, Throwable cause) {
        super(problem + "; " + fix, cause);
        this.problem = problem;
    }

    /** What is wrong with the checkpoint, without the fix. */
    public String problem() {
        return problem;
    }
}
