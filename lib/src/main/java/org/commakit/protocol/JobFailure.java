package org.commakit.protocol;

import java.util.function.Function;
import org.commakit.KitException;
import org.commakit.train.CheckpointException;

/**
 * Names the job in every error a job of {@code ./kit reproduce} ends with, and, for a prompt checkpoint that cannot
 * be used, the way out the kit offers: {@code --retrain} of the training whose checkpoint it is ({@link RunFolder#retrain}).
 * Deleting the checkpoint folder alone would leave the training's result row, and its tests would then find no
 * checkpoint.
 */
final class JobFailure {
    private JobFailure() {}

    /** {@code runner.apply(job)}, with the job's id (and the fix for a damaged checkpoint) in any error. */
    static ResultRow run(Job job, Function<Job, ResultRow> runner) {
        try {
            return runner.apply(job);
        } catch (CheckpointException e) {
            Job training = job.phase().isTraining() ? job : job.checkpointJob().orElse(job);
            throw new KitException("job " + job.id() + ": " + e.problem() + "; to train " + training.id() + " again "
                    + "from scratch, run the same ./kit reproduce command with --retrain " + training.id() + " (it "
                    + "drops that training's result rows and run folder)", e);
        } catch (KitException e) {
            throw new KitException("job " + job.id() + ": " + e.getMessage() + " (no result of this job was stored)",
                    e);
        }
    }
}
