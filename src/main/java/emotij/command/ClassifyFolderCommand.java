package emotij.command;

import emotij.batch.FolderBatch;
import emotij.ij.EmotiJSettings;
import emotij.ij.FolderClassification;
import emotij.progress.Failures;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.io.File;
import java.io.IOException;

/**
 * Classify Folder for scripts and headless runs: every image of a folder into one results.csv, summary.txt,
 * annotated copies and, with tracking, tracks.csv (as {@code bin/emotij classify}); the parameters are the menu
 * command's macro keys.
 */
@Plugin(type = Command.class, headless = true, label = "EmotiJ: Classify Folder",
        description = "Classifies the faces of every image of a folder into results.csv and annotated copies")
public class ClassifyFolderCommand extends ClassificationCommand {

    @Parameter(label = "Input folder", style = "directory")
    File input;

    @Parameter(label = "Output folder", style = "directory")
    File output;

    @Parameter(label = "Recursive (subfolders too)")
    boolean recursive;

    @Parameter(label = "Annotated copies of the images")
    boolean annotated = true;

    @Parameter(label = "Faces found", type = ItemIO.OUTPUT)
    int face_count;

    @Parameter(label = "Summary", type = ItemIO.OUTPUT)
    String summary;

    @Override
    public void run() {
        EmotiJSettings s = settings();
        try {
            s.validate();
            FolderBatch.Report r = FolderClassification.run(input == null ? null : input.toPath(),
                    output == null ? null : output.toPath(), recursive, annotated, s);
            face_count = r.faces;
            summary = r.summary;
        } catch (IOException | RuntimeException e) {
            throw Failures.forCommand(e);
        }
    }
}
