package emotij.io;

import emotij.pipeline.FaceResult;
import ij.ImagePlus;
import ij.VirtualStack;
import ij.process.ImageProcessor;

import java.util.List;

/**
 * The annotated copy of a stack (faces drawn on an RGB copy of each plane), made plane by plane when a plane is
 * asked for: saving it as a TIFF holds one annotated plane at a time, never the whole movie.
 */
public final class AnnotatedStack extends VirtualStack {

    private final ImagePlus source;
    private final List<List<FaceResult>> faces;
    private final List<int[]> tracks;
    private final boolean landmarks;

    /**
     * @param faces  the faces of each plane of {@code source}, plane 1 first
     * @param tracks the track id of each face of each plane, or null (faces coloured by emotion)
     */
    public AnnotatedStack(ImagePlus source, List<List<FaceResult>> faces, List<int[]> tracks, boolean landmarks) {
        super(source.getWidth(), source.getHeight());
        this.source = source;
        this.faces = faces;
        this.tracks = tracks;
        this.landmarks = landmarks;
    }

    @Override
    public ImageProcessor getProcessor(int n) {
        return Annotator.annotate(ImageConversion.processor(source, n), faces.get(n - 1),
                tracks == null ? null : tracks.get(n - 1), landmarks);
    }

    @Override
    public Object getPixels(int n) {
        return getProcessor(n).getPixels();
    }

    @Override
    public int getSize() {
        return faces.size();
    }

    @Override
    public int size() {
        return getSize();
    }

    @Override
    public String getSliceLabel(int n) {
        return null;
    }

    @Override
    public int getBitDepth() {
        return 24;
    }
}
