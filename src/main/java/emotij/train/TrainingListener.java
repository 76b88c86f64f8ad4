package emotij.train;

import emotij.progress.Progress;

/**
 * The {@link Progress} of a training run, which also hears each epoch: the ImageJ layer plots the epochs live, the
 * command line prints them. Log lines, status lines (done/total, rate, time left; see
 * {@link emotij.progress.ProgressMeter}, with the whole job's share and time left appended by {@link TrainingRun}),
 * the job's fraction done and cancel (checked between batches; the run keeps the best weights so far) are
 * {@link Progress}'s.
 */
public interface TrainingListener extends Progress {

    /** One epoch ended; by default a log line. */
    default void epoch(EpochStats stats) {
        log(stats.toString());
    }

    /** Prints to nowhere (tests). */
    TrainingListener SILENT = line -> {
    };
}
