package emotij.ij;

import emotij.io.ImageConversion;
import emotij.pipeline.FaceResult;
import ij.ImagePlus;

import java.util.List;

/** The faces found in one plane of an image, with the plane's position (1-based slice and frame). */
public final class PlaneFaces {

    /** z: ImageJ's slice (of a hyperstack). */
    public final int slice;
    /** t: ImageJ's frame. */
    public final int frame;
    /** Index of the plane among those processed, 1-based: the x axis of plots. */
    public final int plane;
    public final List<FaceResult> faces;
    /** Track id of each face (0: too short a track), or null when faces are not tracked. */
    public final int[] tracks;

    public PlaneFaces(int slice, int frame, int plane, List<FaceResult> faces) {
        this(slice, frame, plane, faces, null);
    }

    public PlaneFaces(int slice, int frame, int plane, List<FaceResult> faces, int[] tracks) {
        this.slice = slice;
        this.frame = frame;
        this.plane = plane;
        this.faces = faces;
        this.tracks = tracks;
    }

    /** The channel the ImageJ commands analyse: the current one, or 0 when the channels are merged as displayed. */
    public static int analysedChannel(ImagePlus imp) {
        return ImageConversion.merged(imp) ? 0 : imp.getC();
    }
}
