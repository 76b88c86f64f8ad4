package emotij.convert;

import com.google.protobuf.ByteString;
import org.tensorflow.proto.AttrValue;
import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.NodeDef;
import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Adds the few nodes the converted models need beyond the original graphs (joined outputs, pooled features). */
final class GraphEditor {

    private final GraphDef.Builder graph;

    GraphEditor(GraphDef graph) {
        this.graph = graph.toBuilder();
    }

    GraphDef build() {
        return graph.build();
    }

    /** Adds {@code name = concat(inputs, axis)} for float tensors. */
    GraphEditor concat(String name, int axis, String... inputs) {
        String axisName = intConst(name + "/axis", new int[] {axis}, new long[0]);
        NodeDef.Builder n = NodeDef.newBuilder().setName(name).setOp("ConcatV2")
                .putAttr("T", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
                .putAttr("N", AttrValue.newBuilder().setI(inputs.length).build())
                .putAttr("Tidx", AttrValue.newBuilder().setType(DataType.DT_INT32).build());
        for (String in : inputs) n.addInput(in);
        n.addInput(axisName);
        graph.addNode(n);
        return this;
    }

    /** Adds {@code name = mean(input, axes [1, 2])}: global average pooling of an NHWC feature map. */
    GraphEditor spatialMean(String name, String input) {
        String axes = intConst(name + "/axes", new int[] {1, 2}, new long[] {2});
        graph.addNode(NodeDef.newBuilder().setName(name).setOp("Mean")
                .addInput(input).addInput(axes)
                .putAttr("T", AttrValue.newBuilder().setType(DataType.DT_FLOAT).build())
                .putAttr("Tidx", AttrValue.newBuilder().setType(DataType.DT_INT32).build())
                .putAttr("keep_dims", AttrValue.newBuilder().setB(false).build()));
        return this;
    }

    private String intConst(String name, int[] values, long[] shape) {
        ByteBuffer buf = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) buf.putInt(v);
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        for (long d : shape) s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        TensorProto t = TensorProto.newBuilder().setDtype(DataType.DT_INT32).setTensorShape(s)
                .setTensorContent(ByteString.copyFrom(buf.array())).build();
        graph.addNode(NodeDef.newBuilder().setName(name).setOp("Const")
                .putAttr("dtype", AttrValue.newBuilder().setType(DataType.DT_INT32).build())
                .putAttr("value", AttrValue.newBuilder().setTensor(t).build()));
        return name;
    }
}
