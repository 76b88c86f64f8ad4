package emotij.detect;

/** An axis-aligned rectangle in image pixel coordinates (x, y: top-left corner). Immutable. */
public final class Box {

    public final double x;
    public final double y;
    public final double width;
    public final double height;

    public Box(double x, double y, double width, double height) {
        if (!(width >= 0) || !(height >= 0)) {
            throw new IllegalArgumentException("box size must be non-negative, not " + width + "x" + height);
        }
        this.x = x;
        this.y = y;
        this.width = width;
        this.height = height;
    }

    public static Box fromCorners(double x0, double y0, double x1, double y1) {
        return new Box(x0, y0, Math.max(0, x1 - x0), Math.max(0, y1 - y0));
    }

    public double centreX() {
        return x + width / 2;
    }

    public double centreY() {
        return y + height / 2;
    }

    public double area() {
        return width * height;
    }

    public double intersectionArea(Box o) {
        double w = Math.min(x + width, o.x + o.width) - Math.max(x, o.x);
        double h = Math.min(y + height, o.y + o.height) - Math.max(y, o.y);
        return w > 0 && h > 0 ? w * h : 0;
    }

    /** Intersection over union, 0 for disjoint boxes. */
    public double iou(Box o) {
        double inter = intersectionArea(o);
        double union = area() + o.area() - inter;
        return union > 0 ? inter / union : 0;
    }

    /** This box scaled by {@code factor} about its centre. */
    public Box scaled(double factor) {
        return new Box(centreX() - width * factor / 2, centreY() - height * factor / 2, width * factor, height * factor);
    }

    /** The part of this box inside a {@code w x h} image, or null if none. */
    public Box clippedTo(int w, int h) {
        double x0 = Math.max(0, x);
        double y0 = Math.max(0, y);
        double x1 = Math.min(w, x + width);
        double y1 = Math.min(h, y + height);
        return x1 > x0 && y1 > y0 ? fromCorners(x0, y0, x1, y1) : null;
    }

    @Override
    public String toString() {
        return String.format(java.util.Locale.ROOT, "Box[x=%.1f, y=%.1f, w=%.1f, h=%.1f]", x, y, width, height);
    }
}
