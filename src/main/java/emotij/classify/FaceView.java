package emotij.classify;

import emotij.image.Sampler;

/**
 * One view of a face crop as a network sees it: the crop itself, or moved, zoomed, turned, sheared, mirrored or
 * brightened (test-time and training augmentation). Offsets are along the crop's own axes, in crop sides.
 * Immutable.
 */
public final class FaceView {

    private final FaceCrop crop;
    private final double shiftX;
    private final double shiftY;
    private final double zoom;
    private final double rotation;
    private final double shear;
    private final boolean mirror;
    private final float brightness;

    private FaceView(FaceCrop crop, double shiftX, double shiftY, double zoom, double rotation, double shear,
                     boolean mirror, float brightness) {
        this.crop = crop;
        this.shiftX = shiftX;
        this.shiftY = shiftY;
        this.zoom = zoom;
        this.rotation = rotation;
        this.shear = shear;
        this.mirror = mirror;
        this.brightness = brightness;
    }

    /** The crop as it is. */
    public static FaceView of(FaceCrop crop) {
        return new FaceView(crop, 0, 0, 1, 0, 0, false, 1f);
    }

    public FaceView mirrored(boolean m) {
        return new FaceView(crop, shiftX, shiftY, zoom, rotation, shear, m, brightness);
    }

    /** Moved by ({@code dx}, {@code dy}) crop sides. */
    public FaceView shifted(double dx, double dy) {
        return new FaceView(crop, dx, dy, zoom, rotation, shear, mirror, brightness);
    }

    /** A part ({@code zoom < 1}) or more ({@code > 1}) of the crop, same centre. */
    public FaceView zoomed(double z) {
        return new FaceView(crop, shiftX, shiftY, z, rotation, shear, mirror, brightness);
    }

    public FaceView turned(double radians) {
        return new FaceView(crop, shiftX, shiftY, zoom, radians, shear, mirror, brightness);
    }

    public FaceView sheared(double s) {
        return new FaceView(crop, shiftX, shiftY, zoom, rotation, s, mirror, brightness);
    }

    public FaceView brightened(float factor) {
        return new FaceView(crop, shiftX, shiftY, zoom, rotation, shear, mirror, factor);
    }

    /** Samples the view at {@code size x size} into {@code dest[offset]} (NHWC), values {@code v * scale + offset}. */
    public void sample(int size, Sampler.Output colour, float scale, float valueOffset, float[] dest, int offset) {
        double dx = shiftX * crop.width;
        double dy = shiftY * crop.height;
        double cx = crop.centreX + Math.cos(crop.angle) * dx - Math.sin(crop.angle) * dy;
        double cy = crop.centreY + Math.sin(crop.angle) * dx + Math.cos(crop.angle) * dy;
        // brightness scales the pixel values around black, before the network's own scale and offset
        Sampler.sample(crop.image, cx, cy, crop.width * zoom, crop.height * zoom, crop.angle + rotation, shear, mirror,
                size, size, colour, scale * brightness, valueOffset, dest, offset);
    }

    /** Views are equal when they show the same crop object in the same way (memoised network outputs). */
    @Override
    public boolean equals(Object o) {
        if (!(o instanceof FaceView)) return false;
        FaceView v = (FaceView) o;
        return crop == v.crop && shiftX == v.shiftX && shiftY == v.shiftY && zoom == v.zoom && rotation == v.rotation
                && shear == v.shear && mirror == v.mirror && brightness == v.brightness;
    }

    @Override
    public int hashCode() {
        return java.util.Objects.hash(System.identityHashCode(crop), shiftX, shiftY, zoom, rotation, shear, mirror, brightness);
    }
}
