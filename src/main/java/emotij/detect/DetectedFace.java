package emotij.detect;

/**
 * A face found by the detector: its box, the detector's score in [0, 1] and the six {@link Landmark} points
 * (x, y pairs in image pixel coordinates, in {@code Landmark} order). Immutable.
 */
public final class DetectedFace {

    private final Box box;
    private final double score;
    private final double[] landmarks;

    public DetectedFace(Box box, double score, double[] landmarks) {
        if (landmarks.length != 2 * Landmark.values().length) {
            throw new IllegalArgumentException("expected " + 2 * Landmark.values().length + " landmark coordinates");
        }
        this.box = box;
        this.score = score;
        this.landmarks = landmarks.clone();
    }

    /** A face given by its box alone (a user's ROI): no landmarks are known, so they are NaN, score 1. */
    public static DetectedFace ofBox(Box box) {
        double[] nan = new double[2 * Landmark.values().length];
        java.util.Arrays.fill(nan, Double.NaN);
        return new DetectedFace(box, 1.0, nan);
    }

    public Box box() {
        return box;
    }

    public double score() {
        return score;
    }

    public double landmarkX(Landmark l) {
        return landmarks[2 * l.ordinal()];
    }

    public double landmarkY(Landmark l) {
        return landmarks[2 * l.ordinal() + 1];
    }

    public boolean hasLandmarks() {
        return !Double.isNaN(landmarks[0]);
    }

    /**
     * The roll angle of the face in radians from the eye landmarks (0 when the eyes are level, or no landmarks):
     * rotating the crop by this angle makes the eyes level.
     */
    public double rollAngle() {
        if (!hasLandmarks()) return 0;
        // the subject's right eye appears on the left of the image
        double dx = landmarkX(Landmark.LEFT_EYE) - landmarkX(Landmark.RIGHT_EYE);
        double dy = landmarkY(Landmark.LEFT_EYE) - landmarkY(Landmark.RIGHT_EYE);
        return Math.atan2(dy, dx);
    }

    @Override
    public String toString() {
        return "DetectedFace[" + box + ", score=" + String.format(java.util.Locale.ROOT, "%.3f", score) + "]";
    }
}
