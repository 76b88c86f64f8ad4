package emotij.options;

import emotij.classify.ClassifierOptions;
import emotij.detect.DetectorOptions;
import emotij.track.TrackerOptions;

import java.util.List;

/**
 * Every option of finding, classifying and tracking faces, declared once (key, type, default, range, label, help;
 * see {@link OptionSpec}). The defaults and ranges are the core option classes' own constants, so that a value
 * an entry point accepts is one the core accepts. The ImageJ dialogs ({@code EmotiJDialog}), the ImageJ settings'
 * checks, the command line's flags and help, and README's options table are made from these; the SciJava commands'
 * parameters are checked against them by a test.
 */
public enum AnalysisOption {

    MIN_FACE(OptionSpec.number("min_face", DetectorOptions.DEFAULT_MIN_FACE_SIZE, DetectorOptions.SMALLEST_MIN_FACE_SIZE,
            DetectorOptions.LARGEST_MIN_FACE_SIZE, "Min_face size",
            "smallest face side to look for, in pixels (smaller is slower on large images)")
            .allowedAs("a size in pixels, at least " + (int) DetectorOptions.SMALLEST_MIN_FACE_SIZE + " (smaller faces are"
                    + " too small for the detector; scale the image up to find them)")
            .withHint("smaller faces are too small for the detector; scale the image up to find them")),
    THRESHOLD(OptionSpec.number("threshold", DetectorOptions.DEFAULT_SCORE_THRESHOLD, 0, 1, "Threshold (detection score)",
            "detection score threshold").allowedAs("a score between 0 and 1")),
    MAX_FACES(OptionSpec.integer("max_faces", DetectorOptions.DEFAULT_MAX_FACES, 1, DetectorOptions.LARGEST_MAX_FACES,
            "Max_faces per plane", "at most this many faces per image or plane")),
    FRAMING(OptionSpec.number("framing", ClassifierOptions.DEFAULT_FRAMING, ClassifierOptions.MIN_FRAMING,
            ClassifierOptions.MAX_FRAMING, "Framing (crop side / face box)",
            "face crop side as a multiple of the detected box")),
    SHIFT(OptionSpec.number("shift", ClassifierOptions.DEFAULT_VERTICAL_SHIFT, -ClassifierOptions.MAX_VERTICAL_SHIFT,
            ClassifierOptions.MAX_VERTICAL_SHIFT, "Shift the face crop down (box heights)",
            "move the face crop down by this many box heights")),
    FLIP(OptionSpec.bool("flip", true, "Flip augmentation (average with the mirror image)",
            "horizontal-flip test-time augmentation")),
    SHIFT_TTA(OptionSpec.bool("shift_tta", false, "Shift_tta (also average over 4 shifted crops)",
            "also average over 4 shifted crops (5x the classification work, a bit more accurate)")),
    ALIGN(OptionSpec.bool("align", true, "Align eyes (rotate faces upright)", "rotate faces upright from the eye landmarks")),
    MODEL(OptionSpec.text("model", "", "Model folder (trained; empty: built-in FER-2013)",
            "a classifier trained with 'emotij train' instead of the built-in FER-2013 one")),
    LANDMARKS(OptionSpec.bool("landmarks", false, "Landmarks (eyes, nose, mouth, ears)",
            "draw the 6 landmarks on the annotated images")),
    TRACK(OptionSpec.bool("track", false, "Track faces through the stack (movies)",
            "follow each face through the planes of a stack (movie): a track column in the results, one row per track")),
    MAX_GAP(OptionSpec.integer("max_gap", TrackerOptions.DEFAULT_MAX_GAP, 0, TrackerOptions.LARGEST_MAX_GAP,
            "Max_gap a face may be missing", "frames a face may be missing and keep its track")
            .allowedAs("0 or more frames")),
    MIN_TRACK(OptionSpec.integer("min_track", TrackerOptions.DEFAULT_MIN_TRACK_LENGTH, 1, TrackerOptions.LARGEST_MAX_GAP,
            "Min_track length", "shorter tracks are dropped, their faces get track 0").allowedAs("at least 1 frame")),
    SMOOTH(OptionSpec.number("smooth", TrackerOptions.DEFAULT_SMOOTHING, 0, TrackerOptions.MAX_SMOOTHING,
            "Smooth probabilities along tracks", "smooth the probabilities along a track (0: off)")
            .allowedAs("between 0 (off) and " + TrackerOptions.MAX_SMOOTHING)),
    APPEARANCE(OptionSpec.bool("appearance", true, "Appearance (re-identify faces after gaps)",
            "track by appearance as well as motion (off: faster, no re-identification after gaps)")),
    DETECT_EVERY(OptionSpec.integer("detect_every", 1, 1, 1000, "Detect_every n-th frame (follow tracks between)",
            "with tracking: detect faces on every N-th frame only, follow the tracks between (faster; a face entering"
                    + " is found up to N-1 frames late)").allowedAs("1 (every frame) or more"));

    /** The options of detection and classification, which every analysing entry point takes. */
    public static final List<AnalysisOption> ANALYSIS = List.of(MIN_FACE, THRESHOLD, MAX_FACES, FRAMING, SHIFT, FLIP,
            SHIFT_TTA, MODEL, ALIGN);
    /** The options of tracking (with {@link #TRACK}). */
    public static final List<AnalysisOption> TRACKING = List.of(MAX_GAP, MIN_TRACK, SMOOTH, APPEARANCE, DETECT_EVERY);

    private final OptionSpec spec;

    AnalysisOption(OptionSpec spec) {
        this.spec = spec;
    }

    public OptionSpec spec() {
        return spec;
    }

    public String key() {
        return spec.key();
    }

    /** The command line's flag: {@code --key} for an option that is off by default, {@code --no-key} for one on. */
    public String cliFlag() {
        return spec.type() == OptionSpec.Type.BOOLEAN && Boolean.parseBoolean(spec.defaultValue()) ? "no-" + spec.flag() : spec.flag();
    }
}
