package emotij.plugin;

import emotij.ij.EmotiJSettings;
import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

/** Plugins > EmotiJ > Detect Faces: face boxes (and landmarks) as overlay ROIs and Results rows. */
public class DetectFacesPlugin implements PlugIn {

    @Override
    public void run(String arg) {
        ImagePlus imp = WindowManager.getCurrentImage();
        if (imp == null) {
            IJ.noImage();
            return;
        }
        EmotiJSettings s = EmotiJSettings.remembered();
        boolean stack = imp.getStackSize() > 1;
        GenericDialog gd = new GenericDialog("EmotiJ: Detect Faces");
        EmotiJDialog.addDetection(gd, s, stack);
        EmotiJDialog.addOutput(gd, s, false);
        gd.addHelp("https://github.com/emotij/emotij#readme");
        gd.showDialog();
        if (gd.wasCanceled()) return;
        EmotiJDialog.readDetection(gd, s, stack);
        EmotiJDialog.readOutput(gd, s, false);
        if (EmotiJDialog.accept(s)) PluginRunner.run(imp, s, false);
    }
}
