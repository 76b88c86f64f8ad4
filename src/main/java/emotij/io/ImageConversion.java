package emotij.io;

import emotij.image.PixelImage;
import ij.ImagePlus;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.LUT;
import ij.process.ShortProcessor;

/**
 * Turns ImageJ pixels into the core's {@link PixelImage}, copying them (the user's pixels are never changed).
 * 8-bit with a colour LUT, an inverted LUT or the short LUT of a 1-, 2- or 4-bit file is taken as it is displayed; 16- and 32-bit pixels are mapped through
 * the image's display range, as ImageJ does when it shows them; a composite image is taken as displayed (RGB).
 */
public final class ImageConversion {

    private ImageConversion() {
    }

    /**
     * Number of planes analysed in an image: slices times frames (the channels of a composite image are merged
     * as displayed, those of other images are taken one by one).
     */
    public static int planeCount(ImagePlus imp) {
        return merged(imp) ? imp.getNSlices() * imp.getNFrames() : imp.getStackSize();
    }

    /** True if the channels of this image are merged into one RGB plane, as displayed. */
    public static boolean merged(ImagePlus imp) {
        return imp.isComposite() && imp.getNChannels() > 1;
    }

    /**
     * The channel (0: channels merged as displayed), z and t of plane {@code p} of an image, 1-based, with the
     * planes numbered as {@link #planeCount} counts them.
     */
    public static int[] position(ImagePlus imp, int p) {
        if (merged(imp)) return new int[] {0, (p - 1) % imp.getNSlices() + 1, (p - 1) / imp.getNSlices() + 1};
        if (imp.getStackSize() == 1) return new int[] {1, 1, 1};
        return imp.convertIndexToPosition(p);
    }

    /** The number of the plane at (channel, z, t): the inverse of {@link #position}. */
    public static int number(ImagePlus imp, int channel, int z, int t) {
        if (merged(imp)) return (t - 1) * imp.getNSlices() + z;
        return imp.getStackIndex(Math.max(1, channel), z, t);
    }

    /**
     * Where a plane is in tracking: {lane, time}. Faces are followed along t, separately at each channel and z of a
     * hyperstack (a lane each); when the planes analysed are all of one time point (a stack of slices), along z.
     *
     * @param alongT whether the planes analysed have more than one time point
     */
    public static int[] trackingLaneAndTime(ImagePlus imp, int[] position, boolean alongT) {
        int c = position[0];
        int z = position[1];
        int t = position[2];
        return alongT ? new int[] {number(imp, c, z, 1), t} : new int[] {number(imp, c, 1, t), z};
    }

    /** Plane {@code p} (1-based, as counted by {@link #planeCount}). */
    public static PixelImage plane(ImagePlus imp, int p) {
        if (merged(imp)) {
            int z = (p - 1) % imp.getNSlices() + 1;
            int t = (p - 1) / imp.getNSlices() + 1;
            return compositePlane(imp, z, t);
        }
        return toPixelImage(processor(imp, p), imp.getDisplayRangeMin(), imp.getDisplayRangeMax());
    }

    /** The processor of plane {@code p} for drawing on (for a composite image, the merged RGB plane). */
    public static ImageProcessor processor(ImagePlus imp, int p) {
        if (merged(imp)) {
            PixelImage rgb = plane(imp, p);
            int[] packed = new int[rgb.width() * rgb.height()];
            float[] d = rgb.toArray();
            for (int i = 0; i < packed.length; i++) {
                packed[i] = (Math.round(d[3 * i] * 255) << 16) | (Math.round(d[3 * i + 1] * 255) << 8) | Math.round(d[3 * i + 2] * 255);
            }
            return new ColorProcessor(rgb.width(), rgb.height(), packed);
        }
        return imp.getStackSize() == 1 ? imp.getProcessor() : imp.getStack().getProcessor(p);
    }

    /** The plane at {@code (slice, frame)} (1-based) of an image, as displayed when composite. */
    public static PixelImage plane(ImagePlus imp, int slice, int frame) {
        if (merged(imp)) return compositePlane(imp, slice, frame);
        return toPixelImage(processorAt(imp, slice, frame), imp.getDisplayRangeMin(), imp.getDisplayRangeMax());
    }

    /** The processor of the current channel at (slice, frame), 1-based; null if a virtual stack cannot read it. */
    public static ImageProcessor processorAt(ImagePlus imp, int slice, int frame) {
        if (imp.getStackSize() == 1) return imp.getProcessor();
        return imp.getStack().getProcessor(imp.getStackIndex(Math.max(1, imp.getC()), slice, frame));
    }

    private static PixelImage compositePlane(ImagePlus imp, int slice, int frame) {
        // sum the active channels through their LUTs, as ImageJ's composite display does
        ij.CompositeImage comp = (ij.CompositeImage) imp;
        boolean[] active = comp.getActiveChannels();
        int w = imp.getWidth();
        int h = imp.getHeight();
        int[] r = new int[w * h];
        int[] g = new int[w * h];
        int[] b = new int[w * h];
        for (int c = 1; c <= imp.getNChannels(); c++) {
            if (active != null && c - 1 < active.length && !active[c - 1]) continue;
            ImageProcessor ip = imp.getStack().getProcessor(imp.getStackIndex(c, slice, frame)).duplicate();
            LUT lut = comp.getChannelLut(c);
            ip.setLut(lut);
            ip.setMinAndMax(lut.min, lut.max);
            int[] rgb = (int[]) ip.convertToRGB().getPixels();
            for (int i = 0; i < rgb.length; i++) {
                r[i] += (rgb[i] >> 16) & 0xff;
                g[i] += (rgb[i] >> 8) & 0xff;
                b[i] += rgb[i] & 0xff;
            }
        }
        int[] packed = new int[w * h];
        for (int i = 0; i < packed.length; i++) {
            packed[i] = (Math.min(255, r[i]) << 16) | (Math.min(255, g[i]) << 8) | Math.min(255, b[i]);
        }
        return PixelImage.ofRgb(packed, w, h);
    }

    /** One processor's pixels; {@code min}/{@code max} is the display range used for 16/32-bit data. */
    public static PixelImage toPixelImage(ImageProcessor ip, double min, double max) {
        int w = ip.getWidth();
        int h = ip.getHeight();
        if (ip instanceof ColorProcessor) {
            return PixelImage.ofRgb((int[]) ip.getPixels(), w, h);
        }
        if (ip instanceof ByteProcessor) {
            if (ip.isColorLut()) {
                ColorProcessor rgb = ip.convertToColorProcessor();
                return PixelImage.ofRgb((int[]) rgb.getPixels(), w, h);
            }
            LUT lut = ip.getLut();
            if (ip.isInvertedLut() || lut.getMapSize() < 256) {
                // a 1-, 2- or 4-bit file holds indexes (0..15 for 4 bits) into a short gray LUT: its raw values
                // taken as 8-bit would be nearly black; take them as displayed, through the LUT
                return PixelImage.ofGray8(throughLut((byte[]) ip.getPixels(), lut), w, h);
            }
            return PixelImage.ofGray8((byte[]) ip.getPixels(), w, h);
        }
        if (ip instanceof ShortProcessor) {
            return PixelImage.ofGray16((short[]) ip.getPixels(), w, h, min, max);
        }
        if (ip instanceof FloatProcessor) {
            return PixelImage.ofGray32((float[]) ip.getPixels(), w, h, min, max);
        }
        throw new IllegalArgumentException("unsupported ImageJ pixel type: " + ip.getClass().getSimpleName());
    }

    /** The gray values of 8-bit pixels through a gray LUT (indexes past its end are black). */
    private static byte[] throughLut(byte[] pixels, LUT lut) {
        byte[] gray = new byte[256];
        lut.getReds(gray);
        byte[] out = new byte[pixels.length];
        for (int i = 0; i < out.length; i++) out[i] = gray[pixels[i] & 0xff];
        return out;
    }
}
