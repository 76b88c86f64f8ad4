package emotij.plugin;

import emotij.ij.EmotiJSettings;
import emotij.batch.FolderBatch;
import emotij.batch.ImageJReader;
import emotij.batch.OutputFolder;
import emotij.ij.Progress;
import emotij.ij.SharedModels;
import ij.IJ;
import ij.Macro;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;

/**
 * Plugins > EmotiJ > Classify Folder: every image of a folder into one results.csv plus annotated copies (the
 * command line's classify, from ImageJ). A bad file is logged and skipped; the CSV of the rest is written.
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
        gd.showDialog();
        if (gd.wasCanceled()) return;
        Path input = Paths.get(gd.getNextString());
        Path output = Paths.get(gd.getNextString());
        boolean recursive = gd.getNextBoolean();
        boolean annotate = gd.getNextBoolean();
        EmotiJDialog.readDetection(gd, s, false);
        EmotiJDialog.readClassification(gd, s);
        if (!EmotiJDialog.accept(s)) return;
        try {
            if (!Files.isDirectory(input)) throw new IllegalArgumentException("input folder not found: " + input);
            if (output.toString().isBlank()) throw new IllegalArgumentException("choose an output folder");
            List<FolderBatch.Item> items = FolderBatch.items(List.of(input), recursive);
            if (items.isEmpty()) throw new IllegalArgumentException("no image files in " + input);
            OutputFolder.prepare(output);
            FolderBatch.Report r = FolderBatch.run(items, output, SharedModels.analyzer(s), null,
                    FolderBatch.Settings.untracked(annotate, s.landmarks), new ImageJReader(), Progress.forImageJ());
            IJ.log(r.summary);
            IJ.showStatus("EmotiJ: " + r.faces + " faces in " + r.images + " images; results in " + output);
        } catch (IllegalArgumentException | IOException e) {
            IJ.error("EmotiJ", e.getMessage());
            if (Macro.getOptions() != null) Macro.abort();
        }
    }
}
