package emotij.ij;

import emotij.batch.FolderBatch;
import emotij.batch.ImageJReader;
import emotij.testing.TestImages;
import ij.ImagePlus;
import ij.ImageStack;
import ij.plugin.filter.AVI_Writer;
import ij.process.ByteProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A file that makes ImageJ's reader or EmotiJ fail unexpectedly costs that file only, not the rest of the batch. */
class BadFileInBatchTest {

    @TempDir
    Path tmp;

    /**
     * A 3-frame MJPEG AVI whose second frame is no JPEG: ImageJ opens it (as a virtual stack, frame 1 is fine) and
     * its reader gives no pixels for frame 2, which ends in a NullPointerException when the frame is converted.
     */
    private static void aviWithADamagedSecondFrame(Path file) throws IOException {
        ImageStack stack = new ImageStack(64, 48);
        for (int f = 0; f < 3; f++) {
            ByteProcessor frame = new ByteProcessor(64, 48);
            for (int i = 0; i < 64 * 48; i++) frame.set(i, (i * 7 + f * 31) & 255);
            stack.addSlice(frame);
        }
        new AVI_Writer().writeImage(new ImagePlus("movie", stack), file.toString(), AVI_Writer.JPEG_COMPRESSION, 90);
        byte[] avi = Files.readAllBytes(file);
        int jpegs = 0;
        for (int i = 0; i + 1 < avi.length; i++) {
            // the JPEG start-of-image marker (FF D8) of each frame; the second one is wiped
            if ((avi[i] & 0xff) == 0xff && (avi[i + 1] & 0xff) == 0xd8 && ++jpegs == 2) {
                avi[i] = 0;
                avi[i + 1] = 0;
            }
        }
        assertEquals(3, jpegs, "one JPEG per frame");
        Files.write(file, avi);
    }

    @Test
    void aFileThatFailsUnexpectedlyIsReportedWithItsReasonAndTheBatchGoesOn() throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.copy(TestImages.SAMPLES.resolve("laos_two_people.jpg"), in.resolve("a_laos.jpg"));
        aviWithADamagedSecondFrame(in.resolve("b_movie.avi"));
        Files.copy(TestImages.SAMPLES.resolve("laos_two_people.jpg"), in.resolve("c_laos.jpg"));
        Path out = tmp.resolve("out");
        List<String> log = new ArrayList<>();

        FolderBatch.Report r = FolderBatch.run(FolderBatch.items(List.of(in), false), out, TestImages.analyzer(),
                null, FolderBatch.Settings.untracked(false, false), new ImageJReader(), log::add);

        assertEquals(3, r.images, "every file was taken");
        assertEquals(1, r.failed.size(), r.failed.toString());
        String why = r.failed.get(0);
        // the reason names the exception's class and keeps its message
        assertTrue(why.startsWith("b_movie.avi: unexpected error java.lang.NullPointerException: "), why);
        assertTrue(why.contains("please report it"), why);
        // the file after the bad one was analysed: its 2 faces are in results.csv
        assertEquals(4, r.faces, "2 faces in each Laos copy");
        List<String> rows = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(2, rows.stream().filter(l -> l.startsWith("c_laos.jpg,")).count(), rows.toString());
        String summary = Files.readString(out.resolve("summary.txt"));
        assertFalse(summary.contains("interrupted"), summary);
        assertTrue(summary.contains("failed 1:\n  b_movie.avi: unexpected error java.lang.NullPointerException"), summary);
        // the log has the stack trace, for a bug report
        String badLine = log.stream().filter(l -> l.contains("b_movie.avi: SKIPPED")).findFirst().orElse(String.join("\n", log));
        assertTrue(badLine.contains("\tat "), badLine);
    }
}
