package emotij.batch;

import emotij.testing.TestImages;
import emotij.track.TrackerOptions;
import ij.ImagePlus;
import ij.io.FileSaver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The per-file entry point a cluster task calls: the batch's results.csv and tracks.csv are the merge of the
 * per-file ones (header once, rows in item order), and the merged reports give the batch's counts.
 */
class PerFileAnalysisTest {

    @TempDir
    Path tmp;

    @Test
    void theBatchIsTheMergeOfItsFilesAnalysedOneByOne() throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        new FileSaver(new ImagePlus("a", TestImages.laosMovie(5))).saveAsTiffStack(in.resolve("a_movie.tif").toString());
        Files.copy(TestImages.SAMPLES.resolve("cameraman.png"), in.resolve("b_still.png"));
        new FileSaver(new ImagePlus("c", TestImages.laosMovie(4))).saveAsTiffStack(in.resolve("c_movie.tif").toString());
        Files.writeString(in.resolve("d_broken.png"), "not a PNG");
        List<FolderBatch.Item> items = FolderBatch.items(List.of(in), false);
        assertEquals(4, items.size());
        // motion-only tracking: the same in both runs, without the appearance network
        FolderBatch.Settings settings = new FolderBatch.Settings(false, false, new TrackerOptions().withAppearance(false), 1);
        ImageReader reader = new ImageJReader();

        FolderBatch.Report whole = FolderBatch.run(items, tmp.resolve("batch"), TestImages.analyzer(), null, settings,
                reader, line -> { });

        List<String> rows = new ArrayList<>();
        List<String> tracks = new ArrayList<>();
        FolderBatch.Report merged = new FolderBatch.Report();
        for (int i = 0; i < items.size(); i++) {
            Path dir = tmp.resolve("file" + i);
            merged.add(FolderBatch.analyseFile(items.get(i), dir, TestImages.analyzer(), null, settings, reader, line -> { }));
            appendMerged(rows, dir.resolve("results.csv"));
            appendMerged(tracks, dir.resolve("tracks.csv"));
        }

        assertEquals(Files.readAllLines(tmp.resolve("batch/results.csv")), rows);
        assertEquals(Files.readAllLines(tmp.resolve("batch/tracks.csv")), tracks);
        assertTrue(rows.size() > 10 && tracks.size() >= 3, "faces and tracks were found: " + rows.size() + ", " + tracks.size());
        assertEquals(whole.images, merged.images);
        assertEquals(whole.planes, merged.planes);
        assertEquals(whole.faces, merged.faces);
        assertEquals(whole.failed, merged.failed);
        assertEquals(whole.noFace, merged.noFace);
        assertEquals(1, merged.failed.size(), "the broken file: " + merged.failed);
        assertEquals(whole.summary(items.size(), tmp).replaceAll("in [0-9.]+ s", ""),
                merged.summary(items.size(), tmp).replaceAll("in [0-9.]+ s", ""));
    }

    /** Adds a per-file CSV to the merge: its header only when the merge has none yet. */
    private static void appendMerged(List<String> merged, Path csv) throws IOException {
        if (!Files.exists(csv)) return;
        List<String> lines = Files.readAllLines(csv);
        merged.addAll(merged.isEmpty() ? lines : lines.subList(1, lines.size()));
    }
}
