package emotij.plugin;

import emotij.ij.EmotiJSettings;
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

    static void addDetection(GenericDialog gd, EmotiJSettings s, boolean stack) {
        gd.addNumericField("Min_face size", s.minFace, 0, 6, "pixels");
        gd.addNumericField("Threshold (detection score)", s.threshold, 2, 6, "0-1");
        gd.addNumericField("Max_faces per plane", s.maxFaces, 0, 6, "");
        if (stack) gd.addChoice("Process", EmotiJSettings.PROCESS_CHOICES, s.process);
    }

    static void readDetection(GenericDialog gd, EmotiJSettings s, boolean stack) {
        s.minFace = gd.getNextNumber();
        s.threshold = gd.getNextNumber();
        s.maxFaces = (int) gd.getNextNumber();
        s.process = stack ? gd.getNextChoice() : EmotiJSettings.PROCESS_CURRENT;
    }

    static void addClassification(GenericDialog gd, EmotiJSettings s) {
        gd.addNumericField("Framing (crop side / face box)", s.framing, 2, 6, "");
        gd.addCheckbox("Flip augmentation (average with the mirror image)", s.flip);
        gd.addCheckbox("Align eyes (rotate faces upright)", s.align);
        addFolderField(gd, "Model (accurate, fast, or a trained model folder)", s.model);
    }

    static void readClassification(GenericDialog gd, EmotiJSettings s) {
        s.framing = gd.getNextNumber();
        s.flip = gd.getNextBoolean();
        s.align = gd.getNextBoolean();
        s.model = gd.getNextString();
    }

    /** A folder field with a Browse button; a plain text field headless (ij1-patcher's dialog has no folder fields). */
    static void addFolderField(GenericDialog gd, String label, String value) {
        if (java.awt.GraphicsEnvironment.isHeadless()) gd.addStringField(label, value, 40);
        else gd.addDirectoryField(label, value, 40);
    }

    static void addOutput(GenericDialog gd, EmotiJSettings s, boolean plot) {
        gd.addCheckbox("Landmarks (eyes, nose, mouth, ears)", s.landmarks);
        gd.addCheckbox("Roi_manager (add the faces)", s.roiManager);
        if (plot) gd.addCheckbox("Plot emotions per plane (stacks)", s.plot);
    }

    static void readOutput(GenericDialog gd, EmotiJSettings s, boolean plot) {
        s.landmarks = gd.getNextBoolean();
        s.roiManager = gd.getNextBoolean();
        if (plot) s.plot = gd.getNextBoolean();
    }

    static void addTracking(GenericDialog gd, EmotiJSettings s) {
        gd.addCheckbox("Track faces through the stack (movies)", s.track);
        gd.addNumericField("Max_gap a face may be missing", s.maxGap, 0, 6, "frames");
        gd.addNumericField("Min_track length", s.minTrack, 0, 6, "frames");
        gd.addNumericField("Smooth probabilities along tracks", s.smooth, 2, 6, "0 = off, up to 0.95");
        gd.addNumericField("Detect_every n-th frame (follow tracks between)", s.detectEvery, 0, 6, "frames");
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
