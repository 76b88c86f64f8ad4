package emotij.detect;

/**
 * Options of the face detector. Immutable; {@code with...} methods return changed copies.
 * Defaults are the values measured best on the sample images and FER-2013 (see README).
 */
public final class DetectorOptions {

    /** Default smallest face side, in image pixels, that the detector looks for. */
    public static final double DEFAULT_MIN_FACE_SIZE = 60;
    /**
     * Smallest minimum face size allowed, in image pixels: the detector would have to enlarge smaller faces more
     * than 3 times to its 24-pixel limit, and finds false faces there (measured on the astronaut sample shrunk to
     * faces of 8-17 pixels); asking for smaller faces only multiplies the work (a 512x512 image took minutes at 1).
     */
    public static final double SMALLEST_MIN_FACE_SIZE = 8;
    /** Largest minimum face size allowed (a bound for typing errors, far beyond any image's faces). */
    public static final double LARGEST_MIN_FACE_SIZE = 100_000;
    public static final double DEFAULT_SCORE_THRESHOLD = 0.5;
    public static final int DEFAULT_MAX_FACES = 100;
    public static final int LARGEST_MAX_FACES = 100_000;
    public static final double DEFAULT_IOU_THRESHOLD = 0.3;

    private final double minFaceSize;
    private final double scoreThreshold;
    private final int maxFaces;
    private final double iouThreshold;

    public DetectorOptions() {
        this(DEFAULT_MIN_FACE_SIZE, DEFAULT_SCORE_THRESHOLD, DEFAULT_MAX_FACES, DEFAULT_IOU_THRESHOLD);
    }

    private DetectorOptions(double minFaceSize, double scoreThreshold, int maxFaces, double iouThreshold) {
        if (!(minFaceSize >= SMALLEST_MIN_FACE_SIZE)) {
            throw new IllegalArgumentException("minimum face size must be at least " + (int) SMALLEST_MIN_FACE_SIZE
                    + " pixels, not " + minFaceSize + ": smaller faces are too small for the detector to see; to find "
                    + "them, scale the image up first (in ImageJ: Image > Scale...)");
        }
        if (!(scoreThreshold >= 0 && scoreThreshold <= 1)) {
            throw new IllegalArgumentException("score threshold must be in [0, 1], not " + scoreThreshold);
        }
        if (minFaceSize > LARGEST_MIN_FACE_SIZE) {
            throw new IllegalArgumentException("minimum face size must be at most " + (int) LARGEST_MIN_FACE_SIZE + " pixels, not " + minFaceSize);
        }
        if (maxFaces < 1 || maxFaces > LARGEST_MAX_FACES) {
            throw new IllegalArgumentException("maximum faces must be from 1 to " + LARGEST_MAX_FACES + ", not " + maxFaces);
        }
        if (!(iouThreshold > 0 && iouThreshold < 1)) {
            throw new IllegalArgumentException("overlap threshold must be in (0, 1), not " + iouThreshold);
        }
        this.minFaceSize = minFaceSize;
        this.scoreThreshold = scoreThreshold;
        this.maxFaces = maxFaces;
        this.iouThreshold = iouThreshold;
    }

    public double minFaceSize() {
        return minFaceSize;
    }

    public double scoreThreshold() {
        return scoreThreshold;
    }

    public int maxFaces() {
        return maxFaces;
    }

    public double iouThreshold() {
        return iouThreshold;
    }

    /**
     * A warning when {@code found} faces of one image reach {@link #maxFaces()} (the detector keeps no more, so
     * some may be left out), or null.
     */
    public String maxFacesWarning(int found) {
        if (found < maxFaces) return null;
        return "the maximum of " + maxFaces + " face" + (maxFaces == 1 ? "" : "s") + " per image was reached: there "
                + "may be more faces; raise the maximum (--max-faces, or max_faces in ImageJ) to find them";
    }

    public DetectorOptions withMinFaceSize(double pixels) {
        return new DetectorOptions(pixels, scoreThreshold, maxFaces, iouThreshold);
    }

    public DetectorOptions withScoreThreshold(double threshold) {
        return new DetectorOptions(minFaceSize, threshold, maxFaces, iouThreshold);
    }

    public DetectorOptions withMaxFaces(int max) {
        return new DetectorOptions(minFaceSize, scoreThreshold, max, iouThreshold);
    }
}
