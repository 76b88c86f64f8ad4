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
                    + "  --model M           accurate (default), fast (the FER-2013 mini-Xception alone, about 4x faster),\n"
                    + "                      or a folder made by 'emotij train'\n"
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

    /** The classifier --model names: accurate (default), fast, or a trained model folder. */
    static String model(Args a) throws UsageException {
        String m = emotij.pipeline.ExpressionModels.normalise(a.string("model", ""));
        String problem = emotij.pipeline.ExpressionModels.problem(m);
        if (problem != null) throw new UsageException("--model: " + problem);
        return m;
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        java.util.Set<String> u = new java.util.HashSet<>(a);
        u.addAll(b);
        return u;
    }
}
