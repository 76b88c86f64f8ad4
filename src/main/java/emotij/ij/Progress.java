package emotij.ij;

import ij.IJ;

import java.awt.GraphicsEnvironment;

/**
 * Progress of a long run and the user's wish to cancel it: ImageJ's status and progress bars and the Esc key in
 * the GUI, the log when headless (as TrackMate reports through a logger).
 */
public interface Progress extends emotij.progress.Progress {

    /** Plane {@code done} of {@code total} is finished. */
    void planeDone(int done, int total, String status);

    @Override
    default void log(String line) {
        IJ.log(line);
    }

    @Override
    default void stepDone(long done, long total, String status) {
        planeDone((int) done, (int) total, status);
    }

    /** True once the user asked to stop; what is finished is kept. */
    boolean cancelled();

    /** Progress within a plane (a long face detection), as a status text. */
    default void detail(String status) {
    }

    /** The progress of the current ImageJ session: bars and Esc with a GUI, the log without one. */
    static Progress forImageJ() {
        if (GraphicsEnvironment.isHeadless() || IJ.getInstance() == null) return new LogProgress();
        IJ.resetEscape();
        return new Progress() {
            @Override
            public void planeDone(int done, int total, String status) {
                IJ.showProgress(done, total);
                IJ.showStatus(status + (done < total ? " (Esc to stop)" : ""));
            }

            @Override
            public void detail(String status) {
                IJ.showStatus(status + " (Esc to stop)");
            }

            @Override
            public boolean cancelled() {
                return IJ.escapePressed();
            }
        };
    }

    /** No progress shown, never cancelled. */
    Progress NONE = new Progress() {
        @Override
        public void planeDone(int done, int total, String status) {
        }

        @Override
        public boolean cancelled() {
            return false;
        }
    };

    /** Headless: a log line at every tenth of the work (and at the end), never cancelled. */
    final class LogProgress implements Progress {
        private int lastDecile = -1;

        @Override
        public void planeDone(int done, int total, String status) {
            int decile = total == 0 ? 10 : done * 10 / total;
            if (total > 1 && decile != lastDecile) {
                lastDecile = decile;
                IJ.log(status);
            }
        }

        @Override
        public void detail(String status) {
            IJ.log(status);
        }

        @Override
        public boolean cancelled() {
            return Thread.currentThread().isInterrupted();
        }
    }
}
