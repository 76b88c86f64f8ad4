package emotij.ij;

import emotij.batch.FolderBatch;
import emotij.batch.ImageJReader;
import emotij.batch.SharedModels;
import emotij.batch.OutputFolder;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Classify Folder from ImageJ (the menu command and the SciJava command): the batch with ImageJ's models and progress. */
public final class FolderClassification {

    private FolderClassification() {
    }

    /**
     * Checks the folders, then classifies every image of {@code input} into {@code output}; with {@code s.track},
     * tracks the faces of each stack.
     *
     * @throws IllegalArgumentException for a missing input folder, no output folder or no image files
     * @throws IOException              when the output folder cannot be written or the models cannot be loaded
     */
    public static FolderBatch.Report run(Path input, Path output, boolean recursive, boolean annotate, EmotiJSettings s)
            throws IOException {
        if (input == null || !Files.isDirectory(input)) throw new IllegalArgumentException("input folder not found: " + input);
        if (output == null || output.toString().isBlank()) throw new IllegalArgumentException("choose an output folder");
        List<FolderBatch.Item> items = FolderBatch.items(List.of(input), recursive);
        if (items.isEmpty()) throw new IllegalArgumentException("no image files in " + input);
        OutputFolder.prepare(output);
        return FolderBatch.run(items, output, s.sharedAnalyzer(), s.track && s.appearance ? SharedModels.embedder() : null,
                s.batchSettings(annotate), new ImageJReader(), ImageJProgress.create());
    }
}
