package emotij.image;

import net.imglib2.Cursor;
import net.imglib2.RandomAccessibleInterval;
import net.imglib2.type.numeric.RealType;
import net.imglib2.view.Views;

/** Turns imglib2 images (any real pixel type, any view) into {@link PixelImage}s. */
public final class ImgLib2Images {

    private ImgLib2Images() {
    }

    /**
     * A 2D gray image, or a 3D one whose third dimension holds 3 colour channels (R, G, B), mapped linearly from
     * {@code [min, max]} to [0, 1]. The view is read, never written.
     */
    public static <T extends RealType<T>> PixelImage toPixelImage(RandomAccessibleInterval<T> image, double min, double max) {
        int n = image.numDimensions();
        if (n != 2 && !(n == 3 && image.dimension(2) == 3)) {
            throw new IllegalArgumentException("expected a 2D image, or 3D with 3 colour channels last; got "
                    + java.util.Arrays.toString(image.dimensionsAsLongArray()));
        }
        long w = image.dimension(0);
        long h = image.dimension(1);
        int channels = n == 2 ? 1 : 3;
        if (w * h * channels > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("image too large: " + w + "x" + h);
        float[] values = new float[(int) (w * h * channels)];
        double scale = max > min ? 1.0 / (max - min) : 0;
        RandomAccessibleInterval<T> zeroMin = Views.zeroMin(image);
        Cursor<T> c = Views.flatIterable(zeroMin).localizingCursor();
        while (c.hasNext()) {
            double v = c.next().getRealDouble();
            long x = c.getLongPosition(0);
            long y = c.getLongPosition(1);
            int ch = n == 2 ? 0 : c.getIntPosition(2);
            float f = Double.isFinite(v) ? (float) Math.max(0, Math.min(1, (v - min) * scale)) : Float.NaN;
            values[(int) ((y * w + x) * channels + ch)] = f;
        }
        return PixelImage.ofFloats(values, (int) w, (int) h, channels);
    }
}
