package emotij.convert;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import com.google.protobuf.ByteString;
import com.google.protobuf.util.JsonFormat;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns a TensorFlow.js graph model ({@code model.json} + weight shards) into a TensorFlow {@link GraphDef} that
 * TensorFlow 2.16 (the native library DJL uses here) loads and runs.
 *
 * <p>What has to change, and why:
 * <ul>
 *   <li>Weights live outside the graph, back to back in the shards in manifest order; each belongs in its
 *       {@code Const} node. Some are float16- or uint8-quantized and are dequantized here.</li>
 *   <li>{@code FusedDepthwiseConv2dNative} exists only in TensorFlow.js, and TensorFlow rejects TF.js's
 *       {@code _FusedConv2D}/{@code _FusedMatMul} (no {@code TArgs}): all are expanded into the plain op,
 *       {@code BiasAdd} and the activation; TensorFlow's optimiser fuses them again at run time.</li>
 *   <li>Optionally a batch size baked into the graph (a Placeholder and Reshape shapes of 1) is freed to -1.</li>
 * </ul>
 */
public final class TfjsGraphConverter {

    private TfjsGraphConverter() {
    }

    /** A TF.js model as read from its files: the {@code model.json} text and a reader for its shard files. */
    public interface ShardReader {
        byte[] read(String shardPath) throws IOException;
    }

    /**
     * Converts a TF.js graph model.
     *
     * @param modelJson      the text of the TF.js {@code model.json}
     * @param shards         reads the weight shard files named in the manifest
     * @param freeBatchSize  rewrite a batch dimension of 1 baked into the graph to -1
     */
    public static GraphDef convert(String modelJson, ShardReader shards, boolean freeBatchSize) throws IOException {
        JsonObject root = JsonParser.parseString(modelJson).getAsJsonObject();
        if (!"graph-model".equals(stringOrNull(root, "format"))) {
            throw new IOException("not a TensorFlow.js graph model (format is '" + stringOrNull(root, "format") + "')");
        }
        GraphDef.Builder graph = GraphDef.newBuilder();
        JsonFormat.parser().ignoringUnknownFields().merge(root.get("modelTopology").toString(), graph);

        Map<String, TensorProto> weights = readWeights(root.getAsJsonArray("weightsManifest"), shards);
        List<NodeDef> nodes = new ArrayList<>();
        for (NodeDef node : graph.getNodeList()) {
            NodeDef withWeights = node;
            if (node.getOp().equals("Const") && weights.containsKey(node.getName())) {
                withWeights = fillConst(node, weights.get(node.getName()));
            }
            nodes.addAll(expandFusedOp(withWeights));
        }
        if (freeBatchSize) {
            nodes = freeBatchDimension(nodes);
        }
        graph.clearNode().addAllNode(nodes);
        // TF.js leaves these empty; TensorFlow wants a producer version for its graph compatibility checks
        graph.getVersionsBuilder().setProducer(1205).setMinConsumer(12);
        return graph.build();
    }

    private static String stringOrNull(JsonObject o, String key) {
        JsonElement e = o.get(key);
        return e == null || e.isJsonNull() ? null : e.getAsString();
    }

    private static Map<String, TensorProto> readWeights(JsonArray manifest, ShardReader shards) throws IOException {
        Map<String, TensorProto> tensors = new HashMap<>();
        for (JsonElement groupElement : manifest) {
            JsonObject group = groupElement.getAsJsonObject();
            java.io.ByteArrayOutputStream joined = new java.io.ByteArrayOutputStream();
            for (JsonElement p : group.getAsJsonArray("paths")) {
                joined.write(shards.read(p.getAsString()));
            }
            ByteBuffer data = ByteBuffer.wrap(joined.toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            for (JsonElement w : group.getAsJsonArray("weights")) {
                JsonObject weight = w.getAsJsonObject();
                tensors.put(weight.get("name").getAsString(), readWeight(weight, data));
            }
            if (data.hasRemaining()) {
                throw new IOException("weight shards hold " + data.remaining() + " bytes more than the manifest names");
            }
        }
        return tensors;
    }

    private static TensorProto readWeight(JsonObject weight, ByteBuffer data) throws IOException {
        String name = weight.get("name").getAsString();
        long[] shape = new long[weight.getAsJsonArray("shape").size()];
        long count = 1;
        for (int i = 0; i < shape.length; i++) {
            shape[i] = weight.getAsJsonArray("shape").get(i).getAsLong();
            count *= shape[i];
        }
        String dtype = weight.get("dtype").getAsString();
        JsonObject quantization = weight.has("quantization") ? weight.getAsJsonObject("quantization") : null;
        ByteBuffer values = ByteBuffer.allocate(Math.toIntExact(count * 4)).order(ByteOrder.LITTLE_ENDIAN);
        if (quantization == null) {
            int bytes = Math.toIntExact(count * 4);
            if (data.remaining() < bytes) {
                throw new IOException("weight shards end before weight '" + name + "'");
            }
            for (int i = 0; i < count; i++) {
                values.putInt(data.getInt());
            }
        } else {
            String storedAs = quantization.get("dtype").getAsString();
            if (storedAs.equals("float16")) {
                for (int i = 0; i < count; i++) {
                    values.putFloat(halfToFloat(data.getShort()));
                }
            } else if (storedAs.equals("uint8") || storedAs.equals("uint16")) {
                float scale = quantization.get("scale").getAsFloat();
                float min = quantization.get("min").getAsFloat();
                for (int i = 0; i < count; i++) {
                    int q = storedAs.equals("uint8") ? Byte.toUnsignedInt(data.get()) : Short.toUnsignedInt(data.getShort());
                    values.putFloat(q * scale + min);
                }
            } else {
                throw new IOException("weight '" + name + "' uses an unknown quantization: " + storedAs);
            }
        }
        DataType type;
        switch (dtype) {
            case "float32": type = DataType.DT_FLOAT; break;
            case "int32": type = DataType.DT_INT32; break;
            default: throw new IOException("weight '" + name + "' has an unsupported dtype: " + dtype);
        }
        if (type == DataType.DT_INT32 && quantization != null) {
            // quantized int weights were dequantized as floats above: store them back as ints
            values.flip();
            ByteBuffer ints = ByteBuffer.allocate(values.capacity()).order(ByteOrder.LITTLE_ENDIAN);
            while (values.hasRemaining()) ints.putInt(Math.round(values.getFloat()));
            values = ints;
        }
        TensorShapeProto.Builder shapeProto = TensorShapeProto.newBuilder();
        for (long d : shape) shapeProto.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        return TensorProto.newBuilder()
                .setDtype(type)
                .setTensorShape(shapeProto)
                .setTensorContent(ByteString.copyFrom(values.array()))
                .build();
    }

    /** IEEE 754 half precision to float (Float.float16ToFloat needs Java 20; this plugin runs on Java 11). */
    static float halfToFloat(short half) {
        int h = half & 0xffff;
        int sign = (h & 0x8000) << 16;
        int exponent = (h >>> 10) & 0x1f;
        int mantissa = h & 0x3ff;
        if (exponent == 0x1f) {
            return Float.intBitsToFloat(sign | 0x7f800000 | (mantissa << 13));
        }
        if (exponent == 0) {
            float subnormal = mantissa * 0x1p-24f;
            return sign == 0 ? subnormal : -subnormal;
        }
        return Float.intBitsToFloat(sign | ((exponent + 112) << 23) | (mantissa << 13));
    }

    private static NodeDef fillConst(NodeDef node, TensorProto tensor) {
        DataType declared = node.getAttrOrDefault("dtype", AttrValue.getDefaultInstance()).getType();
        TensorProto value = tensor;
        if (declared == DataType.DT_DOUBLE && tensor.getDtype() == DataType.DT_FLOAT) {
            // TF.js stores double constants as float32
            ByteBuffer in = tensor.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            ByteBuffer out = ByteBuffer.allocate(in.remaining() * 2).order(ByteOrder.LITTLE_ENDIAN);
            while (in.hasRemaining()) out.putDouble(in.getFloat());
            value = tensor.toBuilder().setDtype(DataType.DT_DOUBLE).setTensorContent(ByteString.copyFrom(out.array())).build();
        }
        return node.toBuilder()
                .putAttr("value", AttrValue.newBuilder().setTensor(value).build())
                .putAttr("dtype", AttrValue.newBuilder().setType(value.getDtype()).build())
                .build();
    }

    /** Expands TF.js-only fused ops into plain TensorFlow ops; other nodes pass through. */
    static List<NodeDef> expandFusedOp(NodeDef node) throws IOException {
        String plainOp;
        switch (node.getOp()) {
            case "_FusedConv2D": plainOp = "Conv2D"; break;
            case "FusedDepthwiseConv2dNative": plainOp = "DepthwiseConv2dNative"; break;
            case "_FusedMatMul": plainOp = "MatMul"; break;
            default: return List.of(node);
        }
        List<String> fusedOps = new ArrayList<>();
        for (ByteString s : node.getAttrOrThrow("fused_ops").getList().getSList()) {
            fusedOps.add(s.toString(StandardCharsets.UTF_8));
        }
        if (fusedOps.isEmpty() || !fusedOps.get(0).equals("BiasAdd") || fusedOps.size() > 2) {
            throw new IOException("node '" + node.getName() + "': unsupported fused ops " + fusedOps);
        }
        String name = node.getName();
        NodeDef.Builder plain = node.toBuilder().setOp(plainOp).setName(name + "/plain")
                .clearInput().addInput(node.getInput(0)).addInput(node.getInput(1));
        for (String attr : List.of("fused_ops", "num_args", "epsilon", "leakyrelu_alpha", "TArgs")) {
            plain.removeAttr(attr);
        }
        if (plainOp.equals("DepthwiseConv2dNative")) {
            plain.removeAttr("use_cudnn_on_gpu");
        }
        AttrValue type = node.getAttrOrThrow("T");
        boolean hasActivation = fusedOps.size() == 2;
        NodeDef.Builder bias = NodeDef.newBuilder().setOp("BiasAdd")
                .setName(hasActivation ? name + "/bias" : name)
                .addInput(plain.getName()).addInput(node.getInput(2))
                .putAttr("T", type);
        if (node.containsAttr("data_format")) {
            bias.putAttr("data_format", node.getAttrOrThrow("data_format"));
        }
        List<NodeDef> expanded = new ArrayList<>(List.of(plain.build(), bias.build()));
        if (hasActivation) {
            String activation = fusedOps.get(1);
            if (!List.of("Relu", "Relu6", "Elu", "Sigmoid", "Tanh").contains(activation)) {
                throw new IOException("node '" + name + "': unsupported fused activation " + activation);
            }
            expanded.add(NodeDef.newBuilder().setOp(activation).setName(name)
                    .addInput(bias.getName()).putAttr("T", type).build());
        }
        return expanded;
    }

    /** Rewrites a leading 1 in Placeholder shapes and in the shape constants of Reshape ops to -1. */
    static List<NodeDef> freeBatchDimension(List<NodeDef> nodes) {
        Map<String, NodeDef> byName = new HashMap<>();
        for (NodeDef n : nodes) byName.put(n.getName(), n);
        for (NodeDef n : nodes) {
            if (n.getOp().equals("Reshape")) {
                NodeDef shapeNode = byName.get(n.getInput(1));
                if (shapeNode != null && shapeNode.getOp().equals("Const")) {
                    byName.put(shapeNode.getName(), withFirstShapeValueFreed(shapeNode));
                }
            } else if (n.getOp().equals("Placeholder") && n.containsAttr("shape")) {
                TensorShapeProto shape = n.getAttrOrThrow("shape").getShape();
                if (shape.getDimCount() > 0 && shape.getDim(0).getSize() == 1) {
                    TensorShapeProto freed = shape.toBuilder().setDim(0, TensorShapeProto.Dim.newBuilder().setSize(-1)).build();
                    byName.put(n.getName(), n.toBuilder().putAttr("shape", AttrValue.newBuilder().setShape(freed).build()).build());
                }
            }
        }
        List<NodeDef> out = new ArrayList<>();
        for (NodeDef n : nodes) out.add(byName.get(n.getName()));
        return out;
    }

    private static NodeDef withFirstShapeValueFreed(NodeDef shapeConst) {
        TensorProto t = shapeConst.getAttrOrThrow("value").getTensor();
        if (t.getDtype() != DataType.DT_INT32) return shapeConst;
        TensorProto.Builder b = t.toBuilder();
        if (!t.getTensorContent().isEmpty()) {
            ByteBuffer buf = ByteBuffer.wrap(t.getTensorContent().toByteArray()).order(ByteOrder.LITTLE_ENDIAN);
            if (buf.getInt(0) != 1) return shapeConst;
            buf.putInt(0, -1);
            b.setTensorContent(ByteString.copyFrom(buf.array()));
        } else if (t.getIntValCount() > 0 && t.getIntVal(0) == 1) {
            b.setIntVal(0, -1);
        } else {
            return shapeConst;
        }
        return shapeConst.toBuilder().putAttr("value", AttrValue.newBuilder().setTensor(b).build()).build();
    }
}
