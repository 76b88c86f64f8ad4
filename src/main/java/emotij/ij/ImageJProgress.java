package emotij.ij;

import emotij.progress.Progress;
import ij.IJ;

import java.awt.GraphicsEnvironment;

/**
 * The {@link Progress} of the current ImageJ session: with a GUI, the log, the status and progress bars and the
 * Esc key; headless, the log (a progress line at every tenth of the job) and thread interruption.
 */
public final class ImageJProgress {

    private ImageJProgress() {
    }

    /** Bars and Esc with a GUI, the log without one (Esc is reset: a press before this run does not stop it). */
    public static Progress create() {
        if (GraphicsEnvironment.isHeadless() || IJ.getInstance() == null) return new LogProgress();
        IJ.resetEscape();
        return new Progress() {
            @Override
            public void log(String line) {
                IJ.log(line);
            }

            @Override
            public void status(String line) {
                IJ.showStatus(line + " (Esc to stop)");
            }

            @Override
            public void progress(double fraction, String status) {
                IJ.showProgress(fraction);
                if (status != null) IJ.showStatus(status + (fraction < 1 ? " (Esc to stop)" : ""));
            }

            @Override
            public boolean cancelled() {
                return IJ.escapePressed();
            }
        };
    }

    /** Headless: the log, with a progress line at every tenth of a job of several steps; stopped by interruption. */
    static final class LogProgress implements Progress {
        private int lastDecile = -1;

        @Override
        public void log(String line) {
            IJ.log(line);
        }

        @Override
        public void progress(double fraction, String status) {
            // a job done in one step (one plane) says nothing: its result follows
            if (lastDecile < 0 && fraction >= 1) return;
            int decile = (int) Math.floor(fraction * 10 + 1e-9);
            if (decile != lastDecile && status != null) {
                lastDecile = decile;
                IJ.log(status);
            }
        }

        @Override
        public boolean cancelled() {
            return Thread.currentThread().isInterrupted();
        }
    }
}
