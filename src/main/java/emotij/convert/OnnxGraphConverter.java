package emotij.convert;

import com.google.protobuf.CodedOutputStream;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Rewrites the inference graph of a TensorFlow SavedModel (the signature {@code serving_default}) as an ONNX model,
 * in memory, for ONNX Runtime. It knows the operations of the shipped networks (BlazeFace, the emotion net, faceres,
 * mobilefacenet) and names any other, so that the caller can fall back to TensorFlow.
 *
 * <p>TensorFlow's images are NHWC, ONNX's convolutions NCHW: the image input is transposed once, every 4-D tensor
 * stays NCHW inside the graph (weights, axes, paddings and per-channel constants are rearranged to match), and a
 * tensor goes back to NHWC only where the layout matters (before a reshape, at an output). The ONNX graph has the
 * signature's keys as input and output names. The protobuf messages are written field by field (onnx.proto's field
 * numbers) because ONNX's own Java classes are not on Maven Central.
 */
public final class OnnxGraphConverter {

    /** Operator set 13: ORT 1.20 runs it, and ReduceMean still takes its axes as an attribute there. */
    private static final int OPSET = 13;
    /** The IR version that goes with operator set 13. */
    private static final int IR_VERSION = 7;
    private static final int FLOAT = 1;
    private static final int INT64 = 7;
    private static final long[] TO_NCHW = {0, 3, 1, 2};
    private static final long[] TO_NHWC = {0, 2, 3, 1};

    /** An operation this converter cannot express; TensorFlow can still run the model. */
    public static final class UnsupportedGraphException extends IOException {
        UnsupportedGraphException(String message) {
            super(message);
        }
    }

    /** A converted model: the serialized ONNX ModelProto and its input's name (the signature's key). */
    public static final class Converted {
        public final byte[] model;
        public final String input;

        Converted(byte[] model, String input) {
            this.model = model;
            this.input = input;
        }
    }

    /** A TensorFlow tensor as converted: its ONNX name and rank, or a constant not yet written. */
    private static final class Value {
        final String name;
        final int rank;
        /** A 4-D tensor kept NCHW (TensorFlow has it NHWC). */
        final boolean nchw;
        final TensorProto constant;

        Value(String name, int rank, boolean nchw, TensorProto constant) {
            this.name = name;
            this.rank = rank;
            this.nchw = nchw;
            this.constant = constant;
        }
    }

    private final Map<String, NodeDef> nodes = new HashMap<>();
    private final Map<String, Value> values = new HashMap<>();
    private final Map<String, String> inputKeys = new HashMap<>();
    private final List<byte[]> onnxNodes = new ArrayList<>();
    private final List<byte[]> initializers = new ArrayList<>();
    private final List<byte[]> graphInputs = new ArrayList<>();
    private int unique;

    private OnnxGraphConverter(GraphDef graph) {
        for (NodeDef n : graph.getNodeList()) nodes.put(n.getName(), n);
    }

    /** Converts the {@code serving_default} signature of {@code savedModel}; its one input must be a float image. */
    public static Converted convert(SavedModel savedModel) throws IOException {
        if (savedModel.getMetaGraphsCount() == 0) throw new IOException("the SavedModel has no graph");
        MetaGraphDef meta = savedModel.getMetaGraphs(0);
        SignatureDef signature = meta.getSignatureDefMap().get("serving_default");
        if (signature == null) throw new IOException("the SavedModel has no signature 'serving_default'");
        if (signature.getInputsCount() != 1) {
            throw new UnsupportedGraphException("the signature has " + signature.getInputsCount() + " inputs, not one");
        }
        OnnxGraphConverter c = new OnnxGraphConverter(meta.getGraphDef());
        Map.Entry<String, TensorInfo> in = signature.getInputsMap().entrySet().iterator().next();
        c.inputKeys.put(nodeName(in.getValue().getName()), in.getKey());
        Map<String, String> outputs = new LinkedHashMap<>();
        signature.getOutputsMap().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(e -> outputs.put(e.getKey(), e.getValue().getName()));
        List<byte[]> graphOutputs = new ArrayList<>();
        for (Map.Entry<String, String> out : outputs.entrySet()) {
            Value v = c.value(out.getValue());
            if (v.constant != null) throw new UnsupportedGraphException("output '" + out.getKey() + "' is a constant");
            String name = v.nchw ? c.transpose(v.name, TO_NHWC) : v.name;
            c.node("Identity", new String[] {name}, out.getKey(), List.of());
            graphOutputs.add(c.valueInfo(out.getKey(), null));
        }
        Pb graph = new Pb();
        for (byte[] n : c.onnxNodes) graph.bytes(1, n);
        graph.string(2, "emotij");
        for (byte[] t : c.initializers) graph.bytes(5, t);
        for (byte[] i : c.graphInputs) graph.bytes(11, i);
        for (byte[] o : graphOutputs) graph.bytes(12, o);
        Pb model = new Pb().int64(1, IR_VERSION).string(2, "emotij").bytes(7, graph.toByteArray())
                .bytes(8, new Pb().string(1, "").int64(2, OPSET).toByteArray());
        return new Converted(model.toByteArray(), in.getKey());
    }

    /** The converted value of a TensorFlow tensor reference ({@code node} or {@code node:port}), converting its node. */
    private Value value(String ref) throws IOException {
        String name = nodeName(ref);
        if (ref.contains(":") && !ref.endsWith(":0")) {
            throw new UnsupportedGraphException("output " + ref + " of a node with several outputs");
        }
        Value v = values.get(name);
        if (v != null) return v;
        NodeDef node = nodes.get(name);
        if (node == null) throw new IOException("the graph has no node '" + name + "'");
        v = convertNode(node);
        values.put(name, v);
        return v;
    }

    private List<Value> inputs(NodeDef node) throws IOException {
        List<Value> in = new ArrayList<>();
        for (String ref : node.getInputList()) {
            if (!ref.startsWith("^")) in.add(value(ref));
        }
        return in;
    }

    private Value convertNode(NodeDef n) throws IOException {
        String op = n.getOp();
        if (op.equals("Const")) {
            TensorProto t = n.getAttrOrThrow("value").getTensor();
            return new Value(null, TfConstants.shape(t).length, false, t);
        }
        if (op.equals("Placeholder")) return placeholder(n);
        if (op.equals("Maximum")) {
            Value clip = clip(n);
            if (clip != null) return clip;
        }
        List<Value> in = inputs(n);
        String out = out(n);
        switch (op) {
            case "Identity":
                return in.get(0);
            case "Conv2D":
            case "DepthwiseConv2dNative":
                return convolution(n, in.get(0), in.get(1));
            case "MaxPool":
                return maxPool(n, tensor(in.get(0), n));
            case "BiasAdd":
            case "Add":
            case "AddV2":
                return binary("Add", n, in);
            case "Sub":
                return binary("Sub", n, in);
            case "Mul":
                return binary("Mul", n, in);
            case "Maximum":
                return binary("Max", n, in);
            case "Minimum":
                return binary("Min", n, in);
            case "Relu":
            case "Sigmoid":
            case "Abs": {
                Value x = tensor(in.get(0), n);
                node(op, new String[] {x.name}, out, List.of());
                return new Value(out, x.rank, x.nchw, null);
            }
            case "Square": {
                Value x = tensor(in.get(0), n);
                node("Mul", new String[] {x.name, x.name}, out, List.of());
                return new Value(out, x.rank, x.nchw, null);
            }
            case "Rsqrt": {
                Value x = tensor(in.get(0), n);
                String root = node("Sqrt", new String[] {x.name}, out + "/sqrt", List.of());
                node("Reciprocal", new String[] {root}, out, List.of());
                return new Value(out, x.rank, x.nchw, null);
            }
            case "Mean":
            case "Sum":
                return reduce(n, tensor(in.get(0), n), constant(in.get(1), n));
            case "Reshape":
                return reshape(n, tensor(in.get(0), n), constant(in.get(1), n));
            case "Squeeze":
                return squeeze(n, tensor(in.get(0), n));
            case "ConcatV2":
                return concat(n, in);
            case "MatMul":
                return matMul(n, in.get(0), in.get(1));
            case "Softmax": {
                Value x = nhwc(tensor(in.get(0), n));
                node("Softmax", new String[] {x.name}, out, List.of(attrInt("axis", -1)));
                return new Value(out, x.rank, false, null);
            }
            case "Pad":
                return pad(n, tensor(in.get(0), n), constant(in.get(1), n));
            default:
                throw new UnsupportedGraphException("operation " + op + " (node '" + n.getName() + "')");
        }
    }

    /**
     * {@code Maximum(Minimum(x, hi), lo)} with scalar bounds (Keras' ReLU6, a {@code Relu} before it, as faceres has
     * it 27 times) as one {@code Clip(x, lo, hi)}; null for any other Maximum. ONNX Runtime fuses a Clip into the
     * convolution before it, in its blocked layout, whereas separate Min and Max nodes each left that layout and came
     * back (half of faceres' time went to them and the reordering). A Relu before it is dropped where lo >= 0 does its
     * work. The nodes folded in are converted only if something else reads them.
     */
    private Value clip(NodeDef max) throws IOException {
        Bound lower = scalarBound(max);
        NodeDef min = lower == null ? null : nodes.get(nodeName(lower.tensor));
        if (min == null || !min.getOp().equals("Minimum")) return null;
        Bound upper = scalarBound(min);
        if (upper == null || !(lower.value <= upper.value)) return null;
        String xRef = upper.tensor;
        NodeDef relu = nodes.get(nodeName(xRef));
        if (relu != null && relu.getOp().equals("Relu") && lower.value >= 0) xRef = relu.getInput(0);
        Value x = tensor(value(xRef), max);
        String lo = floatInitializer(out(max) + "/min", new long[0], new float[] {lower.value});
        String hi = floatInitializer(out(max) + "/max", new long[0], new float[] {upper.value});
        node("Clip", new String[] {x.name, lo, hi}, out(max), List.of());
        return new Value(out(max), x.rank, x.nchw, null);
    }

    /** A binary node's one-element constant operand and its other (tensor) operand. */
    private static final class Bound {
        final float value;
        final String tensor;

        Bound(float value, String tensor) {
            this.value = value;
            this.tensor = tensor;
        }
    }

    private Bound scalarBound(NodeDef n) throws IOException {
        List<String> in = new ArrayList<>();
        for (String ref : n.getInputList()) if (!ref.startsWith("^")) in.add(ref);
        if (in.size() != 2) return null;
        for (int c = 0; c < 2; c++) {
            NodeDef k = nodes.get(nodeName(in.get(c)));
            if (k == null || !k.getOp().equals("Const")) continue;
            TensorProto t = k.getAttrOrThrow("value").getTensor();
            if (t.getDtype() != DataType.DT_FLOAT) return null;
            float[] v = TfConstants.floats(t);
            return v.length == 1 ? new Bound(v[0], in.get(1 - c)) : null;
        }
        return null;
    }

    private Value placeholder(NodeDef n) throws IOException {
        String key = inputKeys.get(n.getName());
        if (key == null) throw new UnsupportedGraphException("placeholder '" + n.getName() + "' is not the signature's input");
        if (n.getAttrOrThrow("dtype").getType() != DataType.DT_FLOAT) {
            throw new UnsupportedGraphException("input '" + key + "' is not float");
        }
        List<Long> dims = new ArrayList<>();
        n.getAttrOrThrow("shape").getShape().getDimList().forEach(d -> dims.add(d.getSize()));
        if (dims.size() != 4) throw new UnsupportedGraphException("input '" + key + "' is not an NHWC image");
        // batch and image size free (the backbones run at several sizes), channels as declared
        graphInputs.add(valueInfo(key, new Object[] {"batch", "height", "width", dims.get(3)}));
        return new Value(transpose(key, TO_NCHW), 4, true, null);
    }

    private Value convolution(NodeDef n, Value x, Value w) throws IOException {
        x = tensor(x, n);
        requireNchw(x, n);
        requireNhwcFormat(n);
        TensorProto kernel = constant(w, n);
        long[] k = TfConstants.shape(kernel);
        float[] hwio = TfConstants.floats(kernel);
        int kh = (int) k[0], kw = (int) k[1], ci = (int) k[2], co = (int) k[3];
        boolean depthwise = n.getOp().equals("DepthwiseConv2dNative");
        // TensorFlow: [kh, kw, in, out] (depthwise: [kh, kw, channels, multiplier]); ONNX: [out, in / group, kh, kw]
        int outChannels = depthwise ? ci * co : co;
        int inPerGroup = depthwise ? 1 : ci;
        float[] oihw = new float[hwio.length];
        for (int y = 0; y < kh; y++) {
            for (int xx = 0; xx < kw; xx++) {
                for (int i = 0; i < ci; i++) {
                    for (int o = 0; o < co; o++) {
                        float v = hwio[((y * kw + xx) * ci + i) * co + o];
                        int out = depthwise ? i * co + o : o;
                        int inIdx = depthwise ? 0 : i;
                        oihw[((out * inPerGroup + inIdx) * kh + y) * kw + xx] = v;
                    }
                }
            }
        }
        String weights = floatInitializer(out(n) + "/weights", new long[] {outChannels, inPerGroup, kh, kw}, oihw);
        List<byte[]> attrs = new ArrayList<>();
        attrs.add(attrInts("kernel_shape", kh, kw));
        attrs.add(attrInts("strides", spatial(n, "strides")));
        if (n.containsAttr("dilations")) attrs.add(attrInts("dilations", spatial(n, "dilations")));
        attrs.add(attrString("auto_pad", autoPad(n)));
        if (depthwise) attrs.add(attrInt("group", ci));
        node("Conv", new String[] {x.name, weights}, out(n), attrs);
        return new Value(out(n), 4, true, null);
    }

    private Value maxPool(NodeDef n, Value x) throws IOException {
        requireNchw(x, n);
        requireNhwcFormat(n);
        int channels = channels(n.getInput(0));
        boolean offBlock = channels > 0 && channels % BLOCK_CHANNELS != 0;
        String pooled = node("MaxPool", new String[] {x.name}, offBlock ? out(n) + "/pooled" : out(n),
                List.of(attrInts("kernel_shape", spatial(n, "ksize")), attrInts("strides", spatial(n, "strides")),
                        attrString("auto_pad", autoPad(n))));
        // ONNX Runtime pools in its blocked layout only whole blocks of channels: after BlazeFace's first
        // stride-2 block (24 channels) every later block left that layout for its residual Add and came back (2 of
        // its 7.7 ms a window). An identity 1x1 convolution (exact: x * 1 + 0) takes the pooled tensor back into it.
        if (offBlock) channelEmbedding(pooled, channels, 0, 0, out(n));
        return new Value(out(n), 4, true, null);
    }

    /**
     * Channel blocks of ONNX Runtime's blocked (NCHWc) layout with AVX-512: 16 (8 with AVX2, which divides 16).
     */
    private static final int BLOCK_CHANNELS = 16;

    /**
     * A 1x1 convolution that copies the {@code channels} of {@code input} to channels {@code before ..} of an
     * output of {@code before + channels + after}, the others 0: the identity where both are 0, a zero padding of
     * the channel axis otherwise. Exact (each output is one input times 1, plus zeros).
     */
    private void channelEmbedding(String input, int channels, int before, int after, String output) {
        int outChannels = before + channels + after;
        float[] w = new float[outChannels * channels];
        for (int c = 0; c < channels; c++) w[(before + c) * channels + c] = 1f;
        String weights = floatInitializer(output + "/embedding", new long[] {outChannels, channels, 1, 1}, w);
        node("Conv", new String[] {input, weights}, output, List.of(attrInts("kernel_shape", 1, 1)));
    }

    /**
     * Channels of a TensorFlow NHWC tensor, traced back through channel-preserving operations to a convolution, a
     * channel padding or the input; -1 where unknown.
     */
    private int channels(String ref) throws IOException {
        NodeDef n = nodes.get(nodeName(ref));
        if (n == null) return -1;
        switch (n.getOp()) {
            case "Conv2D":
            case "DepthwiseConv2dNative": {
                NodeDef k = nodes.get(nodeName(n.getInput(1)));
                if (k == null || !k.getOp().equals("Const")) return -1;
                long[] d = TfConstants.shape(k.getAttrOrThrow("value").getTensor());
                return (int) (n.getOp().equals("Conv2D") ? d[3] : d[2] * d[3]);
            }
            case "Placeholder": {
                List<TensorShapeProto.Dim> d = n.getAttrOrThrow("shape").getShape().getDimList();
                return d.size() == 4 ? (int) d.get(3).getSize() : -1;
            }
            case "Pad": {
                NodeDef p = nodes.get(nodeName(n.getInput(1)));
                if (p == null || !p.getOp().equals("Const")) return -1;
                int[] pads = TfConstants.ints(p.getAttrOrThrow("value").getTensor());
                int c = channels(n.getInput(0));
                return c < 0 || pads.length != 8 ? -1 : c + pads[6] + pads[7];
            }
            case "Identity":
            case "MaxPool":
            case "Relu":
            case "Sigmoid":
            case "Abs":
            case "BiasAdd":
                return channels(n.getInput(0));
            case "Add":
            case "AddV2":
            case "Sub":
            case "Mul":
            case "Maximum":
            case "Minimum":
                for (String in : n.getInputList()) {
                    NodeDef i = nodes.get(nodeName(in));
                    if (i != null && !i.getOp().equals("Const")) return channels(in);
                }
                return -1;
            default:
                return -1;
        }
    }

    /** An element-wise operation with broadcasting; a constant beside an NCHW tensor is laid out to match it. */
    private Value binary(String onnxOp, NodeDef n, List<Value> in) throws IOException {
        if (in.size() != 2) throw new UnsupportedGraphException(n.getOp() + " with " + in.size() + " inputs ('" + n.getName() + "')");
        Value a = in.get(0), b = in.get(1);
        if (a.constant != null && b.constant != null) throw new UnsupportedGraphException("constant arithmetic ('" + n.getName() + "')");
        boolean nchw = (a.constant == null && a.nchw) || (b.constant == null && b.nchw);
        String an = operand(a, nchw, n), bn = operand(b, nchw, n);
        int rank = Math.max(a.rank, b.rank);
        if (nchw && rank != 4) throw new UnsupportedGraphException("broadcast of a 4-D tensor to rank " + rank + " ('" + n.getName() + "')");
        if (!nchw && a.constant == null && b.constant == null && a.rank != b.rank) {
            throw new UnsupportedGraphException("broadcast between ranks " + a.rank + " and " + b.rank + " ('" + n.getName() + "')");
        }
        node(onnxOp, new String[] {an, bn}, out(n), List.of());
        return new Value(out(n), rank, nchw, null);
    }

    private String operand(Value v, boolean nchw, NodeDef n) throws IOException {
        if (v.constant == null) {
            if (nchw && !v.nchw) throw new UnsupportedGraphException("mixed layouts in '" + n.getName() + "'");
            return v.name;
        }
        long[] dims = TfConstants.shape(v.constant);
        float[] data = TfConstants.floats(v.constant);
        String name = out(n) + "/" + (unique++);
        if (!nchw) return floatInitializer(name, dims, data);
        if (data.length == 1) return floatInitializer(name, new long[0], data);
        if (dims.length == 1) return floatInitializer(name, new long[] {dims[0], 1, 1}, data);
        if (dims.length == 4) return floatInitializer(name, new long[] {dims[0], dims[3], dims[1], dims[2]}, nhwcToNchw(data, dims));
        throw new UnsupportedGraphException("a constant of rank " + dims.length + " beside an image tensor ('" + n.getName() + "')");
    }

    private Value reduce(NodeDef n, Value x, TensorProto axesConst) throws IOException {
        int[] axes = TfConstants.ints(axesConst);
        boolean keep = n.containsAttr("keep_dims") && n.getAttrOrThrow("keep_dims").getB();
        long[] onnxAxes = new long[axes.length];
        boolean[] reduced = new boolean[x.rank];
        for (int i = 0; i < axes.length; i++) {
            int a = axes[i] < 0 ? axes[i] + x.rank : axes[i];
            reduced[a] = true;
            onnxAxes[i] = x.nchw ? TO_NCHW_AXIS[a] : a;
        }
        boolean nchwOut = x.nchw && keep;
        if (x.nchw && !keep && !reduced[3] && reduced[1] != reduced[2]) {
            // NCHW minus one spatial axis is not NHWC minus it: go back to NHWC first
            x = nhwc(x);
            for (int i = 0; i < axes.length; i++) onnxAxes[i] = axes[i] < 0 ? axes[i] + 4 : axes[i];
        }
        int rank = keep ? x.rank : x.rank - axes.length;
        if (n.getOp().equals("Mean")) {
            node("ReduceMean", new String[] {x.name}, out(n), List.of(attrInts("axes", onnxAxes), attrInt("keepdims", keep ? 1 : 0)));
        } else {
            String axesName = int64Initializer(out(n) + "/axes", new long[] {onnxAxes.length}, onnxAxes);
            node("ReduceSum", new String[] {x.name, axesName}, out(n), List.of(attrInt("keepdims", keep ? 1 : 0)));
        }
        return new Value(out(n), rank, nchwOut, null);
    }

    /** TensorFlow's NHWC axis -> the same axis of the NCHW tensor. */
    private static final int[] TO_NCHW_AXIS = {0, 2, 3, 1};

    /**
     * A reshape; one of an image's feature map into rows of values ({@code [-1, anchors, values]}, as BlazeFace's heads
     * do) keeps the batch axis ({@code [0, -1, values]}: ONNX's 0 copies the input's size), so that the number of rows
     * follows the input's size. For the size the graph was made for, it is the same shape; other sizes (a 288x256
     * view of a movie frame) would otherwise fail. A reshape that folded the batch into the rows is not an image's.
     */
    private Value reshape(NodeDef n, Value x, TensorProto shapeConst) throws IOException {
        x = nhwc(x);
        int[] shape = TfConstants.ints(shapeConst);
        long[] s = new long[shape.length];
        for (int i = 0; i < s.length; i++) s[i] = shape[i];
        if (x.rank == 4 && s.length == 3 && s[0] == -1 && s[1] > 0 && s[2] > 0) {
            s[0] = 0;
            s[1] = -1;
        }
        String shapeName = int64Initializer(out(n) + "/shape", new long[] {s.length}, s);
        node("Reshape", new String[] {x.name, shapeName}, out(n), List.of());
        return new Value(out(n), s.length, false, null);
    }

    private Value squeeze(NodeDef n, Value x) throws IOException {
        x = nhwc(x);
        List<Long> dims = n.containsAttr("squeeze_dims") ? n.getAttrOrThrow("squeeze_dims").getList().getIList() : List.of();
        if (dims.isEmpty()) throw new UnsupportedGraphException("Squeeze of every unit axis ('" + n.getName() + "')");
        long[] axes = dims.stream().mapToLong(Long::longValue).toArray();
        String axesName = int64Initializer(out(n) + "/axes", new long[] {axes.length}, axes);
        node("Squeeze", new String[] {x.name, axesName}, out(n), List.of());
        return new Value(out(n), x.rank - axes.length, false, null);
    }

    private Value concat(NodeDef n, List<Value> in) throws IOException {
        int axis = TfConstants.ints(constant(in.get(in.size() - 1), n))[0];
        List<Value> parts = new ArrayList<>();
        boolean allNchw = true;
        for (Value v : in.subList(0, in.size() - 1)) {
            Value t = tensor(v, n);
            parts.add(t);
            allNchw &= t.nchw;
        }
        int rank = parts.get(0).rank;
        if (axis < 0) axis += rank;
        String[] names = new String[parts.size()];
        for (int i = 0; i < names.length; i++) names[i] = allNchw ? parts.get(i).name : nhwc(parts.get(i)).name;
        long onnxAxis = allNchw ? TO_NCHW_AXIS[axis] : axis;
        node("Concat", names, out(n), List.of(attrInt("axis", onnxAxis)));
        return new Value(out(n), rank, allNchw, null);
    }

    private Value matMul(NodeDef n, Value a, Value b) throws IOException {
        boolean ta = n.containsAttr("transpose_a") && n.getAttrOrThrow("transpose_a").getB();
        boolean tb = n.containsAttr("transpose_b") && n.getAttrOrThrow("transpose_b").getB();
        a = nhwc(tensor(a, n));
        String an = ta ? transpose(a.name, new long[] {1, 0}) : a.name;
        String bn;
        if (b.constant != null) {
            long[] d = TfConstants.shape(b.constant);
            float[] w = TfConstants.floats(b.constant);
            if (tb) {
                float[] t = new float[w.length];
                for (int i = 0; i < d[0]; i++) for (int j = 0; j < d[1]; j++) t[(int) (j * d[0] + i)] = w[(int) (i * d[1] + j)];
                w = t;
                d = new long[] {d[1], d[0]};
            }
            bn = floatInitializer(out(n) + "/weights", d, w);
        } else {
            Value bv = nhwc(b);
            bn = tb ? transpose(bv.name, new long[] {1, 0}) : bv.name;
        }
        node("MatMul", new String[] {an, bn}, out(n), List.of());
        return new Value(out(n), 2, false, null);
    }

    private Value pad(NodeDef n, Value x, TensorProto paddings) throws IOException {
        int[] p = TfConstants.ints(paddings);
        int channels = x.nchw && p.length == 8 && p[0] == 0 && p[1] == 0 && p[2] == 0 && p[3] == 0 && p[4] == 0 && p[5] == 0
                ? channels(n.getInput(0)) : -1;
        if (channels > 0) {
            // zeros added to the channel axis (BlazeFace's residual path into a wider block) as a 1x1 convolution:
            // ONNX Runtime keeps a convolution in its blocked layout and fuses the Add after it, a Pad leaves it
            channelEmbedding(x.name, channels, p[6], p[7], out(n));
            return new Value(out(n), 4, true, null);
        }
        int rank = p.length / 2;
        long[] pads = new long[2 * rank];
        for (int axis = 0; axis < rank; axis++) {
            int to = x.nchw ? TO_NCHW_AXIS[axis] : axis;
            pads[to] = p[2 * axis];
            pads[rank + to] = p[2 * axis + 1];
        }
        String padsName = int64Initializer(out(n) + "/pads", new long[] {pads.length}, pads);
        node("Pad", new String[] {x.name, padsName}, out(n), List.of(attrString("mode", "constant")));
        return new Value(out(n), x.rank, x.nchw, null);
    }

    // --- layout helpers

    private Value nhwc(Value v) {
        if (!v.nchw) return v;
        return new Value(transpose(v.name, TO_NHWC), 4, false, null);
    }

    private String transpose(String input, long[] perm) {
        return node("Transpose", new String[] {input}, input + "/transposed" + (unique++), List.of(attrInts("perm", perm)));
    }

    private static float[] nhwcToNchw(float[] data, long[] dims) {
        int nn = (int) dims[0], h = (int) dims[1], w = (int) dims[2], c = (int) dims[3];
        float[] out = new float[data.length];
        for (int b = 0; b < nn; b++)
            for (int y = 0; y < h; y++)
                for (int x = 0; x < w; x++)
                    for (int ch = 0; ch < c; ch++) out[((b * c + ch) * h + y) * w + x] = data[((b * h + y) * w + x) * c + ch];
        return out;
    }

    private static Value tensor(Value v, NodeDef n) throws IOException {
        if (v.constant != null) throw new UnsupportedGraphException("a constant as the data of '" + n.getName() + "' (" + n.getOp() + ")");
        return v;
    }

    private static TensorProto constant(Value v, NodeDef n) throws IOException {
        if (v.constant == null) throw new UnsupportedGraphException("a computed parameter of '" + n.getName() + "' (" + n.getOp() + ")");
        return v.constant;
    }

    private static void requireNchw(Value x, NodeDef n) throws IOException {
        if (!x.nchw) throw new UnsupportedGraphException(n.getOp() + " on a tensor that is not an image ('" + n.getName() + "')");
    }

    private static void requireNhwcFormat(NodeDef n) throws IOException {
        if (n.containsAttr("data_format") && !n.getAttrOrThrow("data_format").getS().toStringUtf8().equals("NHWC")) {
            throw new UnsupportedGraphException("data format " + n.getAttrOrThrow("data_format").getS().toStringUtf8() + " ('" + n.getName() + "')");
        }
    }

    /** The H and W entries of an NHWC attribute list (strides, dilations, ksize). */
    private static long[] spatial(NodeDef n, String attr) throws IOException {
        List<Long> v = n.getAttrOrThrow(attr).getList().getIList();
        if (v.size() != 4 || v.get(0) != 1 || v.get(3) != 1) throw new UnsupportedGraphException(attr + " " + v + " of '" + n.getName() + "'");
        return new long[] {v.get(1), v.get(2)};
    }

    /** TensorFlow's SAME pads the extra pixel at the end, as ONNX's SAME_UPPER does. */
    private static String autoPad(NodeDef n) throws IOException {
        String padding = n.getAttrOrThrow("padding").getS().toStringUtf8();
        switch (padding) {
            case "SAME": return "SAME_UPPER";
            case "VALID": return "VALID";
            default: throw new UnsupportedGraphException("padding " + padding + " of '" + n.getName() + "'");
        }
    }

    /** The ONNX name of a node's output: prefixed, so that it never meets a signature key used as an output name. */
    private static String out(NodeDef n) {
        return "tf:" + n.getName();
    }

    private static String nodeName(String ref) {
        String s = ref.startsWith("^") ? ref.substring(1) : ref;
        int colon = s.indexOf(':');
        return colon >= 0 ? s.substring(0, colon) : s;
    }

    // --- ONNX messages (onnx.proto field numbers)

    private String node(String op, String[] inputs, String output, List<byte[]> attributes) {
        Pb node = new Pb();
        for (String i : inputs) node.string(1, i);
        node.string(2, output).string(3, output).string(4, op);
        for (byte[] a : attributes) node.bytes(5, a);
        onnxNodes.add(node.toByteArray());
        return output;
    }

    private String floatInitializer(String name, long[] dims, float[] data) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float f : data) b.putFloat(f);
        return initializer(name, dims, FLOAT, b.array());
    }

    private String int64Initializer(String name, long[] dims, long[] data) {
        ByteBuffer b = ByteBuffer.allocate(data.length * 8).order(ByteOrder.LITTLE_ENDIAN);
        for (long v : data) b.putLong(v);
        return initializer(name, dims, INT64, b.array());
    }

    private String initializer(String name, long[] dims, int type, byte[] raw) {
        Pb t = new Pb();
        for (long d : dims) t.int64(1, d);
        t.int64(2, type).string(8, name).bytes(9, raw);
        initializers.add(t.toByteArray());
        return name;
    }

    /** A float tensor's ValueInfoProto; {@code dims} of Long (fixed) or String (named, free), or null for no shape. */
    private byte[] valueInfo(String name, Object[] dims) {
        Pb tensorType = new Pb().int64(1, FLOAT);
        if (dims != null) {
            Pb shape = new Pb();
            for (Object d : dims) {
                shape.bytes(1, d instanceof Long && (Long) d > 0 ? new Pb().int64(1, (Long) d).toByteArray()
                        : new Pb().string(2, d instanceof String ? (String) d : "d" + (unique++)).toByteArray());
            }
            tensorType.bytes(2, shape.toByteArray());
        }
        return new Pb().string(1, name).bytes(2, new Pb().bytes(1, tensorType.toByteArray()).toByteArray()).toByteArray();
    }

    private static byte[] attrInt(String name, long v) {
        return new Pb().string(1, name).int64(20, 2).int64(3, v).toByteArray();
    }

    private static byte[] attrInts(String name, long... v) {
        Pb a = new Pb().string(1, name).int64(20, 7);
        for (long x : v) a.int64(8, x);
        return a.toByteArray();
    }

    private static byte[] attrString(String name, String v) {
        return new Pb().string(1, name).int64(20, 3).string(4, v).toByteArray();
    }

    /** A protobuf message written field by field. */
    private static final class Pb {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private final CodedOutputStream out = CodedOutputStream.newInstance(bytes);

        Pb int64(int field, long v) {
            return write(() -> out.writeInt64(field, v));
        }

        Pb string(int field, String v) {
            return write(() -> out.writeString(field, v));
        }

        Pb bytes(int field, byte[] v) {
            return write(() -> out.writeByteArray(field, v));
        }

        byte[] toByteArray() {
            write(out::flush);
            return bytes.toByteArray();
        }

        private interface Write {
            void run() throws IOException;
        }

        private Pb write(Write w) {
            try {
                w.run();
            } catch (IOException e) {
                throw new IllegalStateException("writing to memory failed", e);
            }
            return this;
        }
    }
}
