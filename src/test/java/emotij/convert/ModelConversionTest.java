package emotij.convert;

import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import emotij.engine.TfModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The converted SavedModels in {@code models/} give the same outputs as the original TensorFlow.js models. The
 * reference outputs were made once by {@code tools/reference/make-reference.mjs} (node, tfjs 4.22.0) on inputs
 * that {@link #fixedInput} re-creates.
 */
class ModelConversionTest {

    static final double TOLERANCE = 1e-4;

    /** Must match fixedInput() in tools/reference/make-reference.mjs. */
    static float[] fixedInput(int n, double lo, double hi) {
        float[] data = new float[n];
        for (int i = 0; i < n; i++) {
            double unit = 0.5 + 0.5 * Math.sin(i * 0.0137 + (i % 7) * 0.5);
            data[i] = (float) (lo + (hi - lo) * unit);
        }
        return data;
    }

    @ParameterizedTest
    @EnumSource(ShippedModel.class)
    void convertedModelMatchesTensorFlowJs(ShippedModel shipped) throws IOException {
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
        try (TfModel model = TfModel.load(Path.of("models", shipped.modelName()))) {
            Map<String, float[]> outputs = model.run(batch, batchShape);
            JsonObject expected = reference.getAsJsonObject("outputs");
            assertEquals(expected.keySet(), outputs.keySet(), "output names of " + shipped.modelName());
            for (String key : expected.keySet()) {
                var values = expected.getAsJsonObject(key).getAsJsonArray("values");
                float[] actual = outputs.get(key);
                assertEquals(2 * values.size(), actual.length, shipped.modelName() + "/" + key + " size");
                double maxDiff = 0;
                for (int b = 0; b < 2; b++) {
                    for (int i = 0; i < values.size(); i++) {
                        maxDiff = Math.max(maxDiff, Math.abs(actual[b * values.size() + i] - values.get(i).getAsDouble()));
                    }
                }
                assertTrue(maxDiff <= TOLERANCE, shipped.modelName() + "/" + key + ": max difference " + maxDiff);
            }
        }
    }
}
