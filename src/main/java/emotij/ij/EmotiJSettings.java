package emotij.ij;

import emotij.classify.ClassifierOptions;
import emotij.detect.DetectorOptions;
import emotij.options.AnalysisOption;
import emotij.options.OptionSpec;
import ij.Prefs;

import java.util.List;
import java.util.Locale;

/**
 * Every user-facing option of the ImageJ commands, with its key, in one place. The keys are the macro keys of the
 * ImageJ 1.x dialogs (the first word of each label) and the parameter names of the SciJava commands, so a
 * recorded macro and a script use the same names.
 */
public final class EmotiJSettings {

    // parameter keys: short and stable, never rename (the options' keys are declared in AnalysisOption)
    public static final String MIN_FACE = AnalysisOption.MIN_FACE.key();
    public static final String THRESHOLD = AnalysisOption.THRESHOLD.key();
    public static final String MAX_FACES = AnalysisOption.MAX_FACES.key();
    public static final String PROCESS = "process";
    public static final String FACES = "faces";
    public static final String FRAMING = AnalysisOption.FRAMING.key();
    public static final String SHIFT = AnalysisOption.SHIFT.key();
    public static final String FLIP = AnalysisOption.FLIP.key();
    public static final String SHIFT_TTA = AnalysisOption.SHIFT_TTA.key();
    public static final String ALIGN = AnalysisOption.ALIGN.key();
    public static final String LANDMARKS = AnalysisOption.LANDMARKS.key();
    public static final String ROI_MANAGER = "roi_manager";
    public static final String PLOT = "plot";
    public static final String TRACK = AnalysisOption.TRACK.key();
    public static final String MAX_GAP = AnalysisOption.MAX_GAP.key();
    public static final String MIN_TRACK = AnalysisOption.MIN_TRACK.key();
    public static final String SMOOTH = AnalysisOption.SMOOTH.key();
    public static final String APPEARANCE = AnalysisOption.APPEARANCE.key();
    public static final String DETECT_EVERY = AnalysisOption.DETECT_EVERY.key();
    /** {@code accurate}, {@code fast} or a trained model folder ({@code emotij train}). */
    public static final String MODEL = AnalysisOption.MODEL.key();

    /** The keys whose values are numbers. */
    public static final String[] NUMBER_KEYS = numberKeys();

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
    public double shift = ClassifierOptions.DEFAULT_VERTICAL_SHIFT;
    public boolean flip = true;
    public boolean shiftTta = false;
    public boolean align = true;
    public boolean landmarks = false;
    public boolean roiManager = false;
    public boolean plot = true;
    public boolean track = false;
    public int maxGap = emotij.track.TrackerOptions.DEFAULT_MAX_GAP;
    public int minTrack = emotij.track.TrackerOptions.DEFAULT_MIN_TRACK_LENGTH;
    public double smooth = emotij.track.TrackerOptions.DEFAULT_SMOOTHING;
    /** Tracking re-identifies faces by their appearance as well as by motion. */
    public boolean appearance = true;
    /** With tracking: run the detector on every n-th frame only, follow the tracks in between. */
    public int detectEvery = 1;
    /** accurate, fast or a trained model folder; empty for the default (accurate). */
    public String model = emotij.pipeline.ExpressionModels.DEFAULT;

    /** The settings of the last interactive run (ImageJ preferences), or the defaults. */
    public static EmotiJSettings remembered() {
        EmotiJSettings s = new EmotiJSettings();
        try {
            for (java.lang.reflect.Field f : settingFields()) {
                String key = PREFS + key(f);
                Class<?> t = f.getType();
                if (t == double.class) f.setDouble(s, Prefs.get(key, f.getDouble(s)));
                else if (t == int.class) f.setInt(s, (int) Prefs.get(key, f.getInt(s)));
                else if (t == boolean.class) f.setBoolean(s, Prefs.get(key, f.getBoolean(s)));
                else f.set(s, Prefs.get(key, (String) f.get(s)));
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
        // a preference file edited by hand must not break the dialog
        if (!contains(PROCESS_CHOICES, s.process)) s.process = PROCESS_CURRENT;
        if (!contains(FACES_CHOICES, s.faces)) s.faces = FACES_DETECT;
        return s;
    }

    /** Remembers these settings for the next run (call only for interactive runs, not macros). */
    public void remember() {
        try {
            for (java.lang.reflect.Field f : settingFields()) {
                String key = PREFS + key(f);
                Class<?> t = f.getType();
                if (t == double.class) Prefs.set(key, f.getDouble(this));
                else if (t == int.class) Prefs.set(key, f.getInt(this));
                else if (t == boolean.class) Prefs.set(key, f.getBoolean(this));
                else Prefs.set(key, (String) f.get(this));
            }
        } catch (IllegalAccessException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Every setting: the public instance fields, each remembered under its key. */
    private static List<java.lang.reflect.Field> settingFields() {
        List<java.lang.reflect.Field> fields = new java.util.ArrayList<>();
        for (java.lang.reflect.Field f : EmotiJSettings.class.getFields()) {
            if (!java.lang.reflect.Modifier.isStatic(f.getModifiers())) fields.add(f);
        }
        return fields;
    }

    /** A setting's key: its field's name in snake case ({@code minFace}: {@code min_face}). */
    static String key(java.lang.reflect.Field f) {
        return f.getName().replaceAll("([A-Z])", "_$1").toLowerCase(Locale.ROOT);
    }

    /**
     * Checks every value; the message names the key, the bad value and what is allowed.
     *
     * @throws IllegalArgumentException for a bad value
     */
    public void validate() {
        // the ranges are the declared ones (AnalysisOption), as on the command line and in the core
        check(AnalysisOption.MIN_FACE, minFace);
        check(AnalysisOption.THRESHOLD, threshold);
        check(AnalysisOption.MAX_FACES, maxFaces);
        check(AnalysisOption.FRAMING, framing);
        check(AnalysisOption.SHIFT, shift);
        check(AnalysisOption.MAX_GAP, maxGap);
        check(AnalysisOption.MIN_TRACK, minTrack);
        check(AnalysisOption.SMOOTH, smooth);
        check(AnalysisOption.DETECT_EVERY, detectEvery);
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

    private static void check(AnalysisOption option, double value) {
        if (!option.spec().inRange(value)) bad(option.key(), value, option.spec().allowed());
    }

    private static void check(AnalysisOption option, int value) {
        if (!option.spec().inRange(value)) bad(option.key(), value, option.spec().allowed());
    }

    private static String[] numberKeys() {
        java.util.List<String> keys = new java.util.ArrayList<>();
        for (AnalysisOption o : AnalysisOption.values()) {
            if (o.spec().type() == OptionSpec.Type.NUMBER || o.spec().type() == OptionSpec.Type.INTEGER) keys.add(o.key());
        }
        return keys.toArray(new String[0]);
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
        return new emotij.track.TrackerOptions().withMaxGap(maxGap).withMinTrackLength(minTrack).withSmoothing(smooth)
                .withAppearance(appearance);
    }

    /** The classifier: accurate, fast or a trained model folder. */
    public String modelName() {
        return emotij.pipeline.ExpressionModels.normalise(model);
    }

    /** What a folder batch makes of each file with these settings (tracking when {@link #track}). */
    public emotij.batch.FolderBatch.Settings batchSettings(boolean annotate) {
        return new emotij.batch.FolderBatch.Settings(annotate, landmarks, track ? trackerOptions() : null, detectEvery);
    }

    public ClassifierOptions classifierOptions() {
        return new ClassifierOptions().withFraming(framing).withVerticalShift(shift).withFlipAugment(flip)
                .withShiftAugment(shiftTta).withAlignEyes(align);
    }

    /** An analyzer with these settings on the session's shared models (loaded on first use); do not close it. */
    public emotij.pipeline.FaceAnalyzer sharedAnalyzer() throws java.io.IOException {
        return emotij.batch.SharedModels.analyzer(detectorOptions(), classifierOptions(), modelName());
    }
}
