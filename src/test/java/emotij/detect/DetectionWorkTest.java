package emotij.detect;

import emotij.image.PixelImage;
import emotij.progress.Progress;
import emotij.testing.TestImages;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The detector's work is bounded, reported while it runs, and can be stopped. */
class DetectionWorkTest {

    @Test
    void aMinimumFaceBelowWhatTheDetectorCanSeeIsRefusedWithAWayOut() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DetectorOptions().withMinFaceSize(1));
        assertTrue(e.getMessage().contains("at least 8 pixels"), e.getMessage());
        assertTrue(e.getMessage().contains("scale the image up"), e.getMessage());
    }

    @Test
    void theSmallestMinimumFaceKeepsA512ImageToAFewSecondsOfWork() {
        // at --min-face 1 this image was cut into about 7000 windows (minutes of work); at 8, about a hundred
        int windows = BlazeFaceDetector.windows(0, 512, 512,
                new DetectorOptions().withMinFaceSize(DetectorOptions.SMALLEST_MIN_FACE_SIZE), true).size();
        assertTrue(windows <= 150, windows + " windows");
    }

    @Test
    void progressCountsEveryWindowAndCancellingStopsTheDetection() {
        PixelImage classroom = TestImages.sample("classroom_tanzania.jpg");
        DetectorOptions small = new DetectorOptions().withMinFaceSize(12);
        int total = BlazeFaceDetector.windows(0, classroom.width(), classroom.height(), small, true).size();
        List<int[]> calls = new ArrayList<>();
        BlazeFaceDetector detector = (BlazeFaceDetector) TestImages.analyzer().detector();
        detector.detectAll(List.of(classroom), small, Progress.NONE, new DetectionMeter(Progress.NONE) {
            @Override
            void windowsDone(int done, int all) {
                calls.add(new int[] {done, all});
            }
        });
        assertEquals(0, calls.get(0)[0]);
        assertEquals(total, calls.get(calls.size() - 1)[0], "the last report is the total");
        for (int i = 1; i < calls.size(); i++) {
            assertTrue(calls.get(i)[0] > calls.get(i - 1)[0], "done grows");
            assertEquals(total, calls.get(i)[1]);
        }
        int[] asked = {0};
        Progress stopAfterOneBatch = new Progress() {
            @Override
            public void log(String line) {
            }

            @Override
            public boolean cancelled() {
                return ++asked[0] > 1;
            }
        };
        assertThrows(CancellationException.class, () -> detector.detectAll(List.of(classroom), small, stopAfterOneBatch));
        assertEquals(2, asked[0], "stopped before the second batch");
    }

    @Test
    void longDetectionsAreReportedAsTextWithAnEstimate() {
        long[] now = {0};
        List<String> lines = new ArrayList<>();
        DetectionMeter p = new DetectionMeter(Progress.toLog(lines::add).about("big.tif"), () -> now[0]);
        p.windowsDone(0, 400);
        now[0] = 500_000_000L;
        p.windowsDone(16, 400);
        assertTrue(lines.isEmpty(), "nothing in the first second: " + lines);
        now[0] = 2_000_000_000L;
        p.windowsDone(100, 400);
        assertEquals(List.of("big.tif: detecting faces, 25% of 400 windows, about 6 s left"), lines);
        now[0] = 3_000_000_000L;
        p.windowsDone(150, 400);
        assertEquals(1, lines.size(), "at most every few seconds: " + lines);
        now[0] = 8_000_000_000L;
        p.windowsDone(400, 400);
        assertEquals(1, lines.size(), "the end is not reported as progress: " + lines);
    }
}
