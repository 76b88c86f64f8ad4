package emotij.cli;

import emotij.classify.ClassifierOptions;
import emotij.detect.DetectorOptions;

import java.util.Set;

/** The detection and classification options every analysing command takes, in one place. */
final class AnalysisOptions {

    static final Set<String> VALUED = Set.of("min-face", "threshold", "max-faces", "framing", "shift", "model");
    static final Set<String> FLAGS = Set.of("no-flip", "no-align", "shift-tta");

    static final String USAGE =
            "  --min-face PX       smallest face side to look for, in pixels (default "
                    + (int) DetectorOptions.DEFAULT_MIN_FACE_SIZE + ", at least " + (int) DetectorOptions.SMALLEST_MIN_FACE_SIZE
                    + "; smaller is slower on large images)\n"
                    + "  --threshold S       detection score threshold in [0,1] (default " + DetectorOptions.DEFAULT_SCORE_THRESHOLD + ")\n"
                    + "  --max-faces N       at most N faces per image (default " + DetectorOptions.DEFAULT_MAX_FACES + ")\n"
                    + "  --framing F         face crop side as a multiple of the detected box (default " + ClassifierOptions.DEFAULT_FRAMING + ")\n"
                    + "  --shift S           move the face crop down by S box heights (default " + ClassifierOptions.DEFAULT_VERTICAL_SHIFT + ")\n"
                    + "  --no-flip           no horizontal-flip test-time augmentation\n"
                    + "  --shift-tta         also average over 4 shifted crops (5x the classification work, a bit more accurate)\n"
                    + "  --model DIR         a classifier trained with 'emotij train' instead of the built-in FER-2013 one\n"
                    + "  --no-align          do not rotate faces upright from the eye landmarks\n";

    private AnalysisOptions() {
    }

    static DetectorOptions detector(Args a) throws UsageException {
        try {
            return new DetectorOptions()
                    .withMinFaceSize(a.number("min-face", DetectorOptions.DEFAULT_MIN_FACE_SIZE, 0, 100000))
                    .withScoreThreshold(a.number("threshold", DetectorOptions.DEFAULT_SCORE_THRESHOLD, 0, 1))
                    .withMaxFaces(a.integer("max-faces", DetectorOptions.DEFAULT_MAX_FACES, 1, 100000));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static ClassifierOptions classifier(Args a) throws UsageException {
        try {
            return new ClassifierOptions()
                    .withFraming(a.number("framing", ClassifierOptions.DEFAULT_FRAMING, 0.3, 4))
                    .withVerticalShift(a.number("shift", ClassifierOptions.DEFAULT_VERTICAL_SHIFT, -0.9, 0.9))
                    .withFlipAugment(!a.has("no-flip"))
                    .withShiftAugment(a.has("shift-tta"))
                    .withAlignEyes(!a.has("no-align"));
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    /** The trained model folder of --model, or null for the built-in classifier. */
    static java.nio.file.Path model(Args a) throws UsageException {
        if (!a.has("model")) return null;
        java.nio.file.Path p = java.nio.file.Path.of(a.string("model", ""));
        if (!emotij.train.TrainedModel.isModelFolder(p)) {
            throw new UsageException("--model " + p + " is not a trained EmotiJ model folder (it needs "
                    + emotij.train.TrainedModel.SPEC_FILE + "; make one with 'emotij train')");
        }
        return p;
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        java.util.Set<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return u;
    }
}
