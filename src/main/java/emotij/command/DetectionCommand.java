package emotij.command;

import emotij.ij.EmotiJSettings;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;

/**
 * The detection parameters of the SciJava commands, named as the options' keys (the ImageJ 1.x macro keys). Their
 * defaults, ranges and choices are the declared ones ({@link emotij.options.AnalysisOption}; a test checks each
 * parameter against its declaration). The commands have no menu entries: the ImageJ 1.x plugins own the menu,
 * these serve scripts and headless runs.
 */
abstract class DetectionCommand implements Command {

    @Parameter(label = "Minimum face size (pixels)", min = "8", max = "100000")
    double min_face = new EmotiJSettings().minFace;

    @Parameter(label = "Detection score threshold", min = "0", max = "1", stepSize = "0.05")
    double threshold = new EmotiJSettings().threshold;

    @Parameter(label = "Maximum faces per plane", min = "1", max = "100000")
    int max_faces = new EmotiJSettings().maxFaces;

    @Parameter(label = "Landmarks")
    boolean landmarks;

    /** Settings of this command's parameters. */
    EmotiJSettings settings() {
        EmotiJSettings s = new EmotiJSettings();
        s.minFace = min_face;
        s.threshold = threshold;
        s.maxFaces = max_faces;
        s.landmarks = landmarks;
        return s;
    }
}
