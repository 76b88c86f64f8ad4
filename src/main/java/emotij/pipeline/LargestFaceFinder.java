package emotij.pipeline;

import emotij.classify.ClassifierOptions;
import emotij.classify.FaceCrop;
import emotij.dataset.ExpressionDataset;
import emotij.detect.DetectedFace;
import emotij.detect.DetectorOptions;
import emotij.detect.FaceDetector;
import emotij.image.PixelImage;

import java.util.Comparator;
import java.util.List;

/**
 * The face of a dataset image that is a whole frame rather than a face crop: the largest face the detector
 * finds, cut as the classifier expects. Images may first be padded (tight face crops, which detectors miss).
 */
public final class LargestFaceFinder implements ExpressionDataset.FaceFinder {

    /**
     * Unless the user set a minimum face size, faces down to this fraction of the (padded) image's shorter side
     * are looked for: dataset images are mostly one face, and the default minimum (meant for photos) would miss
     * small ones.
     */
    public static final double SMALLEST_FACE_FRACTION = 0.15;

    private final FaceDetector detector;
    private final DetectorOptions options;
    private final boolean userMinFace;
    private final ClassifierOptions crop;
    private final double pad;

    public LargestFaceFinder(FaceDetector detector, DetectorOptions options, boolean userMinFace, ClassifierOptions crop, double pad) {
        this.detector = detector;
        this.options = options;
        this.userMinFace = userMinFace;
        this.crop = crop;
        this.pad = pad;
    }

    @Override
    public FaceCrop largestFace(PixelImage image) {
        PixelImage canvas = pad > 1 ? image.padded(pad) : image;
        DetectorOptions opts = userMinFace ? options : options.withMinFaceSize(
                Math.max(DetectorOptions.SMALLEST_MIN_FACE_SIZE, Math.min(options.minFaceSize(), SMALLEST_FACE_FRACTION * Math.min(canvas.width(), canvas.height()))));
        List<DetectedFace> faces = detector.detectAll(List.of(canvas), opts).get(0);
        if (faces.isEmpty()) return null;
        DetectedFace largest = faces.stream().max(Comparator.comparingDouble(f -> f.box().area())).get();
        return FaceCrop.ofDetection(canvas, largest, crop);
    }
}
