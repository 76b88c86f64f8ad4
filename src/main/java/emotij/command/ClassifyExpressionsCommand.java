package emotij.command;

import emotij.ij.EmotiJSettings;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Classify Expressions for scripts and headless runs (same parameters as the menu command's macro keys). */
@Plugin(type = Command.class, headless = true, label = "EmotiJ: Classify Expressions",
        description = "Finds faces (or takes the selection or ROI Manager ROIs) and classifies their expressions")
public class ClassifyExpressionsCommand extends FaceCommand {

    @Parameter(label = "Faces from", choices = {EmotiJSettings.FACES_DETECT, EmotiJSettings.FACES_SELECTION,
            EmotiJSettings.FACES_MANAGER})
    String faces = EmotiJSettings.FACES_DETECT;

    @Parameter(label = "Framing (crop side / face box)", min = "0.3", max = "4")
    double framing = new EmotiJSettings().framing;

    @Parameter(label = "Flip augmentation")
    boolean flip = true;

    @Parameter(label = "Align eyes")
    boolean align = true;

    @Parameter(label = "Model (accurate, fast, or a trained model folder)", required = false,
            description = emotij.pipeline.ExpressionModels.CHOICES)
    String model = emotij.pipeline.ExpressionModels.DEFAULT;

    @Parameter(label = "Plot emotions per plane")
    boolean plot = true;

    @Parameter(label = "Track faces through the stack")
    boolean track;

    @Parameter(label = "Maximum gap (frames)", min = "0")
    int max_gap = new EmotiJSettings().maxGap;

    @Parameter(label = "Minimum track length (frames)", min = "1")
    int min_track = new EmotiJSettings().minTrack;

    @Parameter(label = "Smooth probabilities along tracks", min = "0", max = "0.95")
    double smooth = new EmotiJSettings().smooth;

    @Parameter(label = "Detect every n-th frame (tracking)", min = "1")
    int detect_every = 1;

    @Parameter(label = "Tracks", type = org.scijava.ItemIO.OUTPUT)
    ij.measure.ResultsTable tracks;

    @Override
    public void run() {
        EmotiJSettings s = settings();
        s.faces = faces;
        s.framing = framing;
        s.flip = flip;
        s.align = align;
        s.model = model == null ? "" : model;
        s.plot = plot;
        s.track = track;
        s.maxGap = max_gap;
        s.minTrack = min_track;
        s.smooth = smooth;
        s.detectEvery = detect_every;
        tracks = run(s, true).tracks;
    }
}
