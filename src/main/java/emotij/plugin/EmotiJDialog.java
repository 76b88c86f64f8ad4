package emotij.plugin;

import emotij.ij.EmotiJSettings;
import emotij.options.AnalysisOption;
import ij.IJ;
import ij.Macro;
import ij.gui.GenericDialog;

/**
 * The options dialogs of the menu commands. Each label starts with its macro key (see {@link EmotiJSettings}), so
 * the Recorder writes e.g. {@code run("Classify Expressions", "min_face=60 threshold=0.50 ...")}.
 */
final class EmotiJDialog {

    private EmotiJDialog() {
    }

    static void requireChoice(String options, String key, String[] allowed) {
        String value = macroValue(options, key);
        if (value == null) return;
        for (String a : allowed) if (a.equals(value)) return;
        throw new IllegalArgumentException("EmotiJ option " + key + "=" + value + " is not valid: use one of "
                + String.join(", ", allowed));
    }

    /**
     * The value of {@code key} in macro options, or null; the key must be a whole word (ImageJ's Macro.getValue
     * would find "faces" inside "max_faces=100").
     */
    static String macroValue(String options, String key) {
        java.util.regex.Matcher m = java.util.regex.Pattern
                .compile("(?:^|\\s)" + java.util.regex.Pattern.quote(key) + "=(\\[[^\\]]*\\]|\\S+)").matcher(options);
        if (!m.find()) return null;
        String v = m.group(1);
        return v.startsWith("[") ? v.substring(1, v.length() - 1) : v;
    }

    /** A number field of a declared option: its label (which starts with its macro key), the value shown. */
    private static void addNumber(GenericDialog gd, AnalysisOption o, double value, int digits, String units) {
        gd.addNumericField(o.spec().label(), value, digits, 6, units);
    }

    private static void addCheckbox(GenericDialog gd, AnalysisOption o, boolean value) {
        gd.addCheckbox(o.spec().label(), value);
    }

    static void addDetection(GenericDialog gd, EmotiJSettings s, boolean stack) {
        addNumber(gd, AnalysisOption.MIN_FACE, s.minFace, 0, "pixels");
        addNumber(gd, AnalysisOption.THRESHOLD, s.threshold, 2, "0-1");
        addNumber(gd, AnalysisOption.MAX_FACES, s.maxFaces, 0, "");
        if (stack) gd.addChoice("Process", EmotiJSettings.PROCESS_CHOICES, s.process);
    }

    static void readDetection(GenericDialog gd, EmotiJSettings s, boolean stack) {
        s.minFace = gd.getNextNumber();
        s.threshold = gd.getNextNumber();
        s.maxFaces = (int) gd.getNextNumber();
        s.process = stack ? gd.getNextChoice() : EmotiJSettings.PROCESS_CURRENT;
    }

    static void addClassification(GenericDialog gd, EmotiJSettings s) {
        addNumber(gd, AnalysisOption.FRAMING, s.framing, 2, "");
        addNumber(gd, AnalysisOption.SHIFT, s.shift, 2, "");
        addCheckbox(gd, AnalysisOption.FLIP, s.flip);
        // off by default: a macro recorded before it existed (no key: off) runs as it did
        addCheckbox(gd, AnalysisOption.SHIFT_TTA, s.shiftTta);
        addCheckbox(gd, AnalysisOption.ALIGN, s.align);
        addFolderField(gd, AnalysisOption.MODEL.spec().label(), s.model);
    }

    static void readClassification(GenericDialog gd, EmotiJSettings s) {
        s.framing = gd.getNextNumber();
        s.shift = gd.getNextNumber();
        s.flip = gd.getNextBoolean();
        s.shiftTta = gd.getNextBoolean();
        s.align = gd.getNextBoolean();
        s.model = gd.getNextString();
    }

    /** A folder field with a Browse button; a plain text field headless (ij1-patcher's dialog has no folder fields). */
    static void addFolderField(GenericDialog gd, String label, String value) {
        if (java.awt.GraphicsEnvironment.isHeadless()) gd.addStringField(label, value, 40);
        else gd.addDirectoryField(label, value, 40);
    }

    static void addOutput(GenericDialog gd, EmotiJSettings s, boolean plot) {
        addCheckbox(gd, AnalysisOption.LANDMARKS, s.landmarks);
        gd.addCheckbox("Roi_manager (add the faces)", s.roiManager);
        if (plot) gd.addCheckbox("Plot emotions per plane (stacks)", s.plot);
    }

    static void readOutput(GenericDialog gd, EmotiJSettings s, boolean plot) {
        s.landmarks = gd.getNextBoolean();
        s.roiManager = gd.getNextBoolean();
        if (plot) s.plot = gd.getNextBoolean();
    }

    /**
     * The tracking fields. Not {@code appearance} (on by default): a checkbox whose key a macro lacks reads as off,
     * so macros recorded before would track by motion alone; it is a SciJava parameter and a command-line flag.
     */
    static void addTracking(GenericDialog gd, EmotiJSettings s) {
        addCheckbox(gd, AnalysisOption.TRACK, s.track);
        addNumber(gd, AnalysisOption.MAX_GAP, s.maxGap, 0, "frames");
        addNumber(gd, AnalysisOption.MIN_TRACK, s.minTrack, 0, "frames");
        addNumber(gd, AnalysisOption.SMOOTH, s.smooth, 2, "0 = off, up to " + AnalysisOption.SMOOTH.spec().max());
        addNumber(gd, AnalysisOption.DETECT_EVERY, s.detectEvery, 0, "frames");
    }

    static void readTracking(GenericDialog gd, EmotiJSettings s) {
        s.track = gd.getNextBoolean();
        s.maxGap = (int) gd.getNextNumber();
        s.minTrack = (int) gd.getNextNumber();
        s.smooth = gd.getNextNumber();
        s.detectEvery = (int) gd.getNextNumber();
    }

    /** False (after a message that stops a macro) if a number key of the macro options holds no number. */
    static boolean macroNumbersValid() {
        String options = Macro.getOptions();
        if (options == null) return true;
        try {
            EmotiJSettings.requireNumbers(key -> macroValue(options, key));
            return true;
        } catch (IllegalArgumentException e) {
            IJ.error("EmotiJ", e.getMessage());
            return false;
        }
    }

    /** Checks the settings; remembers them unless a macro runs the command. False (after a message) if bad. */
    static boolean accept(EmotiJSettings s) {
        try {
            // a macro's choice value that is not in the list would be replaced silently by the default headless
            String options = Macro.getOptions();
            if (options != null) {
                requireChoice(options, EmotiJSettings.FACES, EmotiJSettings.FACES_CHOICES);
                requireChoice(options, EmotiJSettings.PROCESS, EmotiJSettings.PROCESS_CHOICES);
            }
            s.validate();
        } catch (IllegalArgumentException e) {
            IJ.error("EmotiJ", e.getMessage());
            return false;
        }
        if (Macro.getOptions() == null) s.remember();
        return true;
    }
}
