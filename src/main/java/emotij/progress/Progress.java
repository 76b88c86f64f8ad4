package emotij.progress;

import java.util.function.Consumer;

/**
 * Where a long job (a batch of files, the planes of a stack, a face detection, a training run) tells the user how
 * far it is, and asks whether to stop: one interface for the whole core, modelled on TrackMate's Logger and
 * Cancelable. ImageJ shows it in its log, status and progress bars and maps cancel to Esc; the command line prints
 * the log lines.
 */
public interface Progress {

    /** A line that stays: a file's result, a warning, a failure. */
    void log(String line);

    /** A passing status (how far a long step is); by default a log line. */
    default void status(String line) {
        log(line);
    }

    /** Step {@code done} of {@code total} is finished; {@code status} says so in words. Shows nothing by default. */
    default void stepDone(long done, long total, String status) {
    }

    /** True once the user asked to stop: the job stops at its next safe point and keeps what it finished. */
    default boolean cancelled() {
        return false;
    }

    /** Shows nothing, never stops. */
    Progress NONE = line -> {
    };

    /** Log lines (and status lines) to {@code log}, never stops. */
    static Progress toLog(Consumer<String> log) {
        return log::accept;
    }
}
