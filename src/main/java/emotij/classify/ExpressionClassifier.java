package emotij.classify;

import emotij.detect.Box;
import emotij.detect.DetectedFace;
import emotij.engine.TfModel;
import emotij.image.PixelImage;
import emotij.image.Sampler;

import java.util.ArrayList;
import java.util.List;

/**
 * Tells the expression of faces with the FER-2013 mini-Xception network (64x64 gray input, (value - 0.5) * 2).
 * Crops are batched; with flip augmentation each face's probabilities are the mean of the crop and its mirror.
 *
 * <p>Thread-safe: it holds only immutable options and a thread-safe {@link TfModel}.
 */
public final class ExpressionClassifier implements AutoCloseable {

    public static final int INPUT_SIZE = 64;
    static final String OUTPUT = "probabilities";

    private final TfModel model;
    private final ClassifierOptions options;
    /** Whether {@link #close()} closes the model: false for the views made by {@link #withOptions}. */
    private final boolean ownsModel;

    /** A classifier that owns {@code model} and closes it with itself. */
    public ExpressionClassifier(TfModel model, ClassifierOptions options) {
        this(model, options, true);
    }

    private ExpressionClassifier(TfModel model, ClassifierOptions options, boolean ownsModel) {
        this.model = model;
        this.options = options;
        this.ownsModel = ownsModel;
    }

    public ClassifierOptions options() {
        return options;
    }

    /** A classifier with other options on the same model, which stays owned by this one. */
    public ExpressionClassifier withOptions(ClassifierOptions other) {
        return new ExpressionClassifier(model, other, false);
    }

    /** The expression of each detected face, in the same order. */
    public List<Expression> classifyFaces(PixelImage image, List<DetectedFace> faces) {
        List<FaceCrop> crops = new ArrayList<>();
        for (DetectedFace f : faces) crops.add(FaceCrop.ofDetection(image, f, options));
        return classify(crops);
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

    /** Crop-centre shifts (in crop sides) of the views: the crop itself, then left, right, up, down. */
    private static final double[][] SHIFTS = {{0, 0}, {-1 / 16.0, 0}, {1 / 16.0, 0}, {0, -1 / 16.0}, {0, 1 / 16.0}};

    /** The expression of each crop, batched through the network. */
    public List<Expression> classify(List<FaceCrop> crops) {
        List<Expression> out = new ArrayList<>(crops.size());
        int shifts = options.shiftAugment() ? SHIFTS.length : 1;
        int flips = options.flipAugment() ? 2 : 1;
        int views = shifts * flips;
        int perCrop = INPUT_SIZE * INPUT_SIZE;
        int classes = Emotion.values().length;
        for (int start = 0; start < crops.size(); start += options.batchSize()) {
            int n = Math.min(options.batchSize(), crops.size() - start);
            float[] batch = new float[n * views * perCrop];
            for (int i = 0; i < n; i++) {
                FaceCrop c = crops.get(start + i);
                for (int v = 0; v < views; v++) {
                    double[] shift = SHIFTS[v / flips];
                    // shifts are along the crop's own axes
                    double dx = shift[0] * c.width;
                    double dy = shift[1] * c.height;
                    double cx = c.centreX + Math.cos(c.angle) * dx - Math.sin(c.angle) * dy;
                    double cy = c.centreY + Math.sin(c.angle) * dx + Math.cos(c.angle) * dy;
                    Sampler.sample(c.image, cx, cy, c.width, c.height, c.angle, v % flips == 1,
                            INPUT_SIZE, INPUT_SIZE, Sampler.Output.GRAY, 2f, -1f, batch, (i * views + v) * perCrop);
                }
            }
            float[] probs = model.run(batch, (long) n * views, INPUT_SIZE, INPUT_SIZE, 1).get(OUTPUT);
            for (int i = 0; i < n; i++) {
                float[] p = new float[classes];
                for (int v = 0; v < views; v++) {
                    for (int k = 0; k < classes; k++) p[k] += probs[(i * views + v) * classes + k] / views;
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
        if (ownsModel) model.close();
    }
}
