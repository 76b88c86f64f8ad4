package emotij.ij;

import emotij.classify.ClassifierOptions;
import emotij.detect.DetectorOptions;
import emotij.options.AnalysisOption;
import emotij.options.OptionSpec;
import ij.Prefs;

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
    /** A trained model folder ({@code emotij train}); empty for the built-in FER-2013 classifier. */
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
    /** Trained model folder, or empty for the built-in classifier. */
    public String model = "";

    /** The settings of the last interactive run (ImageJ preferences), or the defaults. */
    public static EmotiJSettings remembered() {
        EmotiJSettings s = new EmotiJSettings();
        s.minFace = Prefs.get(PREFS + MIN_FACE, s.minFace);
        s.threshold = Prefs.get(PREFS + THRESHOLD, s.threshold);
        s.maxFaces = (int) Prefs.get(PREFS + MAX_FACES, s.maxFaces);
        s.process = Prefs.get(PREFS + PROCESS, s.process);
        s.faces = Prefs.get(PREFS + FACES, s.faces);
        s.framing = Prefs.get(PREFS + FRAMING, s.framing);
        s.shift = Prefs.get(PREFS + SHIFT, s.shift);
        s.flip = Prefs.get(PREFS + FLIP, s.flip);
        s.shiftTta = Prefs.get(PREFS + SHIFT_TTA, s.shiftTta);
        s.align = Prefs.get(PREFS + ALIGN, s.align);
        s.landmarks = Prefs.get(PREFS + LANDMARKS, s.landmarks);
        s.roiManager = Prefs.get(PREFS + ROI_MANAGER, s.roiManager);
        s.plot = Prefs.get(PREFS + PLOT, s.plot);
        s.track = Prefs.get(PREFS + TRACK, s.track);
        s.maxGap = (int) Prefs.get(PREFS + MAX_GAP, s.maxGap);
        s.minTrack = (int) Prefs.get(PREFS + MIN_TRACK, s.minTrack);
        s.smooth = Prefs.get(PREFS + SMOOTH, s.smooth);
        s.appearance = Prefs.get(PREFS + APPEARANCE, s.appearance);
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
        Prefs.set(PREFS + SHIFT, shift);
        Prefs.set(PREFS + FLIP, flip);
        Prefs.set(PREFS + SHIFT_TTA, shiftTta);
        Prefs.set(PREFS + ALIGN, align);
        Prefs.set(PREFS + LANDMARKS, landmarks);
        Prefs.set(PREFS + ROI_MANAGER, roiManager);
        Prefs.set(PREFS + PLOT, plot);
        Prefs.set(PREFS + TRACK, track);
        Prefs.set(PREFS + MAX_GAP, maxGap);
        Prefs.set(PREFS + MIN_TRACK, minTrack);
        Prefs.set(PREFS + SMOOTH, smooth);
        Prefs.set(PREFS + APPEARANCE, appearance);
        Prefs.set(PREFS + DETECT_EVERY, detectEvery);
        Prefs.set(PREFS + MODEL, model);
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
        model = model == null ? "" : model.trim();
        if (!model.isEmpty() && !emotij.train.TrainedModel.isModelFolder(java.nio.file.Path.of(model))) {
            bad(MODEL, model, "empty (the built-in FER-2013 classifier) or a folder made by Train Expression Classifier");
        }
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

    /** The trained model folder, or null for the built-in classifier. */
    public java.nio.file.Path modelFolder() {
        return model == null || model.isBlank() ? null : java.nio.file.Path.of(model.trim());
    }

    /** What a folder batch makes of each file with these settings (tracking when {@link #track}). */
    public emotij.batch.FolderBatch.Settings batchSettings(boolean annotate) {
        return new emotij.batch.FolderBatch.Settings(annotate, landmarks, track ? trackerOptions() : null, detectEvery);
    }

    public ClassifierOptions classifierOptions() {
        return new ClassifierOptions().withFraming(framing).withVerticalShift(shift).withFlipAugment(flip)
                .withShiftAugment(shiftTta).withAlignEyes(align);
    }
}
