package emotij.backbone;

import static emotij.convert.TfConstants.floats;
import static emotij.convert.TfConstants.ints;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv2d;
import ai.djl.nn.pooling.Pool;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.TensorProto;


import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A converted TensorFlow network, from its input to a chosen node, rebuilt as one trainable DJL block with the
 * SavedModel's weights, so that the network itself can be fine-tuned with the PyTorch engine. Any directed
 * acyclic graph of the supported ops is rebuilt (residual additions, PReLU written as Abs/Sub/Mul, pooling), so
 * all three shipped backbones (emotion mini-Xception, faceres, mobilefacenet) qualify.
 *
 * <p>Input NCHW (the TensorFlow graph is NHWC), same value range as the TensorFlow model. Every convolution
 * kernel, bias and per-channel constant becomes a parameter; {@link #trainLastConvolutions} chooses which of them
 * train. The weights come with the graph, so the block never needs an initializer.
 */
public final class GraphNetwork extends AbstractBlock {

    private static final byte VERSION = 1;

    /** What a step computes, with how (each rebuilt TensorFlow op maps to one of these). */
    private enum Op {
        CONV {
            @Override
            NDArray apply(Step s, NDArray a, NDArray b, NDArray[] p) {
                NDArray in = s.pad == null ? a : a.pad(s.pad, 0);
                return Conv2d.conv2d(in, p[0], p[1], new Shape(s.stride, s.stride), new Shape(0, 0), new Shape(1, 1), s.groups)
                        .singletonOrThrow();
            }
        },
        MAX_POOL {
            @Override
            NDArray apply(Step s, NDArray a, NDArray b, NDArray[] p) {
                NDArray in = s.pad == null ? a : a.pad(s.pad, Float.NEGATIVE_INFINITY);
                return Pool.maxPool2d(in, new Shape(s.kernel, s.kernel), new Shape(s.stride, s.stride), new Shape(0, 0), false);
            }
        },
        ADD { NDArray apply(Step s, NDArray a, NDArray b, NDArray[] p) { return a.add(b); } },
        SUB { NDArray apply(Step s, NDArray a, NDArray b, NDArray[] p) { return a.sub(b); } },
        MUL { NDArray apply(Step s, NDArray a, NDArray b, NDArray[] p) { return a.mul(b); } },
        MAXIMUM { NDArray apply(Step s, NDArray a, NDArray b, NDArray[] p) { return a.maximum(b); } },
        MINIMUM { NDArray apply(Step s, NDArray a, NDArray b, NDArray[] p) { return a.minimum(b); } },
        ADD_SCALAR { NDArray apply(Step s, NDArray a, NDArray b, NDArray[] p) { return a.add(s.scalar); } },
        SUB_SCALAR { NDArray apply(Step s, NDArray a, NDArray b, NDArray[] p) { return a.sub(s.scalar); } },
        MUL_SCALAR { NDArray apply(Step s, NDArray a, NDArray b, NDArray[] p) { return a.mul(s.scalar); } },
        MAXIMUM_SCALAR { NDArray apply(Step s, NDArray a, NDArray b, NDArray[] p) { return a.maximum(s.scalar); } },
        MINIMUM_SCALAR { NDArray apply(Step s, NDArray a, NDArray b, NDArray[] p) { return a.minimum(s.scalar); } },
        ADD_CHANNELS { NDArray apply(Step s, NDArray a, NDArray b, NDArray[] p) { return a.add(p[0]); } },
        MUL_CHANNELS { NDArray apply(Step s, NDArray a, NDArray b, NDArray[] p) { return a.mul(p[0]); } },
        RELU { NDArray apply(Step s, NDArray a, NDArray b, NDArray[] p) { return a.maximum(0f); } },
        RELU6 { NDArray apply(Step s, NDArray a, NDArray b, NDArray[] p) { return a.maximum(0f).minimum(6f); } },
        ABS { NDArray apply(Step s, NDArray a, NDArray b, NDArray[] p) { return a.abs(); } },
        SIGMOID { NDArray apply(Step s, NDArray a, NDArray b, NDArray[] p) { return ai.djl.nn.Activation.sigmoid(a); } },
        SQUARE { NDArray apply(Step s, NDArray a, NDArray b, NDArray[] p) { return a.square(); } },
        IDENTITY { NDArray apply(Step s, NDArray a, NDArray b, NDArray[] p) { return a; } },
        // PyTorch NDArrays reduce one axis at a time
        MEAN { NDArray apply(Step s, NDArray a, NDArray b, NDArray[] p) { return a.mean(new int[] {3}).mean(new int[] {2}); } },
        MEAN_KEEP {
            @Override
            NDArray apply(Step s, NDArray a, NDArray b, NDArray[] p) {
                return a.mean(new int[] {3}, true).mean(new int[] {2}, true);
            }
        },
        SQUEEZE {
            @Override
            NDArray apply(Step s, NDArray a, NDArray b, NDArray[] p) {
                return a.reshape(a.getShape().get(0), a.getShape().get(1));
            }
        };

        /** The value of step {@code s} from its first and second input and its parameters' values. */
        abstract NDArray apply(Step s, NDArray a, NDArray b, NDArray[] p);

        /** The element-wise op of a TensorFlow op name (BiasAdd and AddV2 are Add), on two inputs. */
        static Op elementwise(String tfOp) {
            switch (tfOp) {
                case "BiasAdd": case "Add": case "AddV2": return ADD;
                case "Sub": return SUB;
                case "Mul": return MUL;
                case "Maximum": return MAXIMUM;
                case "Minimum": return MINIMUM;
                default: throw new IllegalArgumentException("not an element-wise op: " + tfOp);
            }
        }

        /** The same op with a constant scalar as its second input. */
        Op withScalar() {
            return valueOf(name() + "_SCALAR");
        }

        /** The same op with a per-channel parameter as its second input (Add and Mul only), or null. */
        Op withChannels() {
            return this == ADD ? ADD_CHANNELS : this == MUL ? MUL_CHANNELS : null;
        }

        /** The op of a TensorFlow activation or identity op. */
        static Op unary(String tfOp) {
            return tfOp.equals("Relu6") ? RELU6 : valueOf(tfOp.toUpperCase(java.util.Locale.ROOT));
        }
    }

    /** One evaluated node: its op, the steps it reads (index; -1 is the network input) and its own parameters. */
    private static final class Step {
        final String name;
        final Op op;
        final int[] inputs;
        final Parameter[] params;
        final float scalar;
        final int stride;
        final int kernel;
        final Shape pad;
        final int groups;
        final int conv;  // index among convolutions, -1 for other ops

        private Step(String name, Op op, int[] inputs, Parameter[] params, float scalar, int stride, int kernel, Shape pad,
                     int groups, int conv) {
            this.name = name;
            this.op = op;
            this.inputs = inputs;
            this.params = params;
            this.scalar = scalar;
            this.stride = stride;
            this.kernel = kernel;
            this.pad = pad;
            this.groups = groups;
            this.conv = conv;
        }

        /** An op of its inputs alone, or with {@code params} (a per-channel constant). */
        static Step of(String name, Op op, int[] inputs, Parameter... params) {
            return new Step(name, op, inputs, params, 0, 1, 1, null, 1, -1);
        }

        /** An op of its input and a constant scalar. */
        static Step withScalar(String name, Op op, int[] inputs, float scalar) {
            return new Step(name, op, inputs, new Parameter[0], scalar, 1, 1, null, 1, -1);
        }

        /** A window op (convolution {@code conv} with weight and bias, or max pooling: conv -1, no params). */
        static Step window(String name, Op op, int[] inputs, Parameter[] params, int stride, int kernel, Shape pad,
                           int groups, int conv) {
            return new Step(name, op, inputs, params, 0, stride, kernel, pad, groups, conv);
        }
    }

    private final List<Step> steps = new ArrayList<>();
    private final Map<Parameter, float[]> initialValues = new LinkedHashMap<>();
    private final Map<Parameter, Integer> convOfParameter = new HashMap<>();
    private final Shape inputShape;
    private Shape outputShape;
    private int convolutions;

    private GraphNetwork(Shape inputShape) {
        super(VERSION);
        this.inputShape = inputShape;
    }

    /** Reads the graph of a SavedModel written by the EmotiJ converter. */
    public static GraphDef readGraph(Path savedModelDir) throws IOException {
        Path pb = savedModelDir.resolve("saved_model.pb");
        if (!Files.isRegularFile(pb)) throw new IOException("Model folder " + savedModelDir + " has no saved_model.pb");
        try (InputStream in = Files.newInputStream(pb)) {
            return SavedModel.parseFrom(in).getMetaGraphs(0).getGraphDef();
        }
    }

    /**
     * Rebuilds the part of {@code graph} that {@code output} depends on.
     *
     * @param output        the node whose value the block returns (e.g. {@code global_pooling/Mean})
     * @param height,width  the input size (SAME padding of strided ops depends on it)
     * @throws IOException naming the node when an op is not supported or the graph is not as expected
     */
    public static GraphNetwork rebuild(GraphDef graph, String output, int height, int width) throws IOException {
        Map<String, NodeDef> nodes = new HashMap<>();
        for (NodeDef n : graph.getNodeList()) nodes.put(n.getName(), n);
        if (!nodes.containsKey(output)) throw new IOException("the graph has no node '" + output + "'");
        // topological order of the nodes the output needs (depth first, inputs before users)
        List<NodeDef> order = new ArrayList<>();
        Map<String, Integer> index = new HashMap<>();
        visit(nodes, nodes.get(output), order, index, new java.util.HashSet<>());
        NodeDef placeholder = order.stream().filter(n -> n.getOp().equals("Placeholder")).findFirst()
                .orElseThrow(() -> new IOException("node '" + output + "' does not depend on the network input"));
        int channels = (int) placeholder.getAttrOrThrow("shape").getShape().getDim(3).getSize();
        GraphNetwork net = new GraphNetwork(new Shape(1, channels, height, width));
        // shape of each step's value without the batch: [C, H, W] or [C]
        List<long[]> shapes = new ArrayList<>();
        Map<String, Integer> stepOf = new HashMap<>();
        for (NodeDef node : order) {
            if (node.getOp().equals("Const")) continue;
            if (node.getOp().equals("Placeholder")) {
                stepOf.put(node.getName(), -1);
                continue;
            }
            List<Integer> in = new ArrayList<>();
            List<TensorProto> consts = new ArrayList<>();
            for (String i : node.getInputList()) {
                if (i.startsWith("^")) continue;
                NodeDef c = nodes.get(stripPort(i));
                if (c.getOp().equals("Const")) consts.add(c.getAttrOrThrow("value").getTensor());
                else in.add(stepOf.get(c.getName()));
            }
            long[] shape0 = in.isEmpty() ? null : in.get(0) < 0 ? new long[] {channels, height, width} : shapes.get(in.get(0));
            net.add(node, in, consts, shape0, shapes);
            stepOf.put(node.getName(), net.steps.size() - 1);
        }
        long[] last = shapes.get(shapes.size() - 1);
        long[] out = new long[last.length + 1];
        out[0] = 1;
        System.arraycopy(last, 0, out, 1, last.length);
        net.outputShape = new Shape(out);
        return net;
    }

    private static void visit(Map<String, NodeDef> nodes, NodeDef node, List<NodeDef> order, Map<String, Integer> index,
                              java.util.Set<String> onPath) throws IOException {
        if (index.containsKey(node.getName())) return;
        if (!onPath.add(node.getName())) throw new IOException("the graph has a cycle at '" + node.getName() + "'");
        for (String i : node.getInputList()) {
            if (i.startsWith("^")) continue;
            NodeDef c = nodes.get(stripPort(i));
            if (c == null) throw new IOException("node '" + node.getName() + "' reads a missing node '" + i + "'");
            visit(nodes, c, order, index, onPath);
        }
        onPath.remove(node.getName());
        index.put(node.getName(), order.size());
        order.add(node);
    }

    private void add(NodeDef node, List<Integer> in, List<TensorProto> consts, long[] shape, List<long[]> shapes)
            throws IOException {
        String op = node.getOp();
        String name = node.getName();
        int[] inputs = in.stream().mapToInt(Integer::intValue).toArray();
        switch (op) {
            case "Conv2D":
            case "DepthwiseConv2dNative": {
                boolean depthwise = op.equals("DepthwiseConv2dNative");
                TensorProto k = single(consts, node);
                int kh = (int) k.getTensorShape().getDim(0).getSize();
                int kw = (int) k.getTensorShape().getDim(1).getSize();
                int cin = (int) k.getTensorShape().getDim(2).getSize();
                int perIn = (int) k.getTensorShape().getDim(3).getSize();
                int cout = depthwise ? cin * perIn : perIn;
                // TensorFlow kernels are [h, w, in, out] (depthwise: [h, w, in, multiplier]); DJL's [out, in/groups, h, w]
                float[] hwio = floats(k);
                float[] oihw = new float[hwio.length];
                for (int y = 0; y < kh; y++) for (int x = 0; x < kw; x++) for (int i = 0; i < cin; i++) {
                    for (int j = 0; j < perIn; j++) {
                        float v = hwio[((y * kw + x) * cin + i) * perIn + j];
                        if (depthwise) oihw[(i * perIn + j) * kh * kw + y * kw + x] = v;
                        else oihw[(j * cin + i) * kh * kw + y * kw + x] = v;
                    }
                }
                int stride = (int) node.getAttrOrThrow("strides").getList().getI(1);
                long[] outShape = new long[3];
                Shape pad = samePadding(node, shape, kh, kw, stride, outShape);
                outShape[0] = cout;
                Parameter w = param(name + "/weight", new Shape(cout, depthwise ? 1 : cin, kh, kw), oihw);
                Parameter b = param(name + "/bias", new Shape(cout), new float[cout]);
                convOfParameter.put(w, convolutions);
                convOfParameter.put(b, convolutions);
                steps.add(Step.window(name, Op.CONV, inputs, new Parameter[] {w, b}, stride, kh, pad, depthwise ? cin : 1,
                        convolutions++));
                shapes.add(outShape);
                return;
            }
            case "MaxPool": {
                int k = (int) node.getAttrOrThrow("ksize").getList().getI(1);
                int stride = (int) node.getAttrOrThrow("strides").getList().getI(1);
                long[] outShape = new long[3];
                Shape pad = samePadding(node, shape, k, k, stride, outShape);
                outShape[0] = shape[0];
                steps.add(Step.window(name, Op.MAX_POOL, inputs, new Parameter[0], stride, k, pad, 1, -1));
                shapes.add(outShape);
                return;
            }
            case "BiasAdd":
            case "Add":
            case "AddV2":
            case "Sub":
            case "Mul":
            case "Maximum":
            case "Minimum": {
                Op kind = Op.elementwise(op);
                if (inputs.length == 2) {
                    steps.add(Step.of(name, kind, inputs));
                } else {
                    float[] v = floats(single(consts, node));
                    if (v.length == 1) {
                        steps.add(Step.withScalar(name, kind.withScalar(), inputs, v[0]));
                    } else if (v.length == shape[0] && kind.withChannels() != null) {
                        // per-channel constant: a trainable parameter shaped to broadcast over NCHW
                        Shape s = shape.length == 3 ? new Shape(v.length, 1, 1) : new Shape(v.length);
                        Parameter p = param(name + "/value", s, v);
                        // a shift or scale right after a convolution trains with it
                        Integer conv = convOf(inputs[0]);
                        if (conv != null) convOfParameter.put(p, conv);
                        steps.add(Step.of(name, kind.withChannels(), inputs, p));
                    } else {
                        throw new IOException("node '" + name + "': constant of " + v.length + " values for " + shape[0] + " channels");
                    }
                }
                shapes.add(shape);
                return;
            }
            case "Relu":
            case "Relu6":
            case "Abs":
            case "Sigmoid":
            case "Identity":
            case "Square":
                steps.add(Step.of(name, Op.unary(op), inputs));
                shapes.add(shape);
                return;
            case "Mean": {
                int[] axes = ints(single(consts, node));
                Arrays.sort(axes);
                boolean keep = node.containsAttr("keep_dims") && node.getAttrOrThrow("keep_dims").getB();
                if (shape.length != 3 || !Arrays.equals(axes, new int[] {1, 2})) {
                    throw new IOException("node '" + name + "': only the spatial mean (global average pooling) is supported");
                }
                steps.add(Step.of(name, keep ? Op.MEAN_KEEP : Op.MEAN, inputs));
                shapes.add(keep ? new long[] {shape[0], 1, 1} : new long[] {shape[0]});
                return;
            }
            case "Squeeze":
                if (shape.length != 3 || shape[1] != 1 || shape[2] != 1) {
                    throw new IOException("node '" + name + "': only squeezing a 1x1 feature map is supported");
                }
                steps.add(Step.of(name, Op.SQUEEZE, inputs));
                shapes.add(new long[] {shape[0]});
                return;
            default:
                throw new IOException("node '" + name + "': op " + op + " is not supported in a rebuilt network");
        }
    }

    /** The SAME (or VALID) padding of a strided window op, as DJL's (left, right, top, bottom). */
    private static Shape samePadding(NodeDef node, long[] shape, int kh, int kw, int stride, long[] outShape) {
        String padding = node.getAttrOrThrow("padding").getS().toString(StandardCharsets.UTF_8);
        long h = shape[1];
        long w = shape[2];
        boolean same = padding.equals("SAME");
        outShape[1] = same ? (h + stride - 1) / stride : (h - kh) / stride + 1;
        outShape[2] = same ? (w + stride - 1) / stride : (w - kw) / stride + 1;
        if (!same) return null;
        long padH = Math.max((outShape[1] - 1) * stride + kh - h, 0);
        long padW = Math.max((outShape[2] - 1) * stride + kw - w, 0);
        if (padH == 0 && padW == 0) return null;
        // TensorFlow puts the odd pixel of SAME padding at the bottom/right
        return new Shape(padW / 2, padW - padW / 2, padH / 2, padH - padH / 2);
    }

    private Integer convOf(int step) {
        return step >= 0 && steps.get(step).conv >= 0 ? steps.get(step).conv : null;
    }

    private Parameter param(String name, Shape shape, float[] values) {
        // the graph's weights replace the zeros in initializeWithGraphWeights
        Parameter p = addParameter(Parameter.builder().setName(name).setType(Parameter.Type.WEIGHT).optShape(shape)
                .optInitializer(ai.djl.training.initializer.Initializer.ZEROS).build());
        initialValues.put(p, values);
        return p;
    }

    /** Number of convolutions (depthwise included), counted from the input. */
    public int convolutions() {
        return convolutions;
    }

    /** Initialises the parameters with the TensorFlow weights. */
    public void initializeWithGraphWeights(NDManager manager) {
        initialize(manager, DataType.FLOAT32, inputShape);
        for (Map.Entry<Parameter, float[]> e : initialValues.entrySet()) {
            emotij.engine.PyTorchRuntime.overwrite(e.getKey().getArray(), e.getValue());
        }
    }

    /**
     * Lets only the last {@code n} convolutions (with their biases and the per-channel constants that follow
     * them) train; 0 freezes the whole network, {@link Integer#MAX_VALUE} trains all of it.
     */
    public void trainLastConvolutions(int n) {
        int first = convolutions - Math.min(n, convolutions);
        for (Parameter p : getDirectParameters().values()) {
            Integer conv = convOfParameter.get(p);
            p.freeze(conv == null || conv < first);
        }
    }

    /** Number of weights that train at present. */
    public long trainableWeights() {
        long n = 0;
        for (Parameter p : getDirectParameters().values()) if (p.requiresGradient()) n += p.getShape().size();
        return n;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        NDArray[] values = new NDArray[steps.size()];
        for (int i = 0; i < steps.size(); i++) {
            Step s = steps.get(i);
            NDArray a = s.inputs[0] < 0 ? x : values[s.inputs[0]];
            NDArray b = s.inputs.length > 1 ? (s.inputs[1] < 0 ? x : values[s.inputs[1]]) : null;
            NDArray[] p = new NDArray[s.params.length];
            for (int j = 0; j < p.length; j++) p[j] = store.getValue(s.params[j], x.getDevice(), training);
            values[i] = s.op.apply(s, a, b, p);
        }
        return new NDList(values[values.length - 1]);
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        long[] s = outputShape.getShape();
        s[0] = inputShapes[0].get(0);
        return new Shape[] {new Shape(s)};
    }

    private static TensorProto single(List<TensorProto> consts, NodeDef node) throws IOException {
        if (consts.size() != 1) throw new IOException("node '" + node.getName() + "' should have one constant input, has " + consts.size());
        return consts.get(0);
    }

    private static String stripPort(String input) {
        String s = input.startsWith("^") ? input.substring(1) : input;
        int colon = s.indexOf(':');
        return colon >= 0 ? s.substring(0, colon) : s;
    }
}
