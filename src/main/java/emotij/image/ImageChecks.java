package emotij.image;

/**
 * Checks that an image can hold a face before any network sees it, so that a bad input fails with a message that
 * says what is wrong instead of an empty or meaningless result.
 */
public final class ImageChecks {

    /** Smallest side, in pixels, that can hold a face the networks can read (FER-2013 faces are 48 pixels). */
    public static final int MIN_SIDE = 16;

    /** Brightest pixel, as a fraction of white, below which an image is too dark for faces to be found reliably. */
    static final float NEARLY_BLACK = 0.1f;
    /** Fraction of pure white pixels above which most of an image is lost to saturation. */
    static final double MOSTLY_WHITE = 0.5;

    /**
     * Largest plane, in pixels, converted for analysis (the core holds it as floats): beyond this a clear
     * message asks for a smaller image instead of running out of memory.
     */
    public static final long MAX_PIXELS = 150_000_000L;

    private ImageChecks() {
    }

    /** @throws InvalidImageException if planes of this size are too large to analyse (see {@link #MAX_PIXELS}) */
    public static void requireAnalysableSize(int width, int height, String name) throws InvalidImageException {
        long pixels = (long) width * height;
        if (pixels > MAX_PIXELS) {
            throw new InvalidImageException(name, String.format(java.util.Locale.ROOT, "the image is %dx%d (%.0f megapixels); "
                    + "EmotiJ analyses images up to %d megapixels: scale it down (Image > Scale...) or crop it",
                    width, height, pixels / 1e6, MAX_PIXELS / 1_000_000));
        }
    }

    /**
     * Problems of a usable image that can make faces go unfound (each says what to do), without the image's name;
     * empty for an ordinary image. A dark or saturated 16/32-bit image usually has the wrong display range.
     */
    public static java.util.List<String> warnings(PixelImage image) {
        PixelImage.Stats stats = image.stats();
        float max = stats.largest;
        long white = stats.white;
        long values = (long) image.width() * image.height() * image.channels();
        java.util.List<String> out = new java.util.ArrayList<>();
        String fix = "faces may be missed; for a 16- or 32-bit image set a display range that shows the faces "
                + "(in ImageJ: Image > Adjust > Brightness/Contrast) and save it";
        if (max < NEARLY_BLACK) {
            out.add(String.format(java.util.Locale.ROOT, "the image is nearly black as displayed (its brightest pixel "
                    + "is %.0f%% of white): %s", 100.0 * max, fix));
        } else if (values > 0 && white > MOSTLY_WHITE * values) {
            out.add(String.format(java.util.Locale.ROOT, "%.0f%% of the image is pure white as displayed: %s",
                    100.0 * white / values, fix));
        }
        return out;
    }

    /**
     * @param name what to call the image in the message (a file name, an image title)
     * @throws InvalidImageException naming the image and the problem
     */
    public static void requireUsable(PixelImage image, String name) throws InvalidImageException {
        if (image.width() == 0 || image.height() == 0) {
            throw new InvalidImageException(name, "the image is empty (" + image.width() + "x" + image.height() + " pixels)");
        }
        if (image.width() < MIN_SIDE || image.height() < MIN_SIDE) {
            throw new InvalidImageException(name, "the image is " + image.width() + "x" + image.height()
                    + " pixels, too small to hold a face (at least " + MIN_SIDE + "x" + MIN_SIDE + " is needed)");
        }
        PixelImage.Stats stats = image.stats();
        long bad = stats.nonFinite;
        float min = stats.min;
        float max = stats.max;
        if (bad > 0) {
            throw new InvalidImageException(name, bad + " pixel values are NaN or infinite; replace them first "
                    + "(in ImageJ: Process > Math > Remove NaNs...)");
        }
        if (max <= 0) {
            throw new InvalidImageException(name, "the image is all black: there is nothing to detect "
                    + "(check the display range of 16/32-bit images)");
        }
        if (max - min < 1e-6f) {
            throw new InvalidImageException(name, "every pixel has the same value (" + max + "): there is nothing to detect");
        }
    }
}
