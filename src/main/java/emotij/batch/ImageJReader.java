package emotij.batch;

import emotij.image.PixelImage;
import emotij.io.AnnotatedStack;
import emotij.io.Annotator;
import emotij.io.ImageConversion;
import emotij.io.ImageFiles;
import emotij.pipeline.FaceResult;
import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Reads files through ImageJ 1.x's readers (every format ImageJ opens; AVI movies and large TIFF stacks plane by
 * plane, see {@link ImageFiles#open}) and writes annotated copies with ImageJ's drawing and file saver. The reader
 * of {@code bin/emotij classify} and of Plugins > EmotiJ > Classify Folder; it needs no ImageJ window.
 */
public final class ImageJReader implements ImageReader {

    @Override
    public ImageSource open(Path file) throws IOException {
        return of(ImageFiles.open(file));
    }

    @Override
    public void warmUp() {
        ImageFiles.loadReaders();
    }

    /** An image ImageJ has opened, as a batch reads it. */
    public static ImageSource of(ImagePlus imp) {
        return new ImageSource() {
            /**
             * The converted plane of a one-plane image, kept: it is asked for on a read-ahead thread (analysis) and
             * again at the file's turn (warnings). A stack's planes are converted when asked for.
             */
            private PixelImage single;

            @Override
            public int width() {
                return imp.getWidth();
            }

            @Override
            public int height() {
                return imp.getHeight();
            }

            @Override
            public int planeCount() {
                return ImageConversion.planeCount(imp);
            }

            @Override
            public synchronized PixelImage plane(int p) {
                if (planeCount() > 1) return ImageConversion.plane(imp, p);
                if (single == null) single = ImageConversion.plane(imp, 1);
                return single;
            }

            @Override
            public int[] position(int p) {
                return ImageConversion.position(imp, p);
            }

            @Override
            public int[] trackingLaneAndTime(int p) {
                return ImageConversion.trackingLaneAndTime(imp, position(p), imp.getNFrames() > 1);
            }

            @Override
            public List<String> readWarnings() {
                return ImageFiles.readWarnings(imp);
            }

            @Override
            public void writeAnnotated(List<List<FaceResult>> faces, List<int[]> tracks, boolean landmarks, Path file)
                    throws IOException {
                boolean single = faces.size() == 1;
                String title = file.getFileName().toString();
                ImagePlus annotated = single
                        ? new ImagePlus(title, Annotator.annotate(ImageConversion.processor(imp, 1), faces.get(0),
                                tracks == null ? null : tracks.get(0), landmarks))
                        : new ImagePlus(title, new AnnotatedStack(imp, faces, tracks, landmarks));
                IJ.getErrorMessage();  // forget older errors: FileSaver reports its own there
                boolean ok = single ? new FileSaver(annotated).saveAsPng(file.toString())
                        : new FileSaver(annotated).saveAsTiffStack(file.toString());
                // FileSaver returns true after some write errors (PNG): the file must be there
                if (!ok || !Files.isRegularFile(file) || Files.size(file) == 0) {
                    String why = IJ.getErrorMessage();
                    throw new IOException(why == null ? "" : why.strip());
                }
            }
        };
    }
}
