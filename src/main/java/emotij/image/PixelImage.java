package emotij.image;

/**
 * An image as the core sees it: 1 (gray) or 3 (RGB) channels of floats in [0, 1], interleaved, row by row.
 * Immutable once built; the factories copy (never wrap) the caller's pixels, so the core cannot change them.
 *
 * <p>16- and 32-bit data are mapped linearly from a display range {@code [min, max]} to [0, 1], as ImageJ does
 * when it shows or converts such an image: the networks were trained on 8-bit photos.
 */
public final class PixelImage {

    private final int width;
    private final int height;
    private final int channels;
    private final float[] data;
    /** Lazily built half, quarter... size copies, for fast shrinking (see {@link #halvings(int)}). */
    private final java.util.List<PixelImage> halvings = new java.util.ArrayList<>();
    /** What {@link ImageChecks} needs to know of the values: made with 8-bit pixels, else on first use. */
    private volatile Stats stats;

    /** 8-bit values as floats in [0, 1], {@code v / 255f} (a table: faster than dividing every value). */
    private static final float[] BYTE_TO_UNIT = new float[256];

    static {
        for (int v = 0; v < 256; v++) BYTE_TO_UNIT[v] = v / 255f;
    }

    /**
     * The values' range and oddities, found in one pass (ImageChecks' checks and warnings, which used to read every
     * value twice more).
     */
    static final class Stats {
        /** NaN and infinite values. */
        final long nonFinite;
        /** Smallest and largest finite value (+Inf and -Inf when there is none). */
        final float min;
        final float max;
        /** Largest value, infinities included, and at least 0. */
        final float largest;
        /** Values of 1 (white) or more. */
        final long white;

        private Stats(long nonFinite, float min, float max, float largest, long white) {
            this.nonFinite = nonFinite;
            this.min = min;
            this.max = max;
            this.largest = largest;
            this.white = white;
        }

        static Stats of(float[] values) {
            long nonFinite = 0;
            long white = 0;
            float min = Float.POSITIVE_INFINITY;
            float max = Float.NEGATIVE_INFINITY;
            float largest = 0;
            for (float v : values) {
                if (v > largest) largest = v;
                if (v >= 1f) white++;
                if (Float.isNaN(v) || Float.isInfinite(v)) {
                    nonFinite++;
                    continue;
                }
                if (v < min) min = v;
                if (v > max) max = v;
            }
            return new Stats(nonFinite, min, max, largest, white);
        }

        /** Of 8-bit values {@code lo..hi} (at least one), {@code white} of them 255. */
        static Stats ofBytes(int lo, int hi, long white) {
            return new Stats(0, BYTE_TO_UNIT[lo], BYTE_TO_UNIT[hi], BYTE_TO_UNIT[hi], white);
        }
    }

    private PixelImage(int width, int height, int channels, float[] data, Stats stats) {
        this(width, height, channels, data);
        this.stats = stats;
    }

    private PixelImage(int width, int height, int channels, float[] data) {
        if (width < 0 || height < 0) throw new IllegalArgumentException("negative image size " + width + "x" + height);
        if (channels != 1 && channels != 3) throw new IllegalArgumentException("channels must be 1 or 3, not " + channels);
        if ((long) width * height * channels != data.length) {
            throw new IllegalArgumentException("pixel array of " + data.length + " values does not fit " + width + "x"
                    + height + "x" + channels);
        }
        this.width = width;
        this.height = height;
        this.channels = channels;
        this.data = data;
    }

    /** Gray or RGB values already in [0, 1] (interleaved for RGB); the array is copied. */
    public static PixelImage ofFloats(float[] values, int width, int height, int channels) {
        return new PixelImage(width, height, channels, values.clone());
    }

    /** 8-bit gray pixels (unsigned bytes, as ImageJ's ByteProcessor holds them). */
    public static PixelImage ofGray8(byte[] pixels, int width, int height) {
        float[] d = new float[pixels.length];
        int lo = 255;
        int hi = 0;
        long white = 0;
        for (int i = 0; i < d.length; i++) {
            int v = pixels[i] & 0xff;
            d[i] = BYTE_TO_UNIT[v];
            lo = Math.min(lo, v);
            hi = Math.max(hi, v);
            if (v == 255) white++;
        }
        return new PixelImage(width, height, 1, d, d.length == 0 ? null : Stats.ofBytes(lo, hi, white));
    }

    /** 16-bit gray pixels (unsigned shorts) mapped from the display range [min, max] to [0, 1]. */
    public static PixelImage ofGray16(short[] pixels, int width, int height, double min, double max) {
        float[] d = new float[pixels.length];
        double scale = max > min ? 1.0 / (max - min) : 0;
        for (int i = 0; i < d.length; i++) d[i] = clamp01(((pixels[i] & 0xffff) - min) * scale);
        return new PixelImage(width, height, 1, d);
    }

    /**
     * 32-bit gray pixels mapped from [min, max] to [0, 1]. NaN and infinite pixels are kept (as NaN) so that
     * {@link ImageChecks} can report them instead of the networks silently seeing garbage.
     */
    public static PixelImage ofGray32(float[] pixels, int width, int height, double min, double max) {
        if (!Double.isFinite(min) || !Double.isFinite(max)) {
            // ImageJ's display range of an image holding +Inf or -Inf is infinite: mapping through it would make
            // every pixel NaN; the finite pixels' range shows what ImageJ shows once the infinities are removed
            double[] range = finiteRange(pixels);
            min = range[0];
            max = range[1];
        }
        float[] d = new float[pixels.length];
        double scale = max > min ? 1.0 / (max - min) : 0;
        for (int i = 0; i < d.length; i++) {
            float v = pixels[i];
            d[i] = Float.isFinite(v) ? clamp01((v - min) * scale) : Float.NaN;
        }
        return new PixelImage(width, height, 1, d);
    }

    /** Smallest and largest finite value; {0, 0} if there is none. */
    private static double[] finiteRange(float[] pixels) {
        double min = Double.POSITIVE_INFINITY;
        double max = Double.NEGATIVE_INFINITY;
        for (float v : pixels) {
            if (!Float.isFinite(v)) continue;
            min = Math.min(min, v);
            max = Math.max(max, v);
        }
        return min <= max ? new double[] {min, max} : new double[] {0, 0};
    }

    /** Packed RGB pixels ({@code 0xRRGGBB}, as ImageJ's ColorProcessor and BufferedImage hold them). */
    public static PixelImage ofRgb(int[] pixels, int width, int height) {
        float[] d = new float[pixels.length * 3];
        int lo = 255;
        int hi = 0;
        long white = 0;
        for (int i = 0, j = 0; i < pixels.length; i++) {
            int p = pixels[i];
            int r = (p >> 16) & 0xff;
            int g = (p >> 8) & 0xff;
            int b = p & 0xff;
            d[j++] = BYTE_TO_UNIT[r];
            d[j++] = BYTE_TO_UNIT[g];
            d[j++] = BYTE_TO_UNIT[b];
            lo = Math.min(lo, Math.min(r, Math.min(g, b)));
            hi = Math.max(hi, Math.max(r, Math.max(g, b)));
            if (r == 255) white++;
            if (g == 255) white++;
            if (b == 255) white++;
        }
        return new PixelImage(width, height, 3, d, d.length == 0 ? null : Stats.ofBytes(lo, hi, white));
    }

    private static float clamp01(double v) {
        return (float) (v < 0 ? 0 : v > 1 ? 1 : v);
    }

    public int width() {
        return width;
    }

    public int height() {
        return height;
    }

    public int channels() {
        return channels;
    }

    /** Value of channel {@code c} at pixel (x, y); no bounds check beyond the array's. */
    public float get(int x, int y, int c) {
        return data[(y * width + x) * channels + c];
    }

    /** Luminance at (x, y) with the weights the emotion model was trained with (ITU-R 601). */
    public float gray(int x, int y) {
        int i = (y * width + x) * channels;
        if (channels == 1) return data[i];
        return 0.2989f * data[i] + 0.587f * data[i + 1] + 0.114f * data[i + 2];
    }

    /**
     * This image in the middle of a black canvas {@code factor} times its size (tight face crops, as in FER-2013,
     * leave a detector no context; padding gives it some).
     */
    public PixelImage padded(double factor) {
        int w = (int) Math.round(width * factor);
        int h = (int) Math.round(height * factor);
        int x0 = (w - width) / 2;
        int y0 = (h - height) / 2;
        float[] d = new float[w * h * channels];
        for (int y = 0; y < height; y++) {
            System.arraycopy(data, y * width * channels, d, ((y + y0) * w + x0) * channels, width * channels);
        }
        return new PixelImage(w, h, channels, d);
    }

    /** A copy of the values. */
    public float[] toArray() {
        return data.clone();
    }

    float[] data() {
        return data;
    }

    /** The values' statistics, computed once. */
    Stats stats() {
        Stats s = stats;
        if (s == null) stats = s = Stats.of(data);
        return s;
    }

    /**
     * This image shrunk {@code 2^level} times by averaging 2x2 blocks (level 0 is this image); built on first use
     * and kept, so that sampling a small view of a large image reads few pixels. Thread-safe.
     */
    PixelImage halvings(int level) {
        if (level == 0) return this;
        synchronized (halvings) {
            while (halvings.size() < level) {
                PixelImage prev = halvings.isEmpty() ? this : halvings.get(halvings.size() - 1);
                halvings.add(prev.halved());
            }
            return halvings.get(level - 1);
        }
    }

    /** Number of halvings possible while both sides stay at least 2 pixels. */
    int maxHalvings() {
        int n = 0;
        int w = width;
        int h = height;
        while (w >= 4 && h >= 4) {
            w /= 2;
            h /= 2;
            n++;
        }
        return n;
    }

    private PixelImage halved() {
        int w2 = width / 2;
        int h2 = height / 2;
        int c = channels;
        float[] d = new float[w2 * h2 * c];
        for (int y = 0; y < h2; y++) {
            int r0 = (2 * y) * width * c;
            int r1 = (2 * y + 1) * width * c;
            if (c == 3) {
                // RGB written out: the JIT runs this about 1.7x faster than the loop over channels (same sums)
                for (int x = 0, i0 = r0, i1 = r1, o = y * w2 * 3; x < w2; x++, i0 += 6, i1 += 6, o += 3) {
                    d[o] = 0.25f * (data[i0] + data[i0 + 3] + data[i1] + data[i1 + 3]);
                    d[o + 1] = 0.25f * (data[i0 + 1] + data[i0 + 4] + data[i1 + 1] + data[i1 + 4]);
                    d[o + 2] = 0.25f * (data[i0 + 2] + data[i0 + 5] + data[i1 + 2] + data[i1 + 5]);
                }
                continue;
            }
            for (int x = 0; x < w2; x++) {
                int i0 = r0 + 2 * x * c;
                int i1 = r1 + 2 * x * c;
                int o = (y * w2 + x) * c;
                for (int k = 0; k < c; k++) {
                    d[o + k] = 0.25f * (data[i0 + k] + data[i0 + c + k] + data[i1 + k] + data[i1 + c + k]);
                }
            }
        }
        return new PixelImage(w2, h2, c, d);
    }

    @Override
    public String toString() {
        return width + "x" + height + (channels == 1 ? " gray" : " RGB");
    }
}
