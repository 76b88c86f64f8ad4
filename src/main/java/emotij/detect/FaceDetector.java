package emotij.detect;

import emotij.image.PixelImage;
import emotij.progress.Progress;

import java.util.ArrayList;
import java.util.List;

/** Finds faces in images. Implementations are thread-safe. */
public interface FaceDetector extends AutoCloseable {

    /** The faces in {@code image}, highest score first. */
    default List<DetectedFace> detect(PixelImage image) {
        return detectAll(List.of(image)).get(0);
    }

    /** The faces in each image (batched through the network together: faster than one by one). */
    default List<List<DetectedFace>> detectAll(List<PixelImage> images) {
        return detectAll(images, options());
    }

    /** Like {@link #detectAll(List)} with other options for this call only. */
    default List<List<DetectedFace>> detectAll(List<PixelImage> images, DetectorOptions options) {
        return detectAll(images, options, Progress.NONE);
    }

    /**
     * Like {@link #detectAll(List, DetectorOptions)}, with status lines for a long call and a cancel between batches
     * of windows.
     *
     * @throws java.util.concurrent.CancellationException when {@code progress} asks to stop
     */
    List<List<DetectedFace>> detectAll(List<PixelImage> images, DetectorOptions options, Progress progress);

    DetectorOptions options();

    @Override
    void close();

    /** Helper for implementations: an empty result list per image. */
    static List<List<DetectedFace>> emptyResults(int n) {
        List<List<DetectedFace>> r = new ArrayList<>();
        for (int i = 0; i < n; i++) r.add(new ArrayList<>());
        return r;
    }
}
