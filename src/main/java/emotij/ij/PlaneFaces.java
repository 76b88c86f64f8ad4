package emotij.ij;

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

    /**
     * The channel (0: channels merged as displayed), z and t of plane {@code p} of an image, 1-based, with the
     * planes numbered as {@link ImageConversion#planeCount} counts them.
     */
    public static int[] position(ImagePlus imp, int p) {
        if (ImageConversion.merged(imp)) return new int[] {0, (p - 1) % imp.getNSlices() + 1, (p - 1) / imp.getNSlices() + 1};
        if (imp.getStackSize() == 1) return new int[] {1, 1, 1};
        return imp.convertIndexToPosition(p);
    }

    /** The number of the plane at (channel, z, t): the inverse of {@link #position}. */
    public static int number(ImagePlus imp, int channel, int z, int t) {
        if (ImageConversion.merged(imp)) return (t - 1) * imp.getNSlices() + z;
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
}
