package emotij.eval;

import emotij.classify.Emotion;

import java.util.Locale;

/** Counts of true vs predicted emotion, with per-class and overall accuracy. Not thread-safe. */
public final class ConfusionMatrix {

    private static final int N = Emotion.values().length;
    private final long[][] counts = new long[N][N];
    /** Samples of each true class that got no prediction (no face found, unreadable): counted as wrong. */
    private final long[] missed = new long[N];

    public void add(Emotion truth, Emotion predicted) {
        counts[truth.ordinal()][predicted.ordinal()]++;
    }

    /** A sample of class {@code truth} that could not be classified; it counts as wrong. */
    public void addMissed(Emotion truth) {
        missed[truth.ordinal()]++;
    }

    public long count(Emotion truth, Emotion predicted) {
        return counts[truth.ordinal()][predicted.ordinal()];
    }

    public long missed(Emotion truth) {
        return missed[truth.ordinal()];
    }

    /** All samples of a class, missed ones included. */
    public long total(Emotion truth) {
        long t = missed[truth.ordinal()];
        for (long c : counts[truth.ordinal()]) t += c;
        return t;
    }

    public long total() {
        long t = 0;
        for (Emotion e : Emotion.values()) t += total(e);
        return t;
    }

    public long correct() {
        long c = 0;
        for (int i = 0; i < N; i++) c += counts[i][i];
        return c;
    }

    /** Share of the samples of {@code truth} predicted right; NaN if there are none. */
    public double accuracy(Emotion truth) {
        long t = total(truth);
        return t == 0 ? Double.NaN : (double) counts[truth.ordinal()][truth.ordinal()] / t;
    }

    public double accuracy() {
        long t = total();
        return t == 0 ? Double.NaN : (double) correct() / t;
    }

    /** Mean of the per-class accuracies of the classes present (balanced accuracy). */
    public double meanClassAccuracy() {
        double sum = 0;
        int n = 0;
        for (Emotion e : Emotion.values()) {
            if (total(e) > 0) {
                sum += accuracy(e);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** A plain-text report: per-class accuracy, then the matrix (rows: true class, columns: predicted). */
    public String report() {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%-10s %7s %7s %7s %9s%n", "class", "images", "correct", "missed", "accuracy"));
        for (Emotion e : Emotion.values()) {
            if (total(e) == 0) continue;
            s.append(String.format(Locale.ROOT, "%-10s %7d %7d %7d %9.4f%n", e.label(), total(e),
                    count(e, e), missed(e), accuracy(e)));
        }
        s.append(String.format(Locale.ROOT, "mean class accuracy: %.4f%n%n", meanClassAccuracy()));
        s.append("confusion matrix (rows: true class, columns: predicted; 'none': no prediction)\n");
        s.append(String.format(Locale.ROOT, "%-10s", ""));
        for (Emotion e : Emotion.values()) s.append(String.format(Locale.ROOT, "%9s", e.label()));
        s.append(String.format(Locale.ROOT, "%9s%n", "none"));
        for (Emotion t : Emotion.values()) {
            if (total(t) == 0) continue;
            s.append(String.format(Locale.ROOT, "%-10s", t.label()));
            for (Emotion p : Emotion.values()) s.append(String.format(Locale.ROOT, "%9d", count(t, p)));
            s.append(String.format(Locale.ROOT, "%9d%n", missed(t)));
        }
        return s.toString();
    }
}
