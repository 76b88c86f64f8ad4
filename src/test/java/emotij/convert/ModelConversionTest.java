package emotij.convert;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import emotij.engine.TfModel;
import emotij.testing.Tolerance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The converted SavedModels in {@code models/} give the same outputs as the original TensorFlow.js models. The
 * reference outputs were made once by {@code tools/reference/make-reference.mjs} (node, tfjs 4.22.0) on inputs
 * that {@link #fixedInput} re-creates.
 */
class ModelConversionTest {

    /**
     * Relative to each output's largest value ({@link Tolerance}): BlazeFace's boxes are in input pixels (up to
     * 240), mobilefacenet's features reach 140, probabilities are below 1. Other CPUs' float kernels move results
     * by about 1e-6 of that scale (2.7e-4 pixels on an AMD EPYC); a conversion mistake (a weight misread, a fused
     * op expanded wrongly) moves them by far more than 1e-4 of it.
     */
    static final double RELATIVE_TOLERANCE = 1e-4;

    /** Must match fixedInput() in tools/reference/make-reference.mjs. */
    static float[] fixedInput(int n, double lo, double hi) {
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            double unit = 0.5 + 0.5 * Math.sin(i * 0.0137 + (i % 7) * 0.5);
            data[i] = (float) (lo + (hi - lo) * unit);
        }
        return data;
    }

    /** Every shipped model on both engines: ONNX Runtime runs the graph as {@link OnnxGraphConverter} rewrote it. */
    static Stream<Arguments> modelsAndEngines() {
        return Arrays.stream(ShippedModel.values())
                .flatMap(m -> Arrays.stream(TfModel.Engine.values()).map(e -> Arguments.of(m, e)));
    }

    @ParameterizedTest
    @MethodSource("modelsAndEngines")
    void convertedModelMatchesTensorFlowJs(ShippedModel shipped, TfModel.Engine engine) throws IOException {
        JsonObject reference;
        try (InputStream in = getClass().getResourceAsStream("/reference/" + shipped.modelName() + ".json")) {
            assertNotNull(in, "reference output for " + shipped.modelName());
            reference = JsonParser.parseString(new String(in.readAllBytes(), StandardCharsets.UTF_8)).getAsJsonObject();
        }
        JsonObject input = reference.getAsJsonObject("input");
        long[] shape = new long[input.getAsJsonArray("shape").size()];
        int n = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = input.getAsJsonArray("shape").get(i).getAsLong();
            n *= shape[i];
        }
        float[] single = fixedInput(n, input.get("lo").getAsDouble(), input.get("hi").getAsDouble());
        // run a batch of two copies: the converted models take any batch size
        float[] batch = new float[2 * n];
        System.arraycopy(single, 0, batch, 0, n);
        System.arraycopy(single, 0, batch, n, n);
        long[] batchShape = shape.clone();
        batchShape[0] = 2;
        try (TfModel model = TfModel.load(Path.of("models", shipped.modelName()), engine)) {
            assertEquals(engine, model.engine(), shipped.modelName() + " runs on the engine asked for");
            Map<String, float[]> outputs = model.run(batch, batchShape);
            JsonObject expected = reference.getAsJsonObject("outputs");
            assertEquals(expected.keySet(), outputs.keySet(), "output names of " + shipped.modelName());
            for (String key : expected.keySet()) {
                var values = expected.getAsJsonObject(key).getAsJsonArray("values");
                float[] actual = outputs.get(key);
                assertEquals(2 * values.size(), actual.length, shipped.modelName() + "/" + key + " size");
                double[] bothCopies = new double[2 * values.size()];
                for (int i = 0; i < bothCopies.length; i++) bothCopies[i] = values.get(i % values.size()).getAsDouble();
                Tolerance.assertAllClose(bothCopies, Tolerance.toDouble(actual), RELATIVE_TOLERANCE, shipped.modelName() + "/" + key + " on " + engine.key);
            }
        }
    }
}
