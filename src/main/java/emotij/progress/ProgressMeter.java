package emotij.progress;

import java.util.Locale;
import java.util.function.Consumer;

/**
 * Progress of one stage of a long job (features, an epoch's batches, evaluation, reading a dataset): counts what
 * is done and, at most every {@link #INTERVAL_SECONDS} (and once at the end when the stage took that long), gives
 * a line such as {@code features of training faces: 1200/46724 views, 38.2 views/s, about 19m50s left}, so a
 * user can tell a working run from a hung one. Not thread-safe: one thread advances it.
 */
public final class ProgressMeter {

    /** Seconds between progress lines: the issue asks for one at least every 10 s. */
    public static final double INTERVAL_SECONDS = 5;

    private final Consumer<String> out;
    private final String stage;
    private final String unit;
    private final long total;
    private final double interval;
    private final long started = System.nanoTime();
    private long lastLine = started;
    private long done;
    /** The count at the last line given, -1 while none was. */
    private long reported = -1;

    /**
     * @param total the count of the whole stage, or 0 when not known in advance (the line then gives no time left)
     */
    public ProgressMeter(Consumer<String> out, String stage, String unit, long total) {
        this(out, stage, unit, total, INTERVAL_SECONDS);
    }

    public ProgressMeter(Consumer<String> out, String stage, String unit, long total, double intervalSeconds) {
        this.out = out;
        this.stage = stage;
        this.unit = unit;
        this.total = total;
        this.interval = intervalSeconds;
    }

    /** Counts {@code n} more done; gives a line when the interval has passed. */
    public void advance(long n) {
        done += n;
        long now = System.nanoTime();
        if ((now - lastLine) / 1e9 >= interval) {
            lastLine = now;
            reported = done;
            out.accept(line(now));
        }
    }

    /** The count done so far. */
    public long done() {
        return done;
    }

    /** Fraction of the stage done (0 while the total is unknown). */
    public double fraction() {
        return total <= 0 ? 0 : Math.min(1, done / (double) total);
    }

    /** Seconds since the stage began. */
    public double elapsed() {
        return (System.nanoTime() - started) / 1e9;
    }

    /** Items per second so far. */
    public double rate() {
        return done / Math.max(elapsed(), 1e-9);
    }

    /** Ends the stage: a last line if progress lines were given and the last one is not up to date. */
    public void finish() {
        if (reported >= 0 && reported != done) out.accept(line(System.nanoTime()));
    }

    private String line(long now) {
        double seconds = (now - started) / 1e9;
        double rate = done / Math.max(seconds, 1e-9);
        StringBuilder s = new StringBuilder(stage).append(": ").append(done);
        if (total > 0) s.append('/').append(total);
        s.append(' ').append(unit).append(String.format(Locale.ROOT, ", %.1f %s/s", rate, unit));
        if (total > 0 && done < total && rate > 0) s.append(", about ").append(duration((total - done) / rate)).append(" left");
        else if (total > 0 && done >= total) s.append(String.format(Locale.ROOT, ", done in %s", duration(seconds)));
        return s.toString();
    }

    /** e.g. {@code 45 s}, {@code 3m05s}, {@code 1h02m}; {@code ?} when unknown. */
    public static String duration(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds)) return "?";
        long s = Math.round(seconds);
        return s >= 3600 ? String.format(Locale.ROOT, "%dh%02dm", s / 3600, s / 60 % 60)
                : s >= 60 ? String.format(Locale.ROOT, "%dm%02ds", s / 60, s % 60) : s + " s";
    }
}
