package emotij.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Floating-point comparisons relative to the magnitude of what is compared.
 *
 * <p>Why relative, and to the largest value of the whole tensor: CPUs differ in vector width, fused multiply-add
 * and summation order, so the same network gives results that differ by a few units in the last place of the
 * largest intermediate values (measured: box coordinates of BlazeFace, in pixels up to 240, differed by 2.7e-4 on
 * an AMD EPYC without AVX-512). That error spreads to every output, also to the ones near zero, so each value is
 * compared against the scale of its tensor, not its own size. Below 1 the scale is 1: probabilities and other
 * values of order 1 are compared absolutely.
 */
public final class Tolerance {

    private Tolerance() {
    }

    /** The scale of a tensor: its largest magnitude, at least 1. */
    public static double scale(double[] reference) {
        double scale = 1;
        for (double v : reference) scale = Math.max(scale, Math.abs(v));
        return scale;
    }

    /** Asserts max |actual - expected| <= relative * scale(expected); the message names the largest difference. */
    public static void assertAllClose(double[] expected, double[] actual, double relative, String what) {
        assertTrue(expected.length == actual.length, what + ": " + actual.length + " values, expected " + expected.length);
        double scale = scale(expected);
        double max = 0;
        int worst = 0;
        for (int i = 0; i < expected.length; i++) {
            double d = Math.abs(actual[i] - expected[i]);
            if (d > max || Double.isNaN(d)) {
                max = d;
                worst = i;
            }
        }
        assertTrue(max <= relative * scale, what + ": max difference " + max + " at " + worst + " (" + actual[worst]
                + " vs " + expected[worst] + "), over " + relative + " x " + scale + " (the largest value)");
    }

    public static void assertAllClose(float[] expected, float[] actual, double relative, String what) {
        assertAllClose(toDouble(expected), toDouble(actual), relative, what);
    }

    /** Asserts |actual - expected| <= relative * max(1, |expected|). */
    public static void assertClose(double expected, double actual, double relative, String what) {
        assertAllClose(new double[] {expected}, new double[] {actual}, relative, what);
    }

    public static double[] toDouble(float[] values) {
        double[] d = new double[values.length];
        for (int i = 0; i < values.length; i++) d[i] = values[i];
        return d;
    }
}
