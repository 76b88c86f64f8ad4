package emotij.pipeline;

import emotij.classify.ExpressionNetwork;
import org.junit.jupiter.api.Test;

import java.io.IOException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The model names a user can give: accurate (default), fast, or a trained folder; anything else is named. */
class ExpressionModelsTest {

    @Test
    void blankMeansTheDefaultAndNamesIgnoreCase() {
        assertEquals(ExpressionModels.ACCURATE, ExpressionModels.normalise(""));
        assertEquals(ExpressionModels.ACCURATE, ExpressionModels.normalise(null));
        assertEquals(ExpressionModels.FAST, ExpressionModels.normalise(" Fast "));
        assertEquals(ExpressionModels.ACCURATE, ExpressionModels.normalise("accurate/"));
        assertNull(ExpressionModels.problem("ACCURATE"));
    }

    @Test
    void anUnknownNameIsNamedWithWhatIsAccepted() {
        String p = ExpressionModels.problem("fastest");
        assertTrue(p.contains("'fastest'") && p.contains("accurate (default), fast"), p);
    }

    @Test
    void bothBuiltInModelsGiveDistributionsAndDiffer() throws IOException {
        emotij.classify.FaceView view = emotij.classify.FaceView.of(emotij.classify.FaceCrop.wholeImage(
                emotij.testing.TestImages.sample("astronaut.png")));
        try (ExpressionNetwork fast = ExpressionModels.open("fast"); ExpressionNetwork accurate = ExpressionModels.open("accurate")) {
            float[] f = fast.probabilities(java.util.List.of(view))[0];
            float[] a = accurate.probabilities(java.util.List.of(view))[0];
            double sf = 0, sa = 0, diff = 0;
            for (int k = 0; k < 7; k++) {
                sf += f[k];
                sa += a[k];
                diff += Math.abs(f[k] - a[k]);
            }
            // softmax outputs (scale 1) summed in float
            assertEquals(1, sf, 1e-5);
            assertEquals(1, sa, 1e-5);
            assertTrue(diff > 1e-3, "accurate adds its faceres head to fast: they differ, by " + diff);
            assertTrue(accurate.description().contains("accurate"), accurate.description());
        }
    }
}
