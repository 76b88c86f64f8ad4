package emotij.command;

import emotij.ij.EmotiJRun;
import emotij.ij.EmotiJSettings;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

/** Detect Faces for scripts and headless runs (same parameters as the menu command's macro keys). */
@Plugin(type = Command.class, headless = true, label = "EmotiJ: Detect Faces",
        description = "Finds faces (boxes and landmarks) and adds them to the overlay and the Results table")
public class DetectFacesCommand extends DetectionCommand {

    @Parameter(label = "Image")
    ImagePlus imp;

    @Parameter(label = "Process", choices = {EmotiJSettings.PROCESS_CURRENT, EmotiJSettings.PROCESS_SLICES,
            EmotiJSettings.PROCESS_FRAMES, EmotiJSettings.PROCESS_ALL})
    String process = EmotiJSettings.PROCESS_CURRENT;

    @Parameter(label = "Add faces to the ROI Manager")
    boolean roi_manager;

    @Parameter(label = "Faces found", type = ItemIO.OUTPUT)
    int face_count;

    @Parameter(label = "Results", type = ItemIO.OUTPUT)
    ResultsTable results;

    @Override
    public void run() {
        EmotiJSettings s = settings();
        s.process = process;
        s.roiManager = roi_manager;
        EmotiJRun.Result r = ImageCommandRun.run(imp, s, false);
        face_count = r.outcome.faceCount();
        results = r.table;
    }
}
