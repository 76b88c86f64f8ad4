package emotij.cli;

import emotij.batch.FolderBatch;
import emotij.batch.ImageJReader;
import emotij.testing.TestImages;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** What {@code classify} leaves in its output folder: results.csv, summary.txt and the annotated copies agree. */
class ClassifyOutputsTest {

    @TempDir
    Path tmp;

    /** A 3-slice gray stack of the astronaut, the face moving left. */
    private Path astronautStack() {
        ByteProcessor gray = new ImagePlus(TestImages.SAMPLES.resolve("astronaut.png").toString()).getProcessor().convertToByteProcessor();
        ImageStack stack = new ImageStack(gray.getWidth(), gray.getHeight());
        for (int f = 0; f < 3; f++) {
            ByteProcessor frame = (ByteProcessor) gray.duplicate();
            frame.translate(-20 * f, 0);
            stack.addSlice(frame);
        }
        Path tif = tmp.resolve("stack.tif");
        new FileSaver(new ImagePlus("stack", stack)).saveAsTiffStack(tif.toString());
        return tif;
    }

    @Test
    void anAnnotatedPngThatCannotBeWrittenIsReportedAndItsRowsKept() throws IOException {
        Path out = tmp.resolve("out");
        // a folder where the annotated PNG goes: ImageJ's FileSaver used to print a trace and return true
        Files.createDirectories(out.resolve("astronaut_annotated.png/k"));
        EmotiJCliTest.Run r = EmotiJCliTest.cli("classify", TestImages.SAMPLES.resolve("astronaut.png").toString(),
                TestImages.SAMPLES.resolve("cameraman.png").toString(), "--out", out.toString());
        assertEquals(1, r.code, "a file whose annotated image failed makes the exit code 1: " + r.out + r.err);
        List<String> rows = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(3, rows.size(), "the astronaut's row is kept (a valid result), the cameraman's is there: " + rows);
        assertTrue(rows.get(1).startsWith("astronaut.png,1,1,"), rows.get(1));
        String summary = Files.readString(out.resolve("summary.txt"));
        assertTrue(summary.contains("astronaut.png: results written, annotated image failed: ")
                && summary.contains("astronaut_annotated.png is a folder"), summary);
        assertTrue(summary.startsWith("2 images (2 planes), 2 faces"), "the counts agree with results.csv: " + summary);
        assertTrue(Files.isRegularFile(out.resolve("cameraman_annotated.png")));
        try (var files = Files.list(out)) {
            assertFalse(files.anyMatch(f -> f.getFileName().toString().contains(".partial")), "no partial file left");
        }
    }

    @Test
    void anAnnotatedTiffThatCannotBeWrittenKeepsTheRowsOfEverySlice() throws IOException {
        Path out = tmp.resolve("out");
        Files.createDirectories(out.resolve("stack_annotated.tif"));
        EmotiJCliTest.Run r = EmotiJCliTest.cli("classify", astronautStack().toString(), "--out", out.toString());
        assertEquals(1, r.code, r.out + r.err);
        assertEquals(4, Files.readAllLines(out.resolve("results.csv")).size(), "one face in each of 3 slices");
        String summary = Files.readString(out.resolve("summary.txt"));
        assertTrue(summary.contains("stack.tif: results written, annotated image failed: "), summary);
    }

    @Test
    void theAnnotatedTiffOfAStackHasEverySliceDrawnAndImageJReadsIt() throws IOException {
        Path out = tmp.resolve("out");
        EmotiJCliTest.Run r = EmotiJCliTest.cli("classify", astronautStack().toString(), "--out", out.toString());
        assertEquals(0, r.code, r.out + r.err);
        ImagePlus annotated = IJ.openImage(out.resolve("stack_annotated.tif").toString());
        assertEquals(3, annotated.getStackSize());
        assertEquals(24, annotated.getBitDepth(), "RGB: the boxes are drawn in colour");
        for (int s = 1; s <= 3; s++) {
            ColorProcessor plane = (ColorProcessor) annotated.getStack().getProcessor(s);
            int coloured = 0;
            for (int p : (int[]) plane.getPixels()) {
                int red = (p >> 16) & 0xff, green = (p >> 8) & 0xff, blue = p & 0xff;
                if (red != green || green != blue) coloured++;
            }
            assertTrue(coloured > 500, "the box and label of slice " + s + " are drawn on the gray image: " + coloured);
        }
    }

    @Test
    void anInterruptedRunNeverLeavesAnEarlierRunsSummary() throws IOException {
        Path out = Files.createDirectories(tmp.resolve("out"));
        Files.writeString(out.resolve("summary.txt"), "12 images (12 planes), 30 faces: AN EARLIER RUN\n");
        Files.writeString(out.resolve("tracks.csv"), "AN EARLIER RUN's tracks\n");
        List<FolderBatch.Item> items = FolderBatch.items(List.of(TestImages.SAMPLES.resolve("astronaut.png"),
                TestImages.SAMPLES.resolve("cameraman.png")), false);
        List<String> summaryDuringTheRun = new ArrayList<>();
        // the run is killed after its first image (here: its log throws)
        RuntimeException killed = assertThrows(RuntimeException.class, () -> FolderBatch.run(items, out,
                TestImages.analyzer(), null, FolderBatch.Settings.untracked(false, false), new ImageJReader(), line -> {
                    summaryDuringTheRun.add(read(out.resolve("summary.txt")));
                    throw new IllegalStateException("killed");
                }));
        assertEquals("killed", killed.getMessage());
        assertTrue(summaryDuringTheRun.get(0).startsWith("incomplete: "), summaryDuringTheRun.get(0));
        String after = Files.readString(out.resolve("summary.txt"));
        assertFalse(after.contains("EARLIER RUN"), after);
        assertTrue(after.startsWith("interrupted by an error after 1 of 2 images"), after);
        assertEquals(2, Files.readAllLines(out.resolve("results.csv")).size(), "the astronaut's row was written");
        assertFalse(Files.exists(out.resolve("tracks.csv")), "an earlier run's tracks.csv does not describe these results");
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
