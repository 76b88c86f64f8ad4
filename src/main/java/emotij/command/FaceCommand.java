package emotij.command;

import emotij.ij.EmotiJRun;
import emotij.ij.EmotiJSettings;
import emotij.ij.ImageJProgress;
import emotij.image.InvalidImageException;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;

import java.io.IOException;

/**
 * The parameters and run of the SciJava commands, named as the ImageJ 1.x macro keys ({@link EmotiJSettings}).
 * The commands have no menu entries: the ImageJ 1.x plugins own the menu, these serve scripts and headless runs.
 */
abstract class FaceCommand implements Command {

    @Parameter(label = "Image")
    ImagePlus imp;

    @Parameter(label = "Minimum face size (pixels)", min = "1")
    double min_face = new EmotiJSettings().minFace;

    @Parameter(label = "Detection score threshold", min = "0", max = "1", stepSize = "0.05")
    double threshold = new EmotiJSettings().threshold;

    @Parameter(label = "Maximum faces per plane", min = "1")
    int max_faces = new EmotiJSettings().maxFaces;

    @Parameter(label = "Process", choices = {EmotiJSettings.PROCESS_CURRENT, EmotiJSettings.PROCESS_SLICES,
            EmotiJSettings.PROCESS_FRAMES, EmotiJSettings.PROCESS_ALL})
    String process = EmotiJSettings.PROCESS_CURRENT;

    @Parameter(label = "Landmarks")
    boolean landmarks;

    @Parameter(label = "Add faces to the ROI Manager")
    boolean roi_manager;

    @Parameter(label = "Faces found", type = ItemIO.OUTPUT)
    int face_count;

    @Parameter(label = "Results", type = ItemIO.OUTPUT)
    ResultsTable results;

    /** Settings of this command's parameters. */
    EmotiJSettings settings() {
        EmotiJSettings s = new EmotiJSettings();
        s.minFace = min_face;
        s.threshold = threshold;
        s.maxFaces = max_faces;
        s.process = process;
        s.landmarks = landmarks;
        s.roiManager = roi_manager;
        return s;
    }

    EmotiJRun.Result run(EmotiJSettings s, boolean classify) {
        // a bare SciJava context fills an unset ImagePlus parameter with an empty image, not null
        if (imp == null || imp.getProcessor() == null || imp.getWidth() == 0) {
            throw new IllegalArgumentException("EmotiJ needs an image: pass an ImagePlus as parameter 'imp'");
        }
        try {
            EmotiJRun.Result r = EmotiJRun.run(imp, s, classify, ImageJProgress.create());
            face_count = r.outcome.faceCount();
            results = r.table;
            return r;
        } catch (InvalidImageException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("The EmotiJ models could not be loaded: " + e.getMessage(), e);
        }
    }
}
