package emotij.plugin;

import emotij.ij.EmotiJSettings;
import ij.gui.GenericDialog;

/**
 * Plugins > EmotiJ > Classify Expressions: detect the faces (or take the user's selection or ROI Manager ROIs) and
 * classify their expressions; overlay, Results table, ROI Manager, and a plot for stacks.
 */
public class ClassifyExpressionsPlugin extends FacePlugin {

    @Override
    String title() {
        return "EmotiJ: Classify Expressions";
    }

    @Override
    boolean classifies() {
        return true;
    }

    @Override
    void addFields(GenericDialog gd, EmotiJSettings s, boolean stack) {
        gd.addChoice("Faces from", EmotiJSettings.FACES_CHOICES, s.faces);
        EmotiJDialog.addDetection(gd, s, stack);
        EmotiJDialog.addClassification(gd, s);
        EmotiJDialog.addOutput(gd, s, stack);
        if (stack) EmotiJDialog.addTracking(gd, s);
        gd.addMessage("Faces from: detect them, or use the image's selection or the ROI Manager's ROIs as face boxes.");
    }

    @Override
    void readFields(GenericDialog gd, EmotiJSettings s, boolean stack) {
        s.faces = gd.getNextChoice();
        EmotiJDialog.readDetection(gd, s, stack);
        EmotiJDialog.readClassification(gd, s);
        EmotiJDialog.readOutput(gd, s, stack);
        if (stack) EmotiJDialog.readTracking(gd, s);
        if (!stack) {
            s.plot = false;
            s.track = false;
        }
    }
}
