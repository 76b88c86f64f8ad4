package emotij.plugin;

import emotij.ij.EmotiJSettings;
import ij.IJ;
import ij.ImagePlus;
import ij.WindowManager;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

/** The flow shared by the menu commands that work on the current image: image, dialog, settings, run. */
abstract class FacePlugin implements PlugIn {

    /** The dialog's title. */
    abstract String title();

    /** Detect only (false) or classify too (true). */
    abstract boolean classifies();

    /** Adds this command's fields to the dialog, in the order {@link #readFields} reads them. */
    abstract void addFields(GenericDialog gd, EmotiJSettings s, boolean stack);

    abstract void readFields(GenericDialog gd, EmotiJSettings s, boolean stack);

    @Override
    public void run(String arg) {
        ImagePlus imp = WindowManager.getCurrentImage();
        if (imp == null) {
            IJ.noImage();
            return;
        }
        if (!EmotiJDialog.macroNumbersValid()) return;
        EmotiJSettings s = EmotiJSettings.remembered();
        boolean stack = imp.getStackSize() > 1;
        GenericDialog gd = new GenericDialog(title());
        addFields(gd, s, stack);
        gd.addHelp("https://github.com/emotij/emotij#readme");
        gd.showDialog();
        if (gd.wasCanceled()) return;
        readFields(gd, s, stack);
        if (EmotiJDialog.accept(s)) PluginRunner.run(imp, s, classifies());
    }
}
