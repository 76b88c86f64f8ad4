package emotij.image;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The sampler's fast path for unrotated patches gives exactly the floats of its general path. */
class SamplerTest {

    private static PixelImage image(int w, int h, int channels, long seed) {
        Random r = new Random(seed);
        float[] v = new float[w * h * channels];
        for (int i = 0; i < v.length; i++) v[i] = r.nextFloat();
        return PixelImage.ofFloats(v, w, h, channels);
    }

    @Test
    void unrotatedPatchesAreTheSameFloatsOnBothPaths() {
        // a detector window over a whole movie frame (shrunk by a halving, then 1 sample a pixel), a tile reaching
        // past the border (zeros outside), a crop enlarged and mirrored, a shrink of several samples per pixel
        double[][] patches = {
                {360, 288, 720, 720, 256, 256, 0},
                {650, 40, 300, 300, 128, 128, 0},
                {100.3, 80.7, 41.5, 52.25, 64, 64, 1},
                {200, 150, 390, 290, 48, 48, 0},
        };
        for (int channels : new int[] {1, 3}) {
            PixelImage img = image(720, 576, channels, channels);
            for (double[] p : patches) {
                for (Sampler.Output output : Sampler.Output.values()) {
                    int outW = (int) p[4], outH = (int) p[5];
                    int n = outW * outH * (output == Sampler.Output.RGB ? 3 : 1);
                    float[] fast = new float[n + 5];
                    float[] general = new float[n + 5];
                    Sampler.sample(img, p[0], p[1], p[2], p[3], 0, 0, p[6] > 0, outW, outH, output, 2f, -1f, fast, 5, true);
                    Sampler.sample(img, p[0], p[1], p[2], p[3], 0, 0, p[6] > 0, outW, outH, output, 2f, -1f, general, 5, false);
                    for (int i = 0; i < fast.length; i++) {
                        // bit for bit: the results of a run must not depend on which path sampled them
                        assertEquals(Float.floatToIntBits(general[i]), Float.floatToIntBits(fast[i]),
                                "value " + i + " of patch " + java.util.Arrays.toString(p) + ", " + channels + " channels, " + output);
                    }
                }
            }
        }
    }
}
