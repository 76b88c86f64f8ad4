package emotij.ij;

import emotij.classify.ClassifierOptions;
import emotij.detect.DetectorOptions;
import ij.Prefs;

import java.util.Locale;

/**
 * Every user-facing option of the ImageJ commands, with its key, in one place. The keys are the macro keys of the
 * ImageJ 1.x dialogs (the first word of each label) and the parameter names of the SciJava commands, so a
 * recorded macro and a script use the same names.
 */
public final class EmotiJSettings {

    // parameter keys: short and stable, never rename
    public static final String MIN_FACE = "min_face";
    public static final String THRESHOLD = "threshold";
    public static final String MAX_FACES = "max_faces";
    public static final String PROCESS = "process";
    public static final String FACES = "faces";
    public static final String FRAMING = "framing";
    public static final String FLIP = "flip";
    public static final String ALIGN = "align";
    public static final String LANDMARKS = "landmarks";
    public static final String ROI_MANAGER = "roi_manager";
    public static final String PLOT = "plot";
    public static final String TRACK = "track";
    public static final String MAX_GAP = "max_gap";
    public static final String MIN_TRACK = "min_track";
    public static final String SMOOTH = "smooth";
    public static final String DETECT_EVERY = "detect_every";
    /** {@code accurate}, {@code fast} or a trained model folder ({@code emotij train}); empty for the default. */
    public static final String MODEL = "model";

    /** The keys whose values are numbers. */
    public static final String[] NUMBER_KEYS = {MIN_FACE, THRESHOLD, MAX_FACES, FRAMING, MAX_GAP, MIN_TRACK, SMOOTH, DETECT_EVERY};

    /** Which planes of a stack are processed. */
    public static final String PROCESS_CURRENT = "current";
    public static final String PROCESS_SLICES = "slices";
    public static final String PROCESS_FRAMES = "frames";
    public static final String PROCESS_ALL = "all";
    public static final String[] PROCESS_CHOICES = {PROCESS_CURRENT, PROCESS_SLICES, PROCESS_FRAMES, PROCESS_ALL};

    /** Where the faces to classify come from. */
    public static final String FACES_DETECT = "detect";
    public static final String FACES_SELECTION = "selection";
    public static final String FACES_MANAGER = "manager";
    public static final String[] FACES_CHOICES = {FACES_DETECT, FACES_SELECTION, FACES_MANAGER};

    private static final String PREFS = "emotij.";

    public double minFace = DetectorOptions.DEFAULT_MIN_FACE_SIZE;
    public double threshold = DetectorOptions.DEFAULT_SCORE_THRESHOLD;
    public int maxFaces = DetectorOptions.DEFAULT_MAX_FACES;
    public String process = PROCESS_CURRENT;
    public String faces = FACES_DETECT;
    public double framing = ClassifierOptions.DEFAULT_FRAMING;
    public boolean flip = true;
    public boolean align = true;
    public boolean landmarks = false;
    public boolean roiManager = false;
    public boolean plot = true;
    public boolean track = false;
    public int maxGap = emotij.track.TrackerOptions.DEFAULT_MAX_GAP;
    public int minTrack = emotij.track.TrackerOptions.DEFAULT_MIN_TRACK_LENGTH;
    public double smooth = emotij.track.TrackerOptions.DEFAULT_SMOOTHING;
    /** With tracking: run the detector on every n-th frame only, follow the tracks in between. */
    public int detectEvery = 1;
    /** accurate, fast or a trained model folder; empty for the default (accurate). */
    public String model = emotij.pipeline.ExpressionModels.DEFAULT;

    /** The settings of the last interactive run (ImageJ preferences), or the defaults. */
    public static EmotiJSettings remembered() {
        EmotiJSettings s = new EmotiJSettings();
        s.minFace = Prefs.get(PREFS + MIN_FACE, s.minFace);
        s.threshold = Prefs.get(PREFS + THRESHOLD, s.threshold);
        s.maxFaces = (int) Prefs.get(PREFS + MAX_FACES, s.maxFaces);
        s.process = Prefs.get(PREFS + PROCESS, s.process);
        s.faces = Prefs.get(PREFS + FACES, s.faces);
        s.framing = Prefs.get(PREFS + FRAMING, s.framing);
        s.flip = Prefs.get(PREFS + FLIP, s.flip);
        s.align = Prefs.get(PREFS + ALIGN, s.align);
        s.landmarks = Prefs.get(PREFS + LANDMARKS, s.landmarks);
        s.roiManager = Prefs.get(PREFS + ROI_MANAGER, s.roiManager);
        s.plot = Prefs.get(PREFS + PLOT, s.plot);
        s.track = Prefs.get(PREFS + TRACK, s.track);
        s.maxGap = (int) Prefs.get(PREFS + MAX_GAP, s.maxGap);
        s.minTrack = (int) Prefs.get(PREFS + MIN_TRACK, s.minTrack);
        s.smooth = Prefs.get(PREFS + SMOOTH, s.smooth);
        s.detectEvery = (int) Prefs.get(PREFS + DETECT_EVERY, s.detectEvery);
        s.model = Prefs.get(PREFS + MODEL, s.model);
        // a preference file edited by hand must not break the dialog
        if (!contains(PROCESS_CHOICES, s.process)) s.process = PROCESS_CURRENT;
        if (!contains(FACES_CHOICES, s.faces)) s.faces = FACES_DETECT;
        return s;
    }

    /** Remembers these settings for the next run (call only for interactive runs, not macros). */
    public void remember() {
        Prefs.set(PREFS + MIN_FACE, minFace);
        Prefs.set(PREFS + THRESHOLD, threshold);
        Prefs.set(PREFS + MAX_FACES, maxFaces);
        Prefs.set(PREFS + PROCESS, process);
        Prefs.set(PREFS + FACES, faces);
        Prefs.set(PREFS + FRAMING, framing);
        Prefs.set(PREFS + FLIP, flip);
        Prefs.set(PREFS + ALIGN, align);
        Prefs.set(PREFS + LANDMARKS, landmarks);
        Prefs.set(PREFS + ROI_MANAGER, roiManager);
        Prefs.set(PREFS + PLOT, plot);
        Prefs.set(PREFS + TRACK, track);
        Prefs.set(PREFS + MAX_GAP, maxGap);
        Prefs.set(PREFS + MIN_TRACK, minTrack);
        Prefs.set(PREFS + SMOOTH, smooth);
        Prefs.set(PREFS + DETECT_EVERY, detectEvery);
        Prefs.set(PREFS + MODEL, model);
    }

    /**
     * Checks every value; the message names the key, the bad value and what is allowed.
     *
     * @throws IllegalArgumentException for a bad value
     */
    public void validate() {
        if (!(minFace >= DetectorOptions.SMALLEST_MIN_FACE_SIZE && minFace <= 100000)) {
            bad(MIN_FACE, minFace, "a size in pixels, at least " + (int) DetectorOptions.SMALLEST_MIN_FACE_SIZE
                    + " (smaller faces are too small for the detector; scale the image up to find them)");
        }
        if (!(threshold >= 0 && threshold <= 1)) bad(THRESHOLD, threshold, "a score between 0 and 1");
        if (maxFaces < 1) bad(MAX_FACES, maxFaces, "at least 1");
        if (!(framing >= 0.3 && framing <= 4)) bad(FRAMING, framing, "between 0.3 and 4");
        if (maxGap < 0) bad(MAX_GAP, maxGap, "0 or more frames");
        if (minTrack < 1) bad(MIN_TRACK, minTrack, "at least 1 frame");
        if (!(smooth >= 0 && smooth <= 0.95)) bad(SMOOTH, smooth, "between 0 (off) and 0.95");
        if (detectEvery < 1) bad(DETECT_EVERY, detectEvery, "1 (every frame) or more");
        process = process == null ? "" : process.toLowerCase(Locale.ROOT);
        faces = faces == null ? "" : faces.toLowerCase(Locale.ROOT);
        if (!contains(PROCESS_CHOICES, process)) bad(PROCESS, process, "one of " + String.join(", ", PROCESS_CHOICES));
        if (!contains(FACES_CHOICES, faces)) bad(FACES, faces, "one of " + String.join(", ", FACES_CHOICES));
        model = emotij.pipeline.ExpressionModels.normalise(model);
        if (emotij.pipeline.ExpressionModels.problem(model) != null) bad(MODEL, model, emotij.pipeline.ExpressionModels.CHOICES);
    }

    /**
     * Checks that the number keys of macro options hold numbers (before a dialog reads them: ij1-patcher's headless
     * dialog throws a NumberFormatException on {@code min_face=abc}, after which a macro would go on).
     *
     * @param macroValue the value of a key in the macro options, or null where the key is absent
     * @throws IllegalArgumentException naming the first key that holds no number
     */
    public static void requireNumbers(java.util.function.UnaryOperator<String> macroValue) {
        for (String key : NUMBER_KEYS) {
            String v = macroValue.apply(key);
            if (v != null && Double.isNaN(ij.util.Tools.parseDouble(v))) bad(key, v, "a number");
        }
    }

    private static void bad(String key, Object value, String allowed) {
        throw new IllegalArgumentException("EmotiJ option " + key + "=" + value + " is not valid: use " + allowed);
    }

    private static boolean contains(String[] choices, String v) {
        for (String c : choices) if (c.equals(v)) return true;
        return false;
    }

    public DetectorOptions detectorOptions() {
        return new DetectorOptions().withMinFaceSize(minFace).withScoreThreshold(threshold).withMaxFaces(maxFaces);
    }

    public emotij.track.TrackerOptions trackerOptions() {
        return new emotij.track.TrackerOptions().withMaxGap(maxGap).withMinTrackLength(minTrack).withSmoothing(smooth);
    }

    /** The classifier: accurate, fast or a trained model folder. */
    public String modelName() {
        return emotij.pipeline.ExpressionModels.normalise(model);
    }

    public ClassifierOptions classifierOptions() {
        return new ClassifierOptions().withFraming(framing).withFlipAugment(flip).withAlignEyes(align);
    }
}
