package emotij.convert;

import emotij.engine.TfModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * What the converter does with a graph it cannot express (it names the operation, and the model runs on
 * TensorFlow), and that its rewrites compute what the TensorFlow graph does.
 */
class OnnxGraphConverterTest {

    private static final AttrValue FLOAT = AttrValue.newBuilder().setType(DataType.DT_FLOAT).build();

    /** A graph with one float placeholder "input" of shape [N, 2, 2, 1]. */
    private static GraphDef.Builder withInput() {
        return withInput(1);
    }

    /** A graph with one float placeholder "input" of shape [N, 2, 2, channels]. */
    private static GraphDef.Builder withInput(int channels) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (long d : new long[] {-1, 2, 2, channels}) shape.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        return GraphDef.newBuilder().addNode(NodeDef.newBuilder().setName("input").setOp("Placeholder").putAttr("dtype", FLOAT)
                .putAttr("shape", AttrValue.newBuilder().setShape(shape).build()));
    }

    /** input [N, 2, 2, 1] -> Tanh -> output "values": Tanh is in none of the shipped networks. */
    private static Path tanhModel(Path dir) throws IOException {
        GraphDef graph = withInput()
                .addNode(NodeDef.newBuilder().setName("squashed").setOp("Tanh").addInput("input").putAttr("T", FLOAT))
                .build();
        SavedModelWriter.write(graph, "input", "input:0", new long[] {-1, 2, 2, 1}, Map.of("values", "squashed:0"), dir);
        return dir;
    }

    private static NodeDef.Builder scalar(String name, float value) {
        TensorProto t = TensorProto.newBuilder().setDtype(DataType.DT_FLOAT).setTensorShape(TensorShapeProto.newBuilder())
                .addFloatVal(value).build();
        return NodeDef.newBuilder().setName(name).setOp("Const").putAttr("value", AttrValue.newBuilder().setTensor(t).build())
                .putAttr("dtype", FLOAT);
    }

    /**
     * input [N, 2, 2, 1] -> Relu -> Minimum(hi) -> Maximum(lo) -> "clipped" (Keras' ReLU6 as faceres has it, for lo 0
     * and hi 6), and the Minimum also as "capped", so that a node folded into the Clip is still read elsewhere.
     */
    private static Path reluClipModel(Path dir, float lo, float hi) throws IOException {
        GraphDef graph = withInput()
                .addNode(NodeDef.newBuilder().setName("relu").setOp("Relu").addInput("input").putAttr("T", FLOAT))
                .addNode(scalar("hi", hi))
                .addNode(scalar("lo", lo))
                .addNode(NodeDef.newBuilder().setName("capped").setOp("Minimum").addInput("relu").addInput("hi").putAttr("T", FLOAT))
                .addNode(NodeDef.newBuilder().setName("clipped").setOp("Maximum").addInput("capped").addInput("lo").putAttr("T", FLOAT))
                .build();
        SavedModelWriter.write(graph, "input", "input:0", new long[] {-1, 2, 2, 1},
                Map.of("clipped", "clipped:0", "capped", "capped:0"), dir);
        return dir;
    }

    @Test
    void reluSixBecomesOneClipThatComputesWhatTensorFlowDoes(@TempDir Path tmp) throws IOException {
        float[] x = {-3, 0.5f, 5.9f, 7};
        for (float[] bounds : new float[][] {{0, 6}, {1, 6}, {-1, 6}}) {
            Path dir = reluClipModel(tmp.resolve("clip" + bounds[0]), bounds[0], bounds[1]);
            String onnx = new String(OnnxGraphConverter.convert(SavedModel.parseFrom(Files.readAllBytes(dir.resolve("saved_model.pb")))).model,
                    java.nio.charset.StandardCharsets.ISO_8859_1);
            assertTrue(onnx.contains("Clip"), "a Clip node for bounds " + bounds[0] + ", " + bounds[1]);
            try (TfModel model = TfModel.load(dir, TfModel.Engine.ONNX_RUNTIME)) {
                assertEquals(TfModel.Engine.ONNX_RUNTIME, model.engine());
                Map<String, float[]> out = model.run(x, 1, 2, 2, 1);
                for (int i = 0; i < x.length; i++) {
                    float capped = Math.min(Math.max(x[i], 0), bounds[1]);
                    assertEquals(capped, out.get("capped")[i], 0f, "min(relu(" + x[i] + "), " + bounds[1] + ")");
                    assertEquals(Math.max(capped, bounds[0]), out.get("clipped")[i], 0f,
                            "max(min(relu(" + x[i] + "), " + bounds[1] + "), " + bounds[0] + ")");
                }
            }
        }
    }

    private static AttrValue ints(long... v) {
        AttrValue.ListValue.Builder list = AttrValue.ListValue.newBuilder();
        for (long x : v) list.addI(x);
        return AttrValue.newBuilder().setList(list).build();
    }

    /**
     * input [N, 2, 2, 3] -> MaxPool 2x2 -> "pooled" [N, 1, 1, 3] -> Pad of the channel axis by 1 before and 2 after
     * -> "padded" [N, 1, 1, 6]: BlazeFace's residual path into a wider block, with a channel count off ONNX Runtime's
     * blocks (both become convolutions).
     */
    @Test
    void aPoolAndAChannelPaddingComputeWhatTensorFlowDoes(@TempDir Path tmp) throws IOException {
        TensorProto pads = TensorProto.newBuilder().setDtype(DataType.DT_INT32).setTensorShape(TensorShapeProto.newBuilder()
                .addDim(TensorShapeProto.Dim.newBuilder().setSize(4)).addDim(TensorShapeProto.Dim.newBuilder().setSize(2)))
                .addAllIntVal(List.of(0, 0, 0, 0, 0, 0, 1, 2)).build();
        GraphDef graph = withInput(3)
                .addNode(NodeDef.newBuilder().setName("pooled").setOp("MaxPool").addInput("input").putAttr("T", FLOAT)
                        .putAttr("ksize", ints(1, 2, 2, 1)).putAttr("strides", ints(1, 1, 1, 1))
                        .putAttr("padding", AttrValue.newBuilder().setS(com.google.protobuf.ByteString.copyFromUtf8("VALID")).build()))
                .addNode(NodeDef.newBuilder().setName("pads").setOp("Const").putAttr("value", AttrValue.newBuilder().setTensor(pads).build()))
                .addNode(NodeDef.newBuilder().setName("padded").setOp("Pad").addInput("pooled").addInput("pads").putAttr("T", FLOAT))
                .build();
        Path dir = tmp.resolve("pool-pad");
        SavedModelWriter.write(graph, "input", "input:0", new long[] {-1, 2, 2, 3}, Map.of("pooled", "pooled:0", "padded", "padded:0"), dir);
        String onnx = new String(OnnxGraphConverter.convert(SavedModel.parseFrom(Files.readAllBytes(dir.resolve("saved_model.pb")))).model,
                java.nio.charset.StandardCharsets.ISO_8859_1);
        assertTrue(!onnx.contains("Pad"), "the channel padding is a convolution, not a Pad");
        // two images, NHWC: pixel p, channel c = (p + 1) * (c + 1) * sign, so that each channel has its own maximum
        float[] x = new float[2 * 2 * 2 * 3];
        for (int b = 0; b < 2; b++) for (int p = 0; p < 4; p++) for (int c = 0; c < 3; c++) x[(b * 4 + p) * 3 + c] = (p + 1) * (c + 1) * (b == 0 ? 1 : -1) - b;
        try (TfModel model = TfModel.load(dir, TfModel.Engine.ONNX_RUNTIME)) {
            assertEquals(TfModel.Engine.ONNX_RUNTIME, model.engine());
            Map<String, float[]> out = model.run(x, 2, 2, 2, 3);
            for (int b = 0; b < 2; b++) {
                for (int c = 0; c < 3; c++) {
                    float max = Float.NEGATIVE_INFINITY;
                    for (int p = 0; p < 4; p++) max = Math.max(max, x[(b * 4 + p) * 3 + c]);
                    assertEquals(max, out.get("pooled")[b * 3 + c], 0f, "image " + b + " channel " + c + " pooled");
                    assertEquals(max, out.get("padded")[b * 6 + 1 + c], 0f, "image " + b + " channel " + c + " padded");
                }
                for (int c : new int[] {0, 4, 5}) assertEquals(0f, out.get("padded")[b * 6 + c], 0f, "image " + b + " padding channel " + c);
            }
        }
    }

    @Test
    void anUnknownOperationIsNamed(@TempDir Path tmp) throws IOException {
        Path dir = tanhModel(tmp.resolve("tanh"));
        SavedModel model = SavedModel.parseFrom(Files.readAllBytes(dir.resolve("saved_model.pb")));
        IOException e = assertThrows(OnnxGraphConverter.UnsupportedGraphException.class, () -> OnnxGraphConverter.convert(model));
        assertTrue(e.getMessage().contains("Tanh") && e.getMessage().contains("squashed"), e.getMessage());
    }

    @Test
    void aGraphTheConverterCannotExpressRunsOnTensorFlow(@TempDir Path tmp) throws IOException {
        try (TfModel model = TfModel.load(tanhModel(tmp.resolve("tanh")), TfModel.Engine.ONNX_RUNTIME)) {
            assertEquals(TfModel.Engine.TENSORFLOW, model.engine());
            float[] out = model.run(new float[] {-2, -0.5f, 0, 1}, 1, 2, 2, 1).get("values");
            for (int i = 0; i < 4; i++) {
                double x = new double[] {-2, -0.5, 0, 1}[i];
                assertEquals(Math.tanh(x), out[i], 1e-6 * Math.max(1, Math.abs(Math.tanh(x))), "tanh(" + x + ")");
            }
        }
    }
}
