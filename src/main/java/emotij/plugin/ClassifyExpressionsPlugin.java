package emotij.plugin;

import emotij.ij.EmotiJSettings;
import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

/**
 * Plugins > EmotiJ > Classify Expressions: detect the faces (or take the user's selection or ROI Manager ROIs) and
 * classify their expressions; overlay, Results table, ROI Manager, and a plot for stacks.
 */
public class ClassifyExpressionsPlugin implements PlugIn {

    @Override
    public void run(String arg) {
        ImagePlus imp = WindowManager.getCurrentImage();
        if (imp == null) {
            IJ.noImage();
            return;
        }
        EmotiJSettings s = EmotiJSettings.remembered();
        boolean stack = imp.getStackSize() > 1;
        GenericDialog gd = new GenericDialog("EmotiJ: Classify Expressions");
        gd.addChoice("Faces from", EmotiJSettings.FACES_CHOICES, s.faces);
        EmotiJDialog.addDetection(gd, s, stack);
        EmotiJDialog.addClassification(gd, s);
        EmotiJDialog.addOutput(gd, s, stack);
        gd.addMessage("Faces from: detect them, or use the image's selection or the ROI Manager's ROIs as face boxes.");
        gd.addHelp("https://github.com/emotij/emotij#readme");
        gd.showDialog();
        if (gd.wasCanceled()) return;
        s.faces = gd.getNextChoice();
        EmotiJDialog.readDetection(gd, s, stack);
        EmotiJDialog.readClassification(gd, s);
        EmotiJDialog.readOutput(gd, s, stack);
        if (!stack) s.plot = false;
        if (EmotiJDialog.accept(s)) PluginRunner.run(imp, s, true);
    }
}
