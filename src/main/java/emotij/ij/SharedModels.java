package emotij.ij;

import emotij.classify.ClassifierOptions;
import emotij.detect.DetectorOptions;
import emotij.pipeline.FaceAnalyzer;

import java.io.IOException;

/**
 * The shipped models, loaded once per ImageJ session (about a second) and shared by every command; each run gets
 * a view with its own options. Thread-safe.
 */
public final class SharedModels {

    private static FaceAnalyzer analyzer;
    private static emotij.track.FaceEmbedder embedder;

    private SharedModels() {
    }

    /** An analyzer with the given options on the shared models; do not close it. */
    public static synchronized FaceAnalyzer analyzer(EmotiJSettings settings) throws IOException {
        if (analyzer == null) {
            analyzer = FaceAnalyzer.withShippedModels(new DetectorOptions(), new ClassifierOptions());
        }
        return analyzer.withOptions(settings.detectorOptions(), settings.classifierOptions());
    }

    /** The face-identity features used to re-identify tracked faces, loaded on first use; do not close it. */
    public static synchronized emotij.track.FaceEmbedder embedder() throws IOException {
        if (embedder == null) {
            embedder = emotij.track.FaceEmbedder.withShippedModel();
        }
        return embedder;
    }
}
