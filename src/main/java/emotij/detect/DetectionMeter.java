package emotij.detect;

import emotij.progress.Progress;

import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * Counts the windows (network inputs) of one detection call and, when the call runs longer than a second, gives a
 * status line every few seconds ("detecting faces, 40% of 1200 windows, about 12 s left"): a large image with a
 * small minimum face is cut into thousands of windows, which takes minutes.
 */
class DetectionMeter {

    /** A call is reported once it has run this long... */
    static final double FIRST_REPORT_SECONDS = 1;
    /** ...and then at most this often. */
    static final double REPORT_INTERVAL_SECONDS = 5;

    private final Progress progress;
    private final LongSupplier clock;
    private long start;
    private long lastReport;

    DetectionMeter(Progress progress) {
        this(progress, System::nanoTime);
    }

    /** @param clock nanoseconds */
    DetectionMeter(Progress progress, LongSupplier clock) {
        this.progress = progress;
        this.clock = clock;
    }

    /** {@code done} of the call's {@code total} windows are detected; called with 0 when the call starts. */
    synchronized void windowsDone(int done, int total) {
        long now = clock.getAsLong();
        if (done == 0) {
            start = now;
            lastReport = now - (long) ((REPORT_INTERVAL_SECONDS - FIRST_REPORT_SECONDS) * 1e9);
            return;
        }
        if (now - lastReport < REPORT_INTERVAL_SECONDS * 1e9 || done >= total) return;
        lastReport = now;
        double left = (now - start) / 1e9 * (total - done) / done;
        progress.status(String.format(Locale.ROOT, "detecting faces, %d%% of %d windows, about %.0f s left",
                100L * done / total, total, Math.ceil(left)));
    }
}
