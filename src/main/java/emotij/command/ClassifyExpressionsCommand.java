package emotij.command;

import emotij.ij.EmotiJRun;
import emotij.ij.EmotiJSettings;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Classify Expressions for scripts and headless runs (same parameters as the menu command's macro keys). */
@Plugin(type = Command.class, headless = true, label = "EmotiJ: Classify Expressions",
        description = "Finds faces (or takes the selection or ROI Manager ROIs) and classifies their expressions")
public class ClassifyExpressionsCommand extends ClassificationCommand {

    @Parameter(label = "Image")
    ImagePlus imp;

    @Parameter(label = "Faces from", choices = {EmotiJSettings.FACES_DETECT, EmotiJSettings.FACES_SELECTION,
            EmotiJSettings.FACES_MANAGER})
    String faces = EmotiJSettings.FACES_DETECT;

    @Parameter(label = "Process", choices = {EmotiJSettings.PROCESS_CURRENT, EmotiJSettings.PROCESS_SLICES,
            EmotiJSettings.PROCESS_FRAMES, EmotiJSettings.PROCESS_ALL})
    String process = EmotiJSettings.PROCESS_CURRENT;

    @Parameter(label = "Add faces to the ROI Manager")
    boolean roi_manager;

    @Parameter(label = "Plot emotions per plane")
    boolean plot = true;

    @Parameter(label = "Faces found", type = ItemIO.OUTPUT)
    int face_count;

    @Parameter(label = "Results", type = ItemIO.OUTPUT)
    ResultsTable results;

    @Parameter(label = "Tracks", type = ItemIO.OUTPUT)
    ResultsTable tracks;

    @Override
    public void run() {
        EmotiJSettings s = settings();
        s.faces = faces;
        s.process = process;
        s.roiManager = roi_manager;
        s.plot = plot;
        EmotiJRun.Result r = ImageCommandRun.run(imp, s, true);
        face_count = r.outcome.faceCount();
        results = r.table;
        tracks = r.tracks;
    }
}
