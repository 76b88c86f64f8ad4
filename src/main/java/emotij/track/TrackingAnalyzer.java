package emotij.track;

import emotij.classify.Expression;
import emotij.detect.DetectedFace;
import emotij.image.PixelImage;
import emotij.pipeline.FaceAnalyzer;
import emotij.pipeline.FaceResult;

import java.util.ArrayList;
import java.util.List;

/**
 * Analyses the frames of a movie in order and tracks their faces. With {@code detectEvery > 1} the detector runs
 * only on every n-th frame while all faces are tracked: in between, the faces are classified where their tracks
 * predict them (detection costs more than classification), and any frame on which no track is confident is
 * detected as usual. A face entering the picture is then found up to n-1 frames late. Not thread-safe.
 */
public final class TrackingAnalyzer {

    private final FaceAnalyzer analyzer;
    private final FaceTracker tracker;
    private final int detectEvery;
    /** Per lane, the last frame on which the detector ran. */
    private final java.util.Map<Integer, Integer> lastDetected = new java.util.HashMap<>();
    private int detectedFrames;

    public TrackingAnalyzer(FaceAnalyzer analyzer, FaceTracker tracker, int detectEvery) {
        if (detectEvery < 1) throw new IllegalArgumentException("detect every must be at least 1 frame, not " + detectEvery);
        this.analyzer = analyzer;
        this.tracker = tracker;
        this.detectEvery = detectEvery;
    }

    /** The next frame (a checked image; frames in increasing order) with its tracked faces. */
    public List<TrackedFace> next(int frame, PixelImage image) {
        return next(frame, 0, frame, image);
    }

    /** The next plane of a hyperstack (see {@link FaceTracker#update(int, int, int, PixelImage, List)}). */
    public List<TrackedFace> next(int plane, int lane, int frame, PixelImage image) {
        List<FaceResult> faces = null;
        if (frame - lastDetected.getOrDefault(lane, Integer.MIN_VALUE / 2) < detectEvery) {
            List<DetectedFace> predicted = tracker.confidentPredictions(lane, frame);
            if (!predicted.isEmpty()) {
                List<Expression> e = analyzer.classifier().classifyFaces(image, predicted);
                faces = new ArrayList<>();
                for (int i = 0; i < predicted.size(); i++) faces.add(new FaceResult(predicted.get(i), e.get(i)));
            }
        }
        if (faces == null) return detected(plane, lane, frame, image, analyzer.analyzeChecked(List.of(image)).get(0));
        return tracker.update(plane, lane, frame, image, faces);
    }

    /**
     * The next plane with the faces the analyzer found on it (detected elsewhere, e.g. in a batch of planes):
     * as {@link #next(int, int, int, PixelImage)} on a frame the detector runs on.
     */
    public List<TrackedFace> detected(int plane, int lane, int frame, PixelImage image, List<FaceResult> faces) {
        lastDetected.put(lane, frame);
        detectedFrames++;
        return tracker.update(plane, lane, frame, image, faces);
    }

    /** Frames on which the detector ran. */
    public int detectedFrames() {
        return detectedFrames;
    }

    public FaceTracker tracker() {
        return tracker;
    }
}
