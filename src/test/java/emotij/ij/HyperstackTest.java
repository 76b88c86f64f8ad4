package emotij.ij;

import emotij.progress.Progress;
import emotij.batch.FolderBatch;
import emotij.batch.ImageJReader;
import emotij.io.ResultColumns;
import emotij.testing.TestImages;
import emotij.track.TrackerOptions;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.measure.ResultsTable;
import ij.process.ColorProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

/** Hyperstacks: faces are tracked along t at each z, and each row says the plane's channel, z and t. */
class HyperstackTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void clearResults() {
        ResultsTable.getResultsTable().reset();
    }

    static final int SLICES = 2;
    static final int FRAMES = 6;

    /**
     * 2 z positions x 6 time points of the astronaut: on the left at z=1 and on the right at z=2, each moving a
     * little over time. Tracked across z (one plane after the other), the same face would jump from side to side
     * and be re-identified as one track.
     */
    static ImagePlus hyperstack() {
        ColorProcessor astronaut = (ColorProcessor) IJ.openImage(TestImages.SAMPLES.resolve("astronaut.png").toString()).getProcessor();
        ImageStack stack = new ImageStack(512, 512);
        for (int t = 1; t <= FRAMES; t++) {
            for (int z = 1; z <= SLICES; z++) {
                ColorProcessor p = (ColorProcessor) astronaut.duplicate();
                p.translate(z == 1 ? -120 + 4 * t : 140 - 4 * t, 0);
                stack.addSlice(p);
            }
        }
        ImagePlus imp = new ImagePlus("hyper", stack);
        imp.setDimensions(1, SLICES, FRAMES);
        imp.setOpenAsHyperStack(true);
        return imp;
    }

    /** The astronaut's face is on the left half at z=1, on the right half at z=2. */
    static int zOfFaceAt(double x) {
        return x < 256 ? 1 : 2;
    }

    @Test
    void theImageJCommandTracksAlongTimeAtEachZ() throws Exception {
        EmotiJSettings s = new EmotiJSettings();
        s.process = EmotiJSettings.PROCESS_ALL;
        s.track = true;
        EmotiJRun.Result r = EmotiJRun.run(hyperstack(), s, true, Progress.NONE);
        ResultsTable table = r.table;
        assertEquals(SLICES * FRAMES, table.size());
        Map<Integer, Set<Integer>> tracksPerZ = new HashMap<>();
        for (int i = 0; i < table.size(); i++) {
            int z = (int) table.getValue(ResultColumns.Z, i);
            int t = (int) table.getValue(ResultColumns.T, i);
            assertEquals(zOfFaceAt(table.getValue(ResultColumns.X, i)), z, "row " + i);
            assertEquals(t, (int) table.getValue(ResultColumns.FRAME, i), "frame is t");
            assertEquals((t - 1) * SLICES + z, (int) table.getValue(ResultColumns.SLICE, i), "slice: the plane's number in the stack");
            assertEquals(1, (int) table.getValue(ResultColumns.CHANNEL, i));
            tracksPerZ.computeIfAbsent(z, k -> new HashSet<>()).add((int) table.getValue(ResultColumns.TRACK, i));
        }
        assertEquals(1, tracksPerZ.get(1).size(), "one track at z=1: " + tracksPerZ);
        assertEquals(1, tracksPerZ.get(2).size(), "one track at z=2: " + tracksPerZ);
        assertNotEquals(tracksPerZ.get(1), tracksPerZ.get(2), "a track per z");
        assertEquals(2, r.tracks.size());
        for (int i = 0; i < r.tracks.size(); i++) assertEquals(FRAMES, (int) r.tracks.getValue("frames_seen", i));
    }

    @Test
    void theBatchCsvHasChannelZAndTAndTracksAlongTimeAtEachZ() throws Exception {
        Path tif = tmp.resolve("hyper.tif");
        new FileSaver(hyperstack()).saveAsTiffStack(tif.toString());
        Path out = tmp.resolve("out");
        Files.createDirectories(out);
        List<FolderBatch.Item> items = List.of(new FolderBatch.Item(TestImages.SAMPLES.resolve("astronaut.png"), "astronaut.png"),
                new FolderBatch.Item(tif, "hyper.tif"));
        FolderBatch.run(items, out, TestImages.analyzer(), emotij.batch.SharedModels.embedder(),
                new FolderBatch.Settings(false, false, new TrackerOptions(), 1), new ImageJReader(), line -> { });
        List<String> lines = Files.readAllLines(out.resolve("results.csv"));
        List<String> header = List.of(lines.get(0).split(","));
        assertEquals(ResultColumns.csvColumns(true), header);
        assertEquals(List.of("channel", "z", "t"), header.subList(header.size() - 3, header.size()), "the new columns come last");
        assertEquals(1 + 1 + SLICES * FRAMES, lines.size(), "header, the photo's face, a face per plane: " + lines);
        String[] photo = lines.get(1).split(",");
        assertEquals("1,1,1", String.join(",", List.of(photo).subList(photo.length - 3, photo.length)), "a plain image is at channel 1, z 1, t 1");
        Map<Integer, Set<String>> tracksPerZ = new HashMap<>();
        Set<Integer> slices = new HashSet<>();
        for (String line : lines.subList(2, lines.size())) {
            String[] row = line.split(",");
            int z = Integer.parseInt(row[header.indexOf("z")]);
            int t = Integer.parseInt(row[header.indexOf("t")]);
            int slice = Integer.parseInt(row[header.indexOf("slice")]);
            assertEquals(zOfFaceAt(Double.parseDouble(row[header.indexOf("x")])), z, line);
            assertEquals((t - 1) * SLICES + z, slice, line);
            assertEquals("1", row[header.indexOf("channel")]);
            slices.add(slice);
            tracksPerZ.computeIfAbsent(z, k -> new HashSet<>()).add(row[header.indexOf("track")]);
        }
        assertEquals(SLICES * FRAMES, slices.size(), "every plane once");
        assertEquals(1, tracksPerZ.get(1).size(), "one track at z=1: " + tracksPerZ);
        assertEquals(1, tracksPerZ.get(2).size(), "one track at z=2: " + tracksPerZ);
        assertNotEquals(tracksPerZ.get(1), tracksPerZ.get(2), "a track per z");
        List<String> tracks = new ArrayList<>(Files.readAllLines(out.resolve("tracks.csv")));
        assertEquals(1 + 2, tracks.stream().filter(l -> !l.startsWith("astronaut.png")).count(), "header + 2 tracks of the hyperstack: " + tracks);
    }
}
