package emotij.batch;

import emotij.image.PixelImage;
import emotij.pipeline.FaceResult;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * One opened image file as the core reads it: its planes (1-based) as {@link PixelImage}s, where each plane lies
 * (channel, z, t), and its annotated copy. The user's file and pixels are only read.
 */
public interface ImageSource {

    int width();

    int height();

    /** The planes analysed: slices times frames (channels merged as displayed, or taken one by one). */
    int planeCount();

    /** Plane {@code p}, 1-based, converted for the core (read when asked for: a movie is never held whole). */
    PixelImage plane(int p);

    /** The channel (0: channels merged), z and t of plane {@code p}, 1-based: the results' position columns. */
    int[] position(int p);

    /**
     * Where plane {@code p} is in tracking: {lane, time}. Faces are followed along t, separately in each lane (a
     * channel and z of a hyperstack); along z for a stack of slices.
     */
    int[] trackingLaneAndTime(int p);

    /** Problems met while reading that did not stop it (a damaged file decoded in part), each a sentence. */
    List<String> readWarnings();

    /**
     * Writes the annotated copy (faces drawn on an RGB copy of each plane) to {@code file}: a PNG for an image of
     * one plane, a TIFF stack for more, written a plane at a time.
     *
     * @param faces  the faces of each plane, plane 1 first
     * @param tracks the track id of each face of each plane, or null (faces coloured by emotion)
     * @throws IOException when the file could not be written; its message is the reason (may be empty)
     */
    void writeAnnotated(List<List<FaceResult>> faces, List<int[]> tracks, boolean landmarks, Path file) throws IOException;
}
