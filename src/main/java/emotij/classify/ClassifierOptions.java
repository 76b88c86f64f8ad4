package emotij.classify;

/** Options of the expression classifier. Immutable; {@code with...} methods return changed copies. */
public final class ClassifierOptions {

    /**
     * Side of the square crop handed to the network, as a multiple of the detector's face box side: FER-2013's
     * framing (calibrated with {@code evaluate --detect auto}, see README).
     */
    public static final double DEFAULT_FRAMING = 1.0;
    /** The framings allowed (every entry point's range). */
    public static final double MIN_FRAMING = 0.3;
    public static final double MAX_FRAMING = 4;
    /** Shift of the crop centre down, as a fraction of the face box height (FER-2013 faces sit a bit high). */
    public static final double DEFAULT_VERTICAL_SHIFT = 0.0;
    /** The shifts allowed: from -this to this. */
    public static final double MAX_VERTICAL_SHIFT = 0.9;
    public static final int DEFAULT_BATCH_SIZE = 32;

    private final double framing;
    private final double verticalShift;
    private final boolean alignEyes;
    private final boolean flipAugment;
    private final int batchSize;
    private final boolean shiftAugment;

    public ClassifierOptions() {
        this(DEFAULT_FRAMING, DEFAULT_VERTICAL_SHIFT, true, true, DEFAULT_BATCH_SIZE, false);
    }

    private ClassifierOptions(double framing, double verticalShift, boolean alignEyes, boolean flipAugment, int batchSize,
                              boolean shiftAugment) {
        if (!(framing >= MIN_FRAMING && framing <= MAX_FRAMING)) {
            throw new IllegalArgumentException("framing must be in [" + MIN_FRAMING + ", " + (int) MAX_FRAMING + "], not " + framing);
        }
        if (!(Math.abs(verticalShift) <= MAX_VERTICAL_SHIFT)) {
            throw new IllegalArgumentException("vertical shift must be in [-" + MAX_VERTICAL_SHIFT + ", " + MAX_VERTICAL_SHIFT + "], not " + verticalShift);
        }
        if (batchSize < 1) throw new IllegalArgumentException("batch size must be at least 1, not " + batchSize);
        this.framing = framing;
        this.verticalShift = verticalShift;
        this.alignEyes = alignEyes;
        this.flipAugment = flipAugment;
        this.batchSize = batchSize;
        this.shiftAugment = shiftAugment;
    }

    public double framing() {
        return framing;
    }

    public double verticalShift() {
        return verticalShift;
    }

    /** Rotate each crop so that the eyes are level (needs the detector's landmarks). */
    public boolean alignEyes() {
        return alignEyes;
    }

    /** Average the probabilities of each crop and its mirror image (test-time augmentation). */
    public boolean flipAugment() {
        return flipAugment;
    }

    public int batchSize() {
        return batchSize;
    }

    /**
     * Also average over the crop shifted by 1/16 of its side left, right, up and down (5 times the work; a little
     * more accurate, and steadier against imprecise face boxes).
     */
    public boolean shiftAugment() {
        return shiftAugment;
    }

    public ClassifierOptions withShiftAugment(boolean s) {
        return new ClassifierOptions(framing, verticalShift, alignEyes, flipAugment, batchSize, s);
    }

    public ClassifierOptions withFraming(double f) {
        return new ClassifierOptions(f, verticalShift, alignEyes, flipAugment, batchSize, shiftAugment);
    }

    public ClassifierOptions withVerticalShift(double s) {
        return new ClassifierOptions(framing, s, alignEyes, flipAugment, batchSize, shiftAugment);
    }

    public ClassifierOptions withAlignEyes(boolean a) {
        return new ClassifierOptions(framing, verticalShift, a, flipAugment, batchSize, shiftAugment);
    }

    public ClassifierOptions withFlipAugment(boolean f) {
        return new ClassifierOptions(framing, verticalShift, alignEyes, f, batchSize, shiftAugment);
    }

    public ClassifierOptions withBatchSize(int b) {
        return new ClassifierOptions(framing, verticalShift, alignEyes, flipAugment, b, shiftAugment);
    }
}
