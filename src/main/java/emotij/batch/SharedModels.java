package emotij.batch;

import emotij.classify.ClassifierOptions;
import emotij.detect.DetectorOptions;
import emotij.pipeline.FaceAnalyzer;

import java.io.IOException;

/**
 * The models of a long-lived JVM (a Fiji session, a Spark executor), loaded once (about a second) and shared by
 * every run in it; each run gets a view with its own options. Thread-safe.
 */
public final class SharedModels {

    private static FaceAnalyzer analyzer;
    private static emotij.track.FaceEmbedder embedder;
    /** Classifiers other than the default, by name or folder, loaded on first use (a retrained folder needs a restart or another path). */
    private static final java.util.Map<String, emotij.classify.ExpressionClassifier> trained = new java.util.HashMap<>();

    private SharedModels() {
    }

    /**
     * An analyzer with these options on the shared models, with the classifier {@code model} names (accurate,
     * fast or a trained folder; blank: the default); do not close it.
     */
    public static synchronized FaceAnalyzer analyzer(DetectorOptions detection, ClassifierOptions classification,
                                                     String model) throws IOException {
        if (analyzer == null) {
            analyzer = FaceAnalyzer.withShippedModels(new DetectorOptions(), new ClassifierOptions());
        }
        String name = emotij.pipeline.ExpressionModels.normalise(model);
        if (name.equals(emotij.pipeline.ExpressionModels.DEFAULT)) return analyzer.withOptions(detection, classification);
        String key = emotij.pipeline.ExpressionModels.isBuiltIn(name) ? name
                : java.nio.file.Path.of(name).toAbsolutePath().normalize().toString();
        emotij.classify.ExpressionClassifier classifier = trained.get(key);
        if (classifier == null) {
            classifier = new emotij.classify.ExpressionClassifier(emotij.pipeline.ExpressionModels.open(key), new ClassifierOptions());
            trained.put(key, classifier);
        }
        return analyzer.withClassifier(classifier.withOptions(classification), detection);
    }

    /** The face-identity features used to re-identify tracked faces, loaded on first use; do not close it. */
    public static synchronized emotij.track.FaceEmbedder embedder() throws IOException {
        if (embedder == null) {
            embedder = emotij.track.FaceEmbedder.withShippedModel();
        }
        return embedder;
    }
}
