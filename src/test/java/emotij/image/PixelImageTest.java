package emotij.image;

import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** 8-bit pixels become the same floats, and the same statistics, as computing them value by value. */
class PixelImageTest {

    /** Packed RGB pixels: random, then with black and white runs so that the range ends and white counts matter. */
    private static int[] rgbPixels(int n, long seed) {
        Random r = new Random(seed);
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = r.nextInt(0x1000000);
        for (int i = 0; i < n / 4; i++) p[i] = 0xffffff;
        return p;
    }

    private static void assertSameStats(PixelImage.Stats expected, PixelImage.Stats actual) {
        assertEquals(expected.nonFinite, actual.nonFinite);
        assertEquals(expected.min, actual.min);
        assertEquals(expected.max, actual.max);
        assertEquals(expected.largest, actual.largest);
        assertEquals(expected.white, actual.white);
    }

    @Test
    void rgbAndGrayPixelsGiveTheFloatsAndStatisticsOfTheirValues() {
        for (long seed = 1; seed <= 3; seed++) {
            int[] rgb = rgbPixels(997, seed);
            float[] expected = new float[rgb.length * 3];
            for (int i = 0; i < rgb.length; i++) {
                expected[3 * i] = ((rgb[i] >> 16) & 0xff) / 255f;
                expected[3 * i + 1] = ((rgb[i] >> 8) & 0xff) / 255f;
                expected[3 * i + 2] = (rgb[i] & 0xff) / 255f;
            }
            PixelImage img = PixelImage.ofRgb(rgb, 997, 1);
            assertArrayEquals(expected, img.toArray());
            assertSameStats(PixelImage.Stats.of(expected), img.stats());

            byte[] gray = new byte[rgb.length];
            for (int i = 0; i < gray.length; i++) gray[i] = (byte) (rgb[i] >> (8 * seed));
            PixelImage g = PixelImage.ofGray8(gray, 997, 1);
            assertSameStats(PixelImage.Stats.of(g.toArray()), g.stats());
            for (int i = 0; i < gray.length; i++) assertEquals((gray[i] & 0xff) / 255f, g.get(i, 0, 0));
        }
        // a dark image without white or black: its range is what it holds
        byte[] dark = {3, 9, 20, 5};
        PixelImage d = PixelImage.ofGray8(dark, 2, 2);
        assertSameStats(PixelImage.Stats.of(d.toArray()), d.stats());
        assertEquals(3 / 255f, d.stats().min);
        assertEquals(0, d.stats().white);
    }
}
