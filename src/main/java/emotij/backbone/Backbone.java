package emotij.backbone;

import emotij.classify.FaceView;
import emotij.convert.ShippedModel;
import emotij.image.Sampler;
import emotij.model.ModelStore;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * A network that turns a face crop into a feature vector for a new expression classifier: one of the shipped
 * models (the FER-2013 emotion net, the faceres and mobilefacenet face-recognition nets) or a user's SavedModel
 * with a named output. Knows each net's input size, colour and value range, the signature output with its pooled
 * features (frozen use, through TensorFlow) and the graph node behind it (fine-tuning, rebuilt for PyTorch).
 * Immutable.
 */
public final class Backbone {

    /** The shipped backbones by name, as the {@code backbone} option spells them. */
    public static final String[] SHIPPED = {"emotion", "faceres", "mobilefacenet"};
    /** Signature output with the class probabilities of a net that has its own classifier. */
    public static final String CLASS_PROBABILITIES_KEY = "probabilities";
    /** The emotion net's global average of its last convolution: class scores before softmax, FER-2013 order. */
    private static final String EMOTION_CLASS_SCORES = "StatefulPartitionedCall/model_1/global_average_pooling2d_1/Mean";

    private final String name;
    private final Path modelDir;
    private final String featureKey;
    private final String featureNode;
    private final int size;
    private final Sampler.Output colour;
    private final float scale;
    private final float offset;
    /** The node with the net's own 7 FER-2013 class scores before softmax (the emotion net), or null. */
    private final String classScoreNode;

    private Backbone(String name, Path modelDir, String featureKey, String featureNode, String classScoreNode, int size,
                     Sampler.Output colour, float scale, float offset) {
        this.name = name;
        this.modelDir = modelDir;
        this.featureKey = featureKey;
        this.featureNode = featureNode;
        this.classScoreNode = classScoreNode;
        this.size = size;
        this.colour = colour;
        this.scale = scale;
        this.offset = offset;
    }

    /** A shipped model as a backbone, with its pooled features ({@code features} output). */
    public static Backbone of(ShippedModel m) throws IOException {
        String node = m.outputs().get("features");
        switch (m) {
            case EMOTION:  // gray (v - 0.5) * 2, as the FER-2013 classifier
                return new Backbone("emotion", ModelStore.locate(ModelStore.EXPRESSION), "features", node, EMOTION_CLASS_SCORES, 64, Sampler.Output.GRAY, 2f, -1f);
            case FACERES:  // RGB in [0, 255]: with [0, 1] its outputs collapse
                return new Backbone("faceres", ModelStore.locate(ModelStore.FACE_FEATURES), "features", node, null, 224, Sampler.Output.RGB, 255f, 0f);
            case MOBILEFACENET:  // its 192-d embedding before the L2 normalisation
                return new Backbone("mobilefacenet", ModelStore.locate(ModelStore.EMBEDDING), "features", node, null, 112, Sampler.Output.RGB, 1f, 0f);
            default:
                throw new IllegalArgumentException(m + " is not a backbone");
        }
    }

    /**
     * A backbone by name: {@code emotion}, {@code faceres}, {@code mobilefacenet}, or the folder of a user's
     * TensorFlow SavedModel, whose square input size and channels are read from its graph.
     *
     * @param output    for a user's model: the signature output key of its features
     * @param inputLow,inputHigh for a user's model: the value range it expects (pixel values 0..1 map onto it)
     */
    public static Backbone named(String nameOrFolder, String output, float inputLow, float inputHigh) throws IOException {
        String n = nameOrFolder.trim().toLowerCase(Locale.ROOT);
        for (ShippedModel m : new ShippedModel[] {ShippedModel.EMOTION, ShippedModel.FACERES, ShippedModel.MOBILEFACENET}) {
            if (m.modelName().equals(n)) return of(m);
        }
        java.util.regex.Matcher sized = SIZED.matcher(n);
        if (sized.matches()) return of(ShippedModel.FACERES).atSize(Integer.parseInt(sized.group(1)));
        Path dir = Path.of(nameOrFolder);
        if (!Files.isDirectory(dir)) {
            throw new IOException("Backbone '" + nameOrFolder + "' is neither " + String.join(", ", SHIPPED) + ", faceres@SIDE (faceres at another input size)"
                    + " nor a SavedModel folder");
        }
        if (output == null || output.isBlank()) {
            throw new IOException("Backbone " + dir + " is a user SavedModel: name its feature output (backbone_output)");
        }
        GraphDef graph = GraphNetwork.readGraph(dir);
        for (NodeDef node : graph.getNodeList()) {
            if (!node.getOp().equals("Placeholder")) continue;
            var shape = node.getAttrOrThrow("shape").getShape();
            if (shape.getDimCount() != 4 || shape.getDim(1).getSize() != shape.getDim(2).getSize() || shape.getDim(1).getSize() <= 0) {
                throw new IOException("Backbone " + dir + ": its input must be [batch, size, size, channels], is " + shape);
            }
            long c = shape.getDim(3).getSize();
            if (c != 1 && c != 3) throw new IOException("Backbone " + dir + ": its input must have 1 or 3 channels, has " + c);
            return new Backbone(dir.toString(), dir, output, null, null, (int) shape.getDim(1).getSize(),
                    c == 1 ? Sampler.Output.GRAY : Sampler.Output.RGB, inputHigh - inputLow, inputLow);
        }
        throw new IOException("Backbone " + dir + " has no input placeholder");
    }

    /** {@code faceres@N}: faceres fed N x N pixels instead of 224 x 224 (it ends in a global average pool). */
    private static final java.util.regex.Pattern SIZED = java.util.regex.Pattern.compile("faceres@(\\d{1,4})");
    /** Smallest and largest side for {@code faceres@N}: below 32 its 5 stride-2 stages leave nothing to pool. */
    static final int MIN_SIZE = 32;
    static final int MAX_SIZE = 512;

    /**
     * This backbone fed {@code side x side} pixels: for a net that ends in a global average pool, a smaller input
     * is faster (faceres at 112 takes about a quarter of the time at 224) and gives features of the same length.
     */
    Backbone atSize(int side) throws IOException {
        if (side < MIN_SIZE || side > MAX_SIZE) {
            throw new IOException("Backbone " + name + "@" + side + ": the input side must be " + MIN_SIZE + " to " + MAX_SIZE + " pixels");
        }
        return new Backbone(name + "@" + side, modelDir, featureKey, featureNode, classScoreNode, side, colour, scale, offset);
    }

    /** The value range {@code low,high} of a user's SavedModel input (the {@code input_range} option). */
    public static float[] parseInputRange(String v) {
        String[] p = v.trim().split("\\s*,\\s*");
        try {
            if (p.length == 2) return new float[] {Float.parseFloat(p[0]), Float.parseFloat(p[1])};
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("input_range must be 'low,high' (e.g. 0,1 or -1,1 or 0,255), not '" + v + "'");
    }

    public String name() {
        return name;
    }

    public Path modelDir() {
        return modelDir;
    }

    /** Signature output key of the features. */
    public String featureKey() {
        return featureKey;
    }

    /** Input side in pixels (square input). */
    public int size() {
        return size;
    }

    public int channels() {
        return colour == Sampler.Output.RGB ? 3 : 1;
    }

    /** Values per input image. */
    public int inputLength() {
        return size * size * channels();
    }

    /** Whether the network can be rebuilt for fine-tuning (the shipped ones). */
    public boolean rebuildable() {
        return featureNode != null;
    }

    /** Whether the network ends in its own 7 FER-2013 class scores (the emotion net), so training can start from them. */
    public boolean hasClassScores() {
        return classScoreNode != null;
    }

    /** Samples a view of a face into this backbone's input layout (NHWC) at {@code dest[offset]}. */
    public void sample(FaceView view, float[] dest, int offset) {
        view.sample(size, colour, scale, this.offset, dest, offset);
    }

    /**
     * The network up to its features, or up to its own class scores when {@code classScores}, as a trainable DJL
     * block with the SavedModel's weights (not yet initialised).
     */
    public GraphNetwork rebuild(boolean classScores) throws IOException {
        if (!rebuildable()) throw new IOException("Backbone " + name + " cannot be fine-tuned: only the shipped backbones can");
        if (classScores && !hasClassScores()) throw new IOException("Backbone " + name + " has no emotion classifier of its own");
        return GraphNetwork.rebuild(GraphNetwork.readGraph(modelDir), classScores ? classScoreNode : featureNode, size, size);
    }

    @Override
    public String toString() {
        return name;
    }
}
