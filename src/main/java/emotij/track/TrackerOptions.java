package emotij.track;

/** Options of the face tracker. Immutable; {@code with...} methods return changed copies. */
public final class TrackerOptions {

    public static final int DEFAULT_MAX_GAP = 15;
    public static final int DEFAULT_MIN_TRACK_LENGTH = 3;
    public static final double DEFAULT_SMOOTHING = 0;
    /** Largest smoothing allowed: above it a track's probabilities hardly follow the face any more. */
    public static final double MAX_SMOOTHING = 0.95;
    /** Largest gap and shortest-track length allowed (a bound for typing errors). */
    public static final int LARGEST_MAX_GAP = 100_000;
    /** Cosine similarity of faceres features above which two faces are taken for the same person (measured: the same face 0.87-0.99, different people at most 0.735; see FaceTracker.DIFFERENT_PERSON). */
    public static final double DEFAULT_SAME_PERSON_SIMILARITY = 0.82;

    private final int maxGap;
    private final int minTrackLength;
    private final double smoothing;
    private final double samePersonSimilarity;
    private final boolean appearance;

    public TrackerOptions() {
        this(DEFAULT_MAX_GAP, DEFAULT_MIN_TRACK_LENGTH, DEFAULT_SMOOTHING, DEFAULT_SAME_PERSON_SIMILARITY, true);
    }

    private TrackerOptions(int maxGap, int minTrackLength, double smoothing, double samePersonSimilarity, boolean appearance) {
        if (maxGap < 0 || maxGap > LARGEST_MAX_GAP) {
            throw new IllegalArgumentException("maximum gap must be from 0 to " + LARGEST_MAX_GAP + " frames, not " + maxGap);
        }
        if (minTrackLength < 1 || minTrackLength > LARGEST_MAX_GAP) {
            throw new IllegalArgumentException("minimum track length must be from 1 to " + LARGEST_MAX_GAP + ", not " + minTrackLength);
        }
        if (!(smoothing >= 0 && smoothing <= MAX_SMOOTHING)) {
            throw new IllegalArgumentException("smoothing must be in [0, " + MAX_SMOOTHING + "], not " + smoothing);
        }
        this.maxGap = maxGap;
        this.minTrackLength = minTrackLength;
        this.smoothing = smoothing;
        this.samePersonSimilarity = samePersonSimilarity;
        this.appearance = appearance;
    }

    /** Frames a face may be missing (occluded, undetected, out of view) and still keep its track. */
    public int maxGap() {
        return maxGap;
    }

    /** Tracks seen in fewer frames are dropped (their faces get track 0): mostly false detections. */
    public int minTrackLength() {
        return minTrackLength;
    }

    /**
     * Exponential smoothing of the probabilities along a track: each frame's are {@code (1 - s) * own + s *
     * previous smoothed}; 0 is off.
     */
    public double smoothing() {
        return smoothing;
    }

    public double samePersonSimilarity() {
        return samePersonSimilarity;
    }

    /** Use face appearance (embeddings) to re-identify faces; off: box overlap and motion only. */
    public boolean appearance() {
        return appearance;
    }

    public TrackerOptions withMaxGap(int g) {
        return new TrackerOptions(g, minTrackLength, smoothing, samePersonSimilarity, appearance);
    }

    public TrackerOptions withMinTrackLength(int n) {
        return new TrackerOptions(maxGap, n, smoothing, samePersonSimilarity, appearance);
    }

    public TrackerOptions withSmoothing(double s) {
        return new TrackerOptions(maxGap, minTrackLength, s, samePersonSimilarity, appearance);
    }

    public TrackerOptions withAppearance(boolean a) {
        return new TrackerOptions(maxGap, minTrackLength, smoothing, samePersonSimilarity, a);
    }
}
