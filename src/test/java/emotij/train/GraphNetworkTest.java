package emotij.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import com.google.gson.JsonArray;
import com.google.gson.JsonParser;
import emotij.engine.PyTorchRuntime;
import emotij.model.ModelStore;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The faceres network rebuilt as trainable DJL blocks on the PyTorch engine gives the outputs of the original
 * TensorFlow.js model, and its weights can be trained.
 */
class SequentialGraphBackboneTest {

    /** The fixed NHWC input of the reference outputs (see ModelConversionTest), as NCHW for DJL. */
    private static NDArray referenceInput(NDManager m) {
        int n = 224 * 224 * 3;
        float[] nhwc = new float[n];
        for (int i = 0; i < n; i++) nhwc[i] = (float) (255 * (0.5 + 0.5 * Math.sin(i * 0.0137 + (i % 7) * 0.5)));
        return m.create(nhwc, new Shape(1, 224, 224, 3)).transpose(0, 3, 1, 2);
    }

    private static SequentialGraphBackbone.Rebuilt faceres() throws IOException {
        return SequentialGraphBackbone.rebuild(SequentialGraphBackbone.readGraph(ModelStore.locate(ModelStore.FACE_FEATURES)),
                "global_pooling/Mean", 224, 224);
    }

    @Test
    void rebuiltFaceresMatchesTheTensorFlowJsReference() throws Exception {
        JsonArray want = JsonParser.parseString(Files.readString(Path.of("src/test/resources/reference/faceres.json")))
                .getAsJsonObject().getAsJsonObject("outputs").getAsJsonObject("features").getAsJsonArray("values");
        SequentialGraphBackbone.Rebuilt r = faceres();
        assertEquals(27, r.convolutions());
        try (NDManager m = PyTorchRuntime.engine().newBaseManager()) {
            r.initialize(m);
            float[] got = r.block.forward(new ParameterStore(m, false), new NDList(referenceInput(m)), false)
                    .singletonOrThrow().toFloatArray();
            assertEquals(want.size(), got.length);
            double max = 0;
            for (int i = 0; i < got.length; i++) max = Math.max(max, Math.abs(got[i] - want.get(i).getAsDouble()));
            assertTrue(max <= 1e-4, "max difference " + max);
        }
    }

    @Test
    void itsWeightsCanBeTrained() throws Exception {
        SequentialGraphBackbone.Rebuilt r = faceres();
        try (NDManager m = PyTorchRuntime.engine().newBaseManager()) {
            r.initialize(m);
            NDArray firstWeights = r.block.getParameters().get(0).getValue().getArray();
            float before = firstWeights.sum().getFloat();
            ParameterStore store = new ParameterStore(m, false);
            try (GradientCollector gc = PyTorchRuntime.engine().newGradientCollector()) {
                NDArray features = r.block.forward(store, new NDList(referenceInput(m)), true).singletonOrThrow();
                gc.backward(features.sum());
            }
            NDArray grad = firstWeights.getGradient();
            assertTrue(grad.abs().sum().getFloat() > 0, "gradients reach the first convolution");
            firstWeights.subi(grad.mul(1e-3f));
            assertTrue(Math.abs(firstWeights.sum().getFloat() - before) > 0, "a step changes the weights");
        }
    }

    @Test
    void aNetworkWithBranchesIsRefusedClearly() throws Exception {
        // the emotion net (mini-Xception) has residual connections
        IOException e = assertThrows(IOException.class, () -> SequentialGraphBackbone.rebuild(
                SequentialGraphBackbone.readGraph(ModelStore.locate(ModelStore.EXPRESSION)), "features", 64, 64));
        assertTrue(e.getMessage().contains("joins two paths"), e.getMessage());
    }
}
