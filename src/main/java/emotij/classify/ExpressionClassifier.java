package emotij.classify;

import emotij.detect.Box;
import emotij.detect.DetectedFace;
import emotij.engine.TfModel;
import emotij.image.PixelImage;

import java.util.ArrayList;
import java.util.List;

/**
 * Tells the expression of faces: by default with the FER-2013 mini-Xception network shipped in {@code models/}
 * ({@link FerNetwork}), or with a network the user trained ({@code emotij.train.TrainedModel}). Crops are batched;
 * with flip (and shift) augmentation each face's probabilities are the mean over its views.
 *
 * <p>Thread-safe: it holds only immutable options and a thread-safe network.
 */
public final class ExpressionClassifier implements AutoCloseable {

    private final ExpressionNetwork network;
    private final ClassifierOptions options;
    /** Whether {@link #close()} closes the network: false for the views made by {@link #withOptions}. */
    private final boolean ownsNetwork;

    /** A classifier with the FER-2013 network in {@code model}, which it owns and closes with itself. */
    public ExpressionClassifier(TfModel model, ClassifierOptions options) {
        this(new FerNetwork(model), options, true);
    }

    /** A classifier that owns {@code network} and closes it with itself. */
    public ExpressionClassifier(ExpressionNetwork network, ClassifierOptions options) {
        this(network, options, true);
    }

    private ExpressionClassifier(ExpressionNetwork network, ClassifierOptions options, boolean ownsNetwork) {
        this.network = network;
        this.options = options;
        this.ownsNetwork = ownsNetwork;
    }

    /** What tells the expressions (for logs and result files). */
    public String networkDescription() {
        return network.description();
    }

    public ClassifierOptions options() {
        return options;
    }

    /** A classifier with other options on the same model, which stays owned by this one. */
    public ExpressionClassifier withOptions(ClassifierOptions other) {
        return new ExpressionClassifier(network, other, false);
    }

    /** The expression of each detected face, in the same order. */
    public List<Expression> classifyFaces(PixelImage image, List<DetectedFace> faces) {
        return classifyFaces(List.of(image), List.of(faces)).get(0);
    }

    /**
     * The expression of each detected face of several images ({@code faces.get(i)} are those of image i), in one
     * batched run: each network call costs some milliseconds on top of its faces.
     */
    public List<List<Expression>> classifyFaces(List<PixelImage> images, List<List<DetectedFace>> faces) {
        List<FaceCrop> crops = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            for (DetectedFace f : faces.get(i)) crops.add(FaceCrop.ofDetection(images.get(i), f, options));
        }
        List<Expression> all = classify(crops);
        List<List<Expression>> out = new ArrayList<>();
        int k = 0;
        for (List<DetectedFace> imageFaces : faces) {
            out.add(new ArrayList<>(all.subList(k, k + imageFaces.size())));
            k += imageFaces.size();
        }
        return out;
    }

    /** The expression of the face in each box (e.g. the user's own ROIs), each box taken as the crop as it is. */
    public List<Expression> classifyBoxes(PixelImage image, List<Box> boxes) {
        List<FaceCrop> crops = new ArrayList<>();
        for (Box b : boxes) crops.add(FaceCrop.ofRectangle(image, b.x, b.y, b.width, b.height));
        return classify(crops);
    }

    /** The expression of images that are face crops already (FER-2013 or SFEW style). */
    public List<Expression> classifyCrops(List<PixelImage> faceImages) {
        List<FaceCrop> crops = new ArrayList<>();
        for (PixelImage img : faceImages) crops.add(FaceCrop.wholeImage(img));
        return classify(crops);
    }

    /** Crop-centre shifts (in crop sides) of the test-time views: the crop itself, then left, right, up, down. */
    private static final double[][] SHIFTS = {{0, 0}, {-1 / 16.0, 0}, {1 / 16.0, 0}, {0, -1 / 16.0}, {0, 1 / 16.0}};

    /** The expression of each crop, batched through the network. */
    public List<Expression> classify(List<FaceCrop> crops) {
        List<Expression> out = new ArrayList<>(crops.size());
        int shifts = options.shiftAugment() ? SHIFTS.length : 1;
        int flips = options.flipAugment() ? 2 : 1;
        int views = shifts * flips;
        int classes = Emotion.values().length;
        for (int start = 0; start < crops.size(); start += options.batchSize()) {
            int n = Math.min(options.batchSize(), crops.size() - start);
            List<FaceView> batch = new ArrayList<>(n * views);
            for (int i = 0; i < n; i++) {
                FaceView view = FaceView.of(crops.get(start + i));
                for (int v = 0; v < views; v++) {
                    double[] shift = SHIFTS[v / flips];
                    batch.add(view.shifted(shift[0], shift[1]).mirrored(v % flips == 1));
                }
            }
            float[][] probs = network.probabilities(batch);
            for (int i = 0; i < n; i++) {
                float[] p = new float[classes];
                for (int v = 0; v < views; v++) {
                    for (int k = 0; k < classes; k++) p[k] += probs[i * views + v][k] / views;
                }
                out.add(new Expression(normalised(p)));
            }
        }
        return out;
    }

    /** Rescaled to sum to exactly 1 (float rounding of the softmax leaves it a few ulps off). */
    private static float[] normalised(float[] p) {
        double sum = 0;
        for (float v : p) sum += v;
        for (int i = 0; i < p.length; i++) p[i] = (float) (p[i] / sum);
        return p;
    }

    @Override
    public void close() {
        if (ownsNetwork) network.close();
    }
}
