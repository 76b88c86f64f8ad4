package emotij.ij;

import emotij.progress.Progress;
import emotij.testing.TestImages;
import ij.IJ;
import ij.ImagePlus;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A long plane can be stopped while its faces are detected, not only between planes. */
class StoppingTest {

    @Test
    void escWhileAPlaneIsDetectedStopsItAndKeepsWhatIsDone() throws Exception {
        ImagePlus imp = IJ.openImage(TestImages.SAMPLES.resolve("astronaut.png").toString());
        int[] asked = {0};
        Progress stopInside = new Progress() {
            @Override
            public void log(String line) {
            }

            @Override
            public boolean cancelled() {
                // the first question comes before the plane, the next ones from the detector within it
                return ++asked[0] > 1;
            }
        };
        ImageAnalysis.Outcome out = ImageAnalysis.detect(imp, TestImages.analyzer(), EmotiJSettings.PROCESS_CURRENT, true, stopInside);
        assertTrue(out.cancelled);
        assertEquals(0, out.planes.size());
        assertEquals(2, asked[0], "stopped at the detector's first question");
    }
}
