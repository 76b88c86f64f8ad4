package emotij.progress;

import java.util.function.Consumer;

/**
 * Where a long job (a batch of files, the planes of a stack, one large face detection, a training run) tells the
 * user how far it is, and asks whether to stop: one interface for the whole core, modelled on TrackMate's Logger
 * and Cancelable. ImageJ shows it in its log, status and progress bars and maps cancel to Esc
 * (the ImageJ layer's ImageJProgress); the command line prints the log lines and maps cancel to Ctrl-C.
 */
public interface Progress {

    /** A line that stays: a file's result, a warning, a failure. */
    void log(String line);

    /** A passing status: how far a long step is (see {@link ProgressMeter}); by default a log line. */
    default void status(String line) {
        log(line);
    }

    /**
     * The whole job is {@code fraction} (0 to 1) done: a progress bar.
     *
     * @param status the same in words ("3/7 images, 5 faces"), or null
     */
    default void progress(double fraction, String status) {
    }

    /** True once the user asked to stop: the job stops at its next safe point and keeps what it finished. */
    default boolean cancelled() {
        return false;
    }

    /** Shows nothing, never stops. */
    Progress NONE = line -> {
    };

    /** Log and status lines to {@code log}; never stops. */
    static Progress toLog(Consumer<String> log) {
        return log::accept;
    }

    /** This progress with each status line said of {@code what} ("{@code what}: line"), as a file's detection. */
    default Progress about(String what) {
        Progress outer = this;
        return new Progress() {
            @Override
            public void log(String line) {
                outer.log(line);
            }

            @Override
            public void status(String line) {
                outer.status(what + ": " + line);
            }

            @Override
            public void progress(double fraction, String status) {
                outer.progress(fraction, status);
            }

            @Override
            public boolean cancelled() {
                return outer.cancelled();
            }
        };
    }
}
