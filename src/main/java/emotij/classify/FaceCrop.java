package emotij.classify;

import emotij.detect.DetectedFace;
import emotij.image.PixelImage;

/**
 * Where to cut one face out of an image: a (possibly rotated) rectangle given by its centre, size and angle.
 * Immutable.
 */
public final class FaceCrop {

    final PixelImage image;
    final double centreX;
    final double centreY;
    final double width;
    final double height;
    final double angle;

    public FaceCrop(PixelImage image, double centreX, double centreY, double width, double height, double angle) {
        this.image = image;
        this.centreX = centreX;
        this.centreY = centreY;
        this.width = width;
        this.height = height;
        this.angle = angle;
    }

    /** The crop the classifier was calibrated on: a square around the detector's box, rotated upright if asked. */
    public static FaceCrop ofDetection(PixelImage image, DetectedFace face, ClassifierOptions options) {
        double side = Math.max(face.box().width, face.box().height) * options.framing();
        double angle = options.alignEyes() ? face.rollAngle() : 0;
        double shift = options.verticalShift() * face.box().height;
        // the shift is along the face's own vertical axis
        double cx = face.box().centreX() - Math.sin(angle) * shift;
        double cy = face.box().centreY() + Math.cos(angle) * shift;
        return new FaceCrop(image, cx, cy, side, side, angle);
    }

    /** A rectangle taken as it is (a user's ROI, or a whole image that is already a face crop). */
    public static FaceCrop ofRectangle(PixelImage image, double x, double y, double width, double height) {
        return new FaceCrop(image, x + width / 2, y + height / 2, width, height, 0);
    }

    /** The whole image (a face crop already, as in FER-2013 or SFEW). */
    public static FaceCrop wholeImage(PixelImage image) {
        return ofRectangle(image, 0, 0, image.width(), image.height());
    }
}
