package emotij.batch;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Reads image files (pictures, stacks, movies) for a batch. The batch needs nothing else from an imaging library:
 * {@link ImageJReader} reads through ImageJ 1.x; another reader can serve a cluster job or a test.
 */
public interface ImageReader {

    /**
     * Opens one file; it may be read lazily, plane by plane (a movie).
     *
     * @throws IOException whose message names the file and what is wrong with it
     */
    ImageSource open(Path file) throws IOException;

    /** Loads what reading needs (decoders...) ahead of the first file, while the networks start elsewhere. */
    default void warmUp() {
    }
}
