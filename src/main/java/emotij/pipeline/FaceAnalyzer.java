package emotij.pipeline;

import emotij.classify.ClassifierOptions;
import emotij.classify.Expression;
import emotij.classify.ExpressionClassifier;
import emotij.classify.ExpressionNetwork;
import emotij.detect.BlazeFaceDetector;
import emotij.detect.DetectedFace;
import emotij.detect.DetectorOptions;
import emotij.detect.FaceDetector;
import emotij.engine.TfModel;
import emotij.progress.Progress;
import emotij.image.ImageChecks;
import emotij.image.InvalidImageException;
import emotij.image.PixelImage;
import emotij.model.ModelStore;


import java.io.IOException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the faces of an image and tells each one's expression: the core's main entry point, free of ImageJ.
 * Thread-safe; loading the models takes about a second, so make one and reuse it.
 */
public final class FaceAnalyzer implements AutoCloseable {

    private final FaceDetector detector;
    private final ExpressionClassifier classifier;
    private final DetectorOptions detectorOptions;
    /** False for the views made by {@link #withOptions}, which must not close the shared models. */
    private final boolean ownsModels;
    private final Progress progress;

    public FaceAnalyzer(FaceDetector detector, ExpressionClassifier classifier) {
        this(detector, classifier, detector.options(), true, Progress.NONE);
    }

    private FaceAnalyzer(FaceDetector detector, ExpressionClassifier classifier, DetectorOptions detectorOptions,
                         boolean ownsModels, Progress progress) {
        this.detector = detector;
        this.classifier = classifier;
        this.detectorOptions = detectorOptions;
        this.ownsModels = ownsModels;
        this.progress = progress;
    }

    /**
     * An analyzer on the same models (which stay owned by this one) that reports the progress of long detections
     * and stops them when asked (a {@link java.util.concurrent.CancellationException}).
     */
    public FaceAnalyzer withProgress(Progress detectionProgress) {
        return new FaceAnalyzer(detector, classifier, detectorOptions, false, detectionProgress);
    }

    /** An analyzer with other options on the same models (loaded once), which stay owned by this one. */
    public FaceAnalyzer withOptions(DetectorOptions detection, ClassifierOptions classification) {
        return new FaceAnalyzer(detector, classifier.withOptions(classification), detection, false, progress);
    }

    public DetectorOptions detectorOptions() {
        return detectorOptions;
    }

    /** An analyzer with the shipped BlazeFace model and the default classifier ({@link ExpressionModels#DEFAULT}). */
    public static FaceAnalyzer withShippedModels(DetectorOptions detectorOptions, ClassifierOptions classifierOptions)
            throws IOException {
        return withModels(detectorOptions, classifierOptions, ExpressionModels.DEFAULT);
    }

    /**
     * An analyzer with the shipped BlazeFace model and the classifier {@code model} names: {@code accurate},
     * {@code fast}, or a trained model folder ({@code emotij train}); blank or null for the default.
     */
    public static FaceAnalyzer withModels(DetectorOptions detectorOptions, ClassifierOptions classifierOptions,
                                          String model) throws IOException {
        // the detector loads on another thread while this one opens the classifier (each takes a few 100 ms)
        FutureTask<TfModel> detectorLoad = new FutureTask<>(() -> TfModel.load(ModelStore.locate(ModelStore.DETECTOR)));
        Thread loader = new Thread(detectorLoad, "EmotiJ detector load");
        loader.setDaemon(true);
        loader.start();
        ExpressionNetwork network;
        try {
            network = ExpressionModels.open(model);
        } catch (IOException | RuntimeException e) {
            closeWhenLoaded(detectorLoad);
            throw e;
        }
        TfModel detectorModel;
        try {
            detectorModel = loaded(detectorLoad);
        } catch (IOException | RuntimeException e) {
            network.close();
            throw e;
        }
        try {
            return new FaceAnalyzer(new BlazeFaceDetector(detectorModel, detectorOptions),
                    new ExpressionClassifier(network, classifierOptions));
        } catch (RuntimeException e) {
            detectorModel.close();
            network.close();
            throw e;
        }
    }

    private static TfModel loaded(FutureTask<TfModel> load) throws IOException {
        try {
            return load.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while the face detector loaded", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof IOException) throw (IOException) e.getCause();
            if (e.getCause() instanceof RuntimeException) throw (RuntimeException) e.getCause();
            throw new IllegalStateException(e.getCause());
        }
    }

    private static void closeWhenLoaded(FutureTask<TfModel> load) {
        try {
            loaded(load).close();
        } catch (IOException | RuntimeException ignored) {
            // the classifier's error is the one to report
        }
    }

    /** An analyzer with other options and another classifier, on the same detector, which stays owned by this one. */
    public FaceAnalyzer withClassifier(ExpressionClassifier other, DetectorOptions detection) {
        return new FaceAnalyzer(detector, other, detection, false, progress);
    }

    public FaceDetector detector() {
        return detector;
    }

    public ExpressionClassifier classifier() {
        return classifier;
    }

    /**
     * The faces of one image with their expressions, highest detection score first.
     *
     * @param name what to call the image in error messages
     * @throws InvalidImageException if the image cannot hold a face (empty, tiny, NaN, all black...)
     */
    public List<FaceResult> analyze(PixelImage image, String name) throws InvalidImageException {
        ImageChecks.requireUsable(image, name);
        return analyzeChecked(List.of(image)).get(0);
    }

    /** Like {@link #analyze} for several images at once (batched); every image must have passed {@link ImageChecks}. */
    public List<List<FaceResult>> analyzeChecked(List<PixelImage> images) {
        List<List<DetectedFace>> faces = detect(images);
        List<List<Expression>> expressions = classifier.classifyFaces(images, faces);
        List<List<FaceResult>> out = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            List<FaceResult> r = new ArrayList<>();
            for (int k = 0; k < faces.get(i).size(); k++) r.add(new FaceResult(faces.get(i).get(k), expressions.get(i).get(k)));
            out.add(r);
        }
        return out;
    }

    /** The faces of checked images, without their expressions (with this analyzer's options and progress). */
    public List<List<DetectedFace>> detect(List<PixelImage> images) {
        return detector.detectAll(images, detectorOptions, progress);
    }

    @Override
    public void close() {
        if (!ownsModels) return;
        detector.close();
        classifier.close();
    }
}
