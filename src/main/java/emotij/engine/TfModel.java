package emotij.engine;

import ai.djl.inference.Predictor;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A TensorFlow SavedModel with one float input, run through DJL. Thread-safe: every call has its own NDManager,
 * and a TensorFlow session may be run from several threads at once.
 */
public final class TfModel implements AutoCloseable {

    private final Path dir;
    private final ZooModel<NDList, NDList> model;

    private TfModel(Path dir, ZooModel<NDList, NDList> model) {
        this.dir = dir;
        this.model = model;
    }

    /** Loads the SavedModel in {@code dir}; the error names the folder and what is wrong with it. */
    public static TfModel load(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("Model folder not found: " + dir);
        }
        Path pb = dir.resolve("saved_model.pb");
        if (!Files.isRegularFile(pb)) {
            throw new IOException("Model folder " + dir + " has no saved_model.pb: it is not a TensorFlow SavedModel");
        }
        if (Files.size(pb) == 0) {
            throw new IOException("Model file " + pb + " is empty: restore it from the EmotiJ distribution");
        }
        TensorFlowRuntime.engine();
        try {
            ZooModel<NDList, NDList> zoo = TensorFlowRuntime.withPluginClassLoader(() -> Criteria.builder()
                    .setTypes(NDList.class, NDList.class)
                    .optModelPath(dir)
                    .optEngine(TensorFlowRuntime.ENGINE_NAME)
                    .optOption("Tags", "serve")
                    .optOption("SignatureDefKey", "serving_default")
                    .build()
                    .loadModel());
            return new TfModel(dir, zoo);
        } catch (RuntimeException ex) {
            // DJL wraps its own exceptions, TensorFlow throws its own: either way the folder is not a usable model
            Throwable cause = ex.getCause() != null && ex instanceof IllegalStateException ? ex.getCause() : ex;
            throw new IOException("Model in " + dir + " could not be loaded (corrupt or not a TensorFlow "
                    + "SavedModel; restore it from the EmotiJ distribution): " + cause.getMessage(), cause);
        }
    }

    public Path dir() {
        return dir;
    }

    /**
     * Runs the model on one float tensor.
     *
     * @param data  the input values, row-major (NHWC for images)
     * @param shape the input shape
     * @return every output of the model by its signature key, flattened
     */
    public Map<String, float[]> run(float[] data, long... shape) {
        long count = 1;
        for (long d : shape) count *= d;
        if (count != data.length) {
            throw new IllegalArgumentException("input has " + data.length + " values, shape " + new Shape(shape)
                    + " needs " + count);
        }
        try (NDManager manager = model.getNDManager().newSubManager()) {
            NDArray input = manager.create(FloatBuffer.wrap(data), new Shape(shape));
            NDList outputs = model.getBlock().forward(new ParameterStore(manager, false), new NDList(input), false);
            Map<String, float[]> result = new HashMap<>();
            for (NDArray out : outputs) {
                result.put(out.getName(), out.toFloatArray());
            }
            return result;
        }
    }

    /** A DJL predictor on this model, for callers that want DJL's own API. */
    public Predictor<NDList, NDList> newPredictor() {
        return model.newPredictor();
    }

    @Override
    public void close() {
        model.close();
    }
}
