package emotij.command;

import emotij.batch.FolderBatch;
import emotij.batch.ImageJReader;
import emotij.batch.OutputFolder;
import emotij.ij.EmotiJSettings;
import emotij.ij.ImageJProgress;
import emotij.ij.SharedModels;
import emotij.progress.Failures;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.io.File;
import java.io.IOException;
import java.util.List;

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
            if (input == null || !input.isDirectory()) throw new IllegalArgumentException("input folder not found: " + input);
            if (output == null) throw new IllegalArgumentException("choose an output folder");
            List<FolderBatch.Item> items = FolderBatch.items(List.of(input.toPath()), recursive);
            if (items.isEmpty()) throw new IllegalArgumentException("no image files in " + input);
            OutputFolder.prepare(output.toPath());
            FolderBatch.Report r = FolderBatch.run(items, output.toPath(), SharedModels.analyzer(s),
                    s.track && s.appearance ? SharedModels.embedder() : null, s.batchSettings(annotated),
                    new ImageJReader(), ImageJProgress.create());
            face_count = r.faces;
            summary = r.summary;
        } catch (IOException | RuntimeException e) {
            throw Failures.forCommand(e);
        }
    }
}
