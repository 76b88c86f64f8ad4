package emotij.backbone;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import emotij.convert.ShippedModel;
import emotij.engine.PyTorchRuntime;
import emotij.testing.Tolerance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The shipped backbones rebuilt as trainable DJL blocks on the PyTorch engine give the features of the original
 * TensorFlow.js models, and their weights can be trained.
 */
class GraphNetworkTest {

    private static JsonObject reference(ShippedModel m) throws IOException {
        return JsonParser.parseString(Files.readString(Path.of("src/test/resources/reference/" + m.modelName() + ".json")))
                .getAsJsonObject();
    }

    private static double[] values(JsonArray array) {
        double[] v = new double[array.size()];
        for (int i = 0; i < v.length; i++) v[i] = array.get(i).getAsDouble();
        return v;
    }

    /** The fixed NHWC input of the reference outputs (see ModelConversionTest), as NCHW for DJL. */
    private static NDArray referenceInput(NDManager m, JsonObject reference) {
        JsonObject input = reference.getAsJsonObject("input");
        JsonArray s = input.getAsJsonArray("shape");
        int h = s.get(1).getAsInt();
        int w = s.get(2).getAsInt();
        int c = s.get(3).getAsInt();
        double lo = input.get("lo").getAsDouble();
        double hi = input.get("hi").getAsDouble();
        float[] nhwc = new float[h * w * c];
        for (int i = 0; i < nhwc.length; i++) nhwc[i] = (float) (lo + (hi - lo) * (0.5 + 0.5 * Math.sin(i * 0.0137 + (i % 7) * 0.5)));
        return m.create(nhwc, new Shape(1, h, w, c)).transpose(0, 3, 1, 2);
    }

    @ParameterizedTest
    @EnumSource(value = ShippedModel.class, names = {"EMOTION", "FACERES", "MOBILEFACENET"})
    void rebuiltBackboneMatchesTheTensorFlowJsReference(ShippedModel shipped) throws Exception {
        JsonObject reference = reference(shipped);
        JsonArray want = reference.getAsJsonObject("outputs").getAsJsonObject("features").getAsJsonArray("values");
        Backbone backbone = Backbone.of(shipped);
        GraphNetwork net = backbone.rebuild(false);
        try (NDManager m = PyTorchRuntime.engine().newBaseManager()) {
            net.initializeWithGraphWeights(m);
            float[] got = net.forward(new ParameterStore(m, false), new NDList(referenceInput(m, reference)), false)
                    .singletonOrThrow().toFloatArray();
            // PyTorch's kernels against TF.js's: relative to the largest feature, as in ModelConversionTest
            Tolerance.assertAllClose(values(want), Tolerance.toDouble(got), 1e-4, shipped + " features");
        }
    }

    @Test
    void theEmotionNetRebuiltToItsClassScoresGivesTheReferenceProbabilities() throws Exception {
        JsonObject reference = reference(ShippedModel.EMOTION);
        JsonArray want = reference.getAsJsonObject("outputs").getAsJsonObject("probabilities").getAsJsonArray("values");
        GraphNetwork net = Backbone.of(ShippedModel.EMOTION).rebuild(true);
        try (NDManager m = PyTorchRuntime.engine().newBaseManager()) {
            net.initializeWithGraphWeights(m);
            float[] got = net.forward(new ParameterStore(m, false), new NDList(referenceInput(m, reference)), false)
                    .singletonOrThrow().softmax(1).toFloatArray();
            // probabilities: their scale is 1, and a rebuilding mistake moves them by far more than 1e-4
            Tolerance.assertAllClose(values(want), Tolerance.toDouble(got), 1e-4, "emotion probabilities");
        }
        IOException e = assertThrows(IOException.class, () -> Backbone.of(ShippedModel.FACERES).rebuild(true));
        assertTrue(e.getMessage().contains("faceres") && e.getMessage().contains("no emotion classifier"), e.getMessage());
    }

    @Test
    void onlyTheLastConvolutionsTrain() throws Exception {
        GraphNetwork net = Backbone.of(ShippedModel.EMOTION).rebuild(false);
        try (NDManager m = PyTorchRuntime.engine().newBaseManager()) {
            net.initializeWithGraphWeights(m);
            net.trainLastConvolutions(2);
            NDArray first = net.getDirectParameters().valueAt(0).getArray();
            NDArray last = net.getDirectParameters().valueAt(net.getDirectParameters().size() - 2).getArray();
            float lastBefore = last.sum().getFloat();
            ParameterStore store = new ParameterStore(m, false);
            try (GradientCollector gc = PyTorchRuntime.engine().newGradientCollector()) {
                NDArray x = m.randomUniform(-1, 1, new Shape(2, 1, 64, 64));
                gc.backward(net.forward(store, new NDList(x), true).singletonOrThrow().sum());
            }
            assertTrue(!first.hasGradient() || first.getGradient().abs().sum().getFloat() == 0, "frozen layers get no gradient");
            NDArray grad = last.getGradient();
            assertTrue(grad.abs().sum().getFloat() > 0, "gradients reach the last convolution");
            last.subi(grad.mul(1e-2f));
            assertTrue(Math.abs(last.sum().getFloat() - lastBefore) > 0, "a step changes the weights");
            net.trainLastConvolutions(Integer.MAX_VALUE);
            assertTrue(net.trainableWeights() > 50_000, "the whole network can train: " + net.trainableWeights());
        }
    }

    @Test
    void aMissingNodeIsNamed() throws Exception {
        IOException e = assertThrows(IOException.class, () -> GraphNetwork.rebuild(
                GraphNetwork.readGraph(Backbone.of(ShippedModel.EMOTION).modelDir()), "no/such/node", 64, 64));
        assertTrue(e.getMessage().contains("no/such/node"), e.getMessage());
    }
}
