package emotij.batch;

import emotij.classify.ClassifierOptions;
import emotij.dataset.ExpressionDataset;
import emotij.detect.BlazeFaceDetector;
import emotij.detect.DetectorOptions;
import emotij.engine.TfModel;
import emotij.model.ModelStore;
import emotij.pipeline.LargestFaceFinder;
import emotij.progress.ProgressMeter;
import emotij.train.TrainingOptions;

import java.io.IOException;
import java.nio.file.Path;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;

/** Reads a training set's image files headlessly (for {@code emotij train} and Train Expression Classifier). */
public final class TrainingImages {

    private TrainingImages() {
    }

    /**
     * Reads a training set with {@code reader} (the first plane of each file), with a progress line every few
     * seconds.
     *
     * @param detectFaces whole frames: take the largest face BlazeFace finds in each (padded by {@code pad} first)
     */
    public static ExpressionDataset read(Path dataset, TrainingOptions options, boolean detectFaces, double pad,
                                         ImageReader reader, Consumer<String> log, BooleanSupplier cancelled)
            throws IOException {
        TfModel detector = detectFaces ? TfModel.load(ModelStore.locate(ModelStore.DETECTOR)) : null;
        try {
            LargestFaceFinder finder = detector == null ? null : new LargestFaceFinder(
                    new BlazeFaceDetector(detector, new DetectorOptions()), new DetectorOptions(), false, new ClassifierOptions(), pad);
            ProgressMeter meter = new ProgressMeter(log, "reading " + dataset, "images", 0);
            ExpressionDataset data = ExpressionDataset.read(dataset, options.validationFraction(), f -> {
                meter.advance(1);
                return reader.open(f).plane(1);
            }, finder, options.grouping(), options.seed(), log, cancelled);
            meter.finish();
            return data;
        } finally {
            if (detector != null) detector.close();
        }
    }
}
