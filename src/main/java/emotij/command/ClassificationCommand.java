package emotij.command;

import emotij.ij.EmotiJSettings;
import org.scijava.plugin.Parameter;

/** The detection, classification and tracking parameters of the classifying SciJava commands (see DetectionCommand). */
abstract class ClassificationCommand extends DetectionCommand {

    @Parameter(label = "Framing (crop side / face box)", min = "0.3", max = "4")
    double framing = new EmotiJSettings().framing;

    @Parameter(label = "Shift the face crop down (box heights)", min = "-0.9", max = "0.9")
    double shift = new EmotiJSettings().shift;

    @Parameter(label = "Flip augmentation")
    boolean flip = true;

    @Parameter(label = "Shift augmentation (4 shifted crops)")
    boolean shift_tta;

    @Parameter(label = "Align eyes")
    boolean align = true;

    @Parameter(label = "Trained model folder (empty: built-in FER-2013)", required = false)
    String model = "";

    @Parameter(label = "Track faces through the stack")
    boolean track;

    @Parameter(label = "Maximum gap (frames)", min = "0", max = "100000")
    int max_gap = new EmotiJSettings().maxGap;

    @Parameter(label = "Minimum track length (frames)", min = "1", max = "100000")
    int min_track = new EmotiJSettings().minTrack;

    @Parameter(label = "Smooth probabilities along tracks", min = "0", max = "0.95")
    double smooth = new EmotiJSettings().smooth;

    @Parameter(label = "Re-identify faces by appearance (tracking)")
    boolean appearance = true;

    @Parameter(label = "Detect every n-th frame (tracking)", min = "1", max = "1000")
    int detect_every = 1;

    @Override
    EmotiJSettings settings() {
        EmotiJSettings s = super.settings();
        s.framing = framing;
        s.shift = shift;
        s.flip = flip;
        s.shiftTta = shift_tta;
        s.align = align;
        s.model = model == null ? "" : model;
        s.track = track;
        s.maxGap = max_gap;
        s.minTrack = min_track;
        s.smooth = smooth;
        s.appearance = appearance;
        s.detectEvery = detect_every;
        return s;
    }
}
