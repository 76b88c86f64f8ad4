package emotij.detect;

import java.util.Locale;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.LongSupplier;

/**
 * Progress of one detection call in windows (network inputs) done of the total, and the wish to stop it: a large
 * image with a small minimum face is cut into thousands of windows, which takes minutes.
 */
public interface DetectionProgress {

    /** {@code done} of the call's {@code total} windows are detected; called with 0 when a call starts. */
    void windowsDone(int done, int total);

    /** True to stop: the detector then throws {@link java.util.concurrent.CancellationException}. */
    default boolean cancelled() {
        return false;
    }

    /** Shows nothing, never stops. */
    DetectionProgress NONE = (done, total) -> {
    };

    /** A call is reported once it has run this long... */
    double FIRST_REPORT_SECONDS = 1;
    /** ...and then at most this often. */
    double REPORT_INTERVAL_SECONDS = 5;

    /**
     * Reports calls that run longer than a second, every few seconds, as text ("{@code what}: detecting faces,
     * 40% of 1200 windows, about 12 s left").
     */
    static DetectionProgress asText(String what, Consumer<String> report, BooleanSupplier cancelled) {
        return asText(what, report, cancelled, System::nanoTime);
    }

    /** Like {@link #asText(String, Consumer, BooleanSupplier)} with another clock (nanoseconds). */
    static DetectionProgress asText(String what, Consumer<String> report, BooleanSupplier cancelled, LongSupplier clock) {
        return new DetectionProgress() {
            private long start;
            private long lastReport;

            @Override
            public synchronized void windowsDone(int done, int total) {
                long now = clock.getAsLong();
                if (done == 0) {
                    start = now;
                    lastReport = now - (long) ((REPORT_INTERVAL_SECONDS - FIRST_REPORT_SECONDS) * 1e9);
                    return;
                }
                if (now - lastReport < REPORT_INTERVAL_SECONDS * 1e9 || done >= total) return;
                lastReport = now;
                double left = (now - start) / 1e9 * (total - done) / done;
                report.accept(String.format(Locale.ROOT, "%s: detecting faces, %d%% of %d windows, about %.0f s left",
                        what, 100L * done / total, total, Math.ceil(left)));
            }

            @Override
            public boolean cancelled() {
                return cancelled.getAsBoolean();
            }
        };
    }
}
