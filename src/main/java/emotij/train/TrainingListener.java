package emotij.train;

/**
 * Hears what a training run does: one call per epoch, log lines, progress lines, and whether to stop. The ImageJ
 * layer plots the epochs live, shows progress in the status bar and maps cancel to the Esc key; the command line
 * prints them and maps cancel to Ctrl-C.
 */
public interface TrainingListener {

    void epoch(EpochStats stats);

    void message(String line);

    /**
     * A progress line of a long stage (done/total, rate, time left; see {@link ProgressMeter}), at most every few
     * seconds. By default a log line.
     */
    default void status(String line) {
        message(line);
    }

    /** Checked between batches: true stops the run, keeping the best weights so far. */
    default boolean cancelled() {
        return false;
    }

    /** Fraction done of the whole job (all folds), with a time-left estimate in seconds (NaN while unknown). */
    default void progress(double fraction, double secondsLeft) {
    }

    /** Prints to nowhere (tests). */
    TrainingListener SILENT = new TrainingListener() {
        @Override
        public void epoch(EpochStats stats) {
        }

        @Override
        public void message(String line) {
        }
    };
}
