package emotij.plugin;

import emotij.ij.EmotiJSettings;
import emotij.ij.FolderClassification;
import emotij.batch.FolderBatch;
import emotij.progress.Failures;
import ij.IJ;
import ij.Macro;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Plugins > EmotiJ > Classify Folder: every image of a folder into one results.csv plus annotated copies (the
 * command line's classify, from ImageJ; with tracking, the faces of each stack or movie are tracked and tracks.csv
 * is written). A bad file is logged and skipped; the CSV of the rest is written.
 */
public class ClassifyFolderPlugin implements PlugIn {

    @Override
    public void run(String arg) {
        if (!EmotiJDialog.macroNumbersValid()) return;
        EmotiJSettings s = EmotiJSettings.remembered();
        GenericDialog gd = new GenericDialog("EmotiJ: Classify Folder");
        String current = IJ.getDirectory("current") == null ? "" : IJ.getDirectory("current");
        EmotiJDialog.addFolderField(gd, "Input folder", current);
        EmotiJDialog.addFolderField(gd, "Output folder", "");
        gd.addCheckbox("Recursive (subfolders too)", false);
        gd.addCheckbox("Annotated copies of the images", true);
        EmotiJDialog.addDetection(gd, s, false);
        EmotiJDialog.addClassification(gd, s);
        EmotiJDialog.addTracking(gd, s);
        gd.showDialog();
        if (gd.wasCanceled()) return;
        Path input = Paths.get(gd.getNextString());
        Path output = Paths.get(gd.getNextString());
        boolean recursive = gd.getNextBoolean();
        boolean annotate = gd.getNextBoolean();
        EmotiJDialog.readDetection(gd, s, false);
        EmotiJDialog.readClassification(gd, s);
        EmotiJDialog.readTracking(gd, s);
        if (!EmotiJDialog.accept(s)) return;
        try {
            FolderBatch.Report r = FolderClassification.run(input, output, recursive, annotate, s);
            IJ.log(r.summary);
            IJ.showStatus("EmotiJ: " + r.faces + " faces in " + r.images + " images; results in " + output);
        } catch (IllegalArgumentException | IOException e) {
            IJ.error("EmotiJ", Failures.message(e));
            if (Macro.getOptions() != null) Macro.abort();
        }
    }
}
