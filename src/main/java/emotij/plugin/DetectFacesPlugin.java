package emotij.plugin;

import emotij.ij.EmotiJSettings;
import ij.gui.GenericDialog;

/** Plugins > EmotiJ > Detect Faces: face boxes (and landmarks) as overlay ROIs and Results rows. */
public class DetectFacesPlugin extends FacePlugin {

    @Override
    String title() {
        return "EmotiJ: Detect Faces";
    }

    @Override
    boolean classifies() {
        return false;
    }

    @Override
    void addFields(GenericDialog gd, EmotiJSettings s, boolean stack) {
        EmotiJDialog.addDetection(gd, s, stack);
        EmotiJDialog.addOutput(gd, s, false);
    }

    @Override
    void readFields(GenericDialog gd, EmotiJSettings s, boolean stack) {
        EmotiJDialog.readDetection(gd, s, stack);
        EmotiJDialog.readOutput(gd, s, false);
    }
}
