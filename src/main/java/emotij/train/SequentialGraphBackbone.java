package emotij.train;

import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.convolutional.Conv2d;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.TensorProto;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Rebuilds a converted TensorFlow network whose path from input to a chosen output is a plain chain (MobileNet
 * style: convolutions, per-channel scale and shift, ReLU/ReLU6, global average pooling) as trainable DJL blocks,
 * with the weights of the SavedModel: so that the network itself can be fine-tuned with the PyTorch engine.
 * Scale and shift after a convolution are folded into its weights and bias. Input NCHW (the TensorFlow graph is
 * NHWC), same value range as the TensorFlow model.
 */
public final class SequentialGraphBackbone {

    /** The rebuilt chain and what it needs to be initialised with its weights. */
    public static final class Rebuilt {
        public final SequentialBlock block;
        public final Shape inputShape;
        private final List<Conv2d> convs;
        private final List<float[][]> weights;

        Rebuilt(SequentialBlock block, Shape inputShape, List<Conv2d> convs, List<float[][]> weights) {
            this.block = block;
            this.inputShape = inputShape;
            this.convs = convs;
            this.weights = weights;
        }

        /** Initialises the block and loads the TensorFlow weights into it. */
        public void initialize(NDManager manager) {
            block.initialize(manager, DataType.FLOAT32, inputShape);
            for (int i = 0; i < convs.size(); i++) {
                convs.get(i).getParameters().get("weight").getArray().set(java.nio.FloatBuffer.wrap(weights.get(i)[0]));
                convs.get(i).getParameters().get("bias").getArray().set(java.nio.FloatBuffer.wrap(weights.get(i)[1]));
            }
        }

        public int convolutions() {
            return convs.size();
        }
    }

    private SequentialGraphBackbone() {
    }

    /** Reads the graph of a SavedModel written by the EmotiJ converter. */
    public static GraphDef readGraph(Path savedModelDir) throws IOException {
        try (InputStream in = Files.newInputStream(savedModelDir.resolve("saved_model.pb"))) {
            return SavedModel.parseFrom(in).getMetaGraphs(0).getGraphDef();
        }
    }

    /**
     * @param output the node whose value the chain ends with (e.g. {@code global_pooling/Mean})
     * @param height,width the input size (SAME padding of strided convolutions depends on it)
     */
    public static Rebuilt rebuild(GraphDef graph, String output, int height, int width) throws IOException {
        Map<String, NodeDef> nodes = new HashMap<>();
        for (NodeDef n : graph.getNodeList()) nodes.put(n.getName(), n);
        List<NodeDef> chain = new ArrayList<>();
        NodeDef n = nodes.get(output);
        if (n == null) throw new IOException("the graph has no node '" + output + "'");
        while (!n.getOp().equals("Placeholder")) {
            chain.add(n);
            NodeDef next = null;
            for (String in : n.getInputList()) {
                NodeDef c = nodes.get(stripPort(in));
                if (c != null && !c.getOp().equals("Const")) {
                    if (next != null) throw new IOException("node '" + n.getName() + "' joins two paths: not a plain chain");
                    next = c;
                }
            }
            if (next == null) throw new IOException("node '" + n.getName() + "' has no non-constant input");
            n = next;
        }
        int channels = channelsOf(graph);
        Collections.reverse(chain);

        SequentialBlock seq = new SequentialBlock();
        List<Conv2d> convs = new ArrayList<>();
        List<float[][]> weights = new ArrayList<>();
        int h = height;
        int w = width;
        float[][] pending = null;  // weights and bias of the last convolution, still taking folds
        for (NodeDef node : chain) {
            switch (node.getOp()) {
                case "Conv2D":
                case "DepthwiseConv2dNative": {
                    boolean depthwise = node.getOp().equals("DepthwiseConv2dNative");
                    TensorProto k = constInput(nodes, node, 1);
                    int kh = (int) k.getTensorShape().getDim(0).getSize();
                    int kw = (int) k.getTensorShape().getDim(1).getSize();
                    int in = (int) k.getTensorShape().getDim(2).getSize();
                    int out = (int) k.getTensorShape().getDim(3).getSize() * (depthwise ? in : 1);
                    // TensorFlow kernels are [h, w, in, out] (depthwise: [h, w, in, multiplier]); DJL's are
                    // [out, in per group, h, w]
                    float[] hwio = floats(k);
                    float[] oihw = new float[hwio.length];
                    int perIn = depthwise ? out / in : out;
                    for (int y = 0; y < kh; y++) for (int x = 0; x < kw; x++) for (int i = 0; i < in; i++) {
                        for (int j = 0; j < perIn; j++) {
                            float v = hwio[((y * kw + x) * in + i) * perIn + j];
                            if (depthwise) oihw[(i * perIn + j) * kh * kw + y * kw + x] = v;
                            else oihw[(j * in + i) * kh * kw + y * kw + x] = v;
                        }
                    }
                    int stride = (int) node.getAttrOrThrow("strides").getList().getI(1);
                    String padding = node.getAttrOrThrow("padding").getS().toString(StandardCharsets.UTF_8);
                    int outH = padding.equals("SAME") ? (h + stride - 1) / stride : (h - kh) / stride + 1;
                    int outW = padding.equals("SAME") ? (w + stride - 1) / stride : (w - kw) / stride + 1;
                    if (padding.equals("SAME")) {
                        int padH = Math.max((outH - 1) * stride + kh - h, 0);
                        int padW = Math.max((outW - 1) * stride + kw - w, 0);
                        int top = padH / 2;
                        int left = padW / 2;
                        // TensorFlow puts the odd pixel of SAME padding at the bottom/right
                        Shape pad = new Shape(left, padW - left, top, padH - top);
                        if (padH > 0 || padW > 0) seq.add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().pad(pad, 0))));
                    }
                    Conv2d conv = Conv2d.builder().setKernelShape(new Shape(kh, kw)).setFilters(out)
                            .optStride(new Shape(stride, stride)).optPadding(new Shape(0, 0))
                            .optGroups(depthwise ? in : 1).optBias(true).build();
                    seq.add(conv);
                    pending = new float[][] {oihw, new float[out]};
                    convs.add(conv);
                    weights.add(pending);
                    h = outH;
                    w = outW;
                    channels = out;
                    break;
                }
                case "Mul": {
                    float[] s = constVector(nodes, node, channels);
                    if (pending == null) throw new IOException("scale '" + node.getName() + "' without a convolution before it");
                    int per = pending[0].length / channels;
                    for (int o = 0; o < channels; o++) {
                        for (int i = 0; i < per; i++) pending[0][o * per + i] *= s[o];
                        pending[1][o] *= s[o];
                    }
                    break;
                }
                case "Add":
                case "AddV2":
                case "BiasAdd": {
                    float[] b = constVector(nodes, node, channels);
                    if (pending == null) throw new IOException("shift '" + node.getName() + "' without a convolution before it");
                    for (int o = 0; o < channels; o++) pending[1][o] += b[o];
                    break;
                }
                case "Relu":
                    seq.add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().maximum(0f))));
                    pending = null;
                    break;
                case "Minimum": {
                    float v = constVector(nodes, node, 1)[0];
                    seq.add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().minimum(v))));
                    pending = null;
                    break;
                }
                case "Maximum": {
                    float v = constVector(nodes, node, 1)[0];
                    seq.add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().maximum(v))));
                    pending = null;
                    break;
                }
                case "Mean":
                    seq.add(new LambdaBlock(x -> new NDList(x.singletonOrThrow().mean(new int[] {3}).mean(new int[] {2}))));
                    pending = null;
                    break;
                default:
                    throw new IOException("node '" + node.getName() + "': op " + node.getOp() + " is not supported in a rebuilt backbone");
            }
        }
        return new Rebuilt(seq, new Shape(1, channelsOf(graph), height, width), convs, weights);
    }

    private static int channelsOf(GraphDef graph) {
        for (NodeDef n : graph.getNodeList()) {
            if (n.getOp().equals("Placeholder")) return (int) n.getAttrOrThrow("shape").getShape().getDim(3).getSize();
        }
        return 3;
    }

    private static String stripPort(String input) {
        String s = input.startsWith("^") ? input.substring(1) : input;
        int colon = s.indexOf(':');
        return colon >= 0 ? s.substring(0, colon) : s;
    }

    private static TensorProto constInput(Map<String, NodeDef> nodes, NodeDef node, int index) throws IOException {
        NodeDef c = nodes.get(stripPort(node.getInput(index)));
        if (c == null || !c.getOp().equals("Const")) throw new IOException("node '" + node.getName() + "' input " + index + " is not a constant");
        return c.getAttrOrThrow("value").getTensor();
    }

    /** The constant operand of an element-wise op, broadcast to {@code n} values. */
    private static float[] constVector(Map<String, NodeDef> nodes, NodeDef node, int n) throws IOException {
        for (String in : node.getInputList()) {
            NodeDef c = nodes.get(stripPort(in));
            if (c != null && c.getOp().equals("Const")) {
                float[] v = floats(c.getAttrOrThrow("value").getTensor());
                if (v.length == n) return v;
                if (v.length == 1) {
                    float[] b = new float[n];
                    java.util.Arrays.fill(b, v[0]);
                    return b;
                }
                throw new IOException("node '" + node.getName() + "': constant of " + v.length + " values, expected " + n);
            }
        }
        throw new IOException("node '" + node.getName() + "' has no constant operand");
    }

    static float[] floats(TensorProto t) throws IOException {
        if (!t.getTensorContent().isEmpty()) {
            ByteBuffer b = t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] f = new float[b.remaining() / 4];
            for (int i = 0; i < f.length; i++) f[i] = b.getFloat();
            return f;
        }
        if (t.getFloatValCount() > 0) {
            float[] f = new float[t.getFloatValCount()];
            for (int i = 0; i < f.length; i++) f[i] = t.getFloatVal(i);
            return f;
        }
        throw new IOException("constant of type " + t.getDtype() + " is not a float tensor");
    }
}
