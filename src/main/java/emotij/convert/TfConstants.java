package emotij.convert;

import org.tensorflow.proto.TensorProto;
import org.tensorflow.proto.TensorShapeProto;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/** Values and shapes of TensorFlow constants ({@code Const} nodes' {@code value}), as the graph rebuilders read them. */
public final class TfConstants {

    private TfConstants() {
    }

    /** The dimensions of {@code t}; empty for a scalar. */
    public static long[] shape(TensorProto t) {
        TensorShapeProto s = t.getTensorShape();
        long[] dims = new long[s.getDimCount()];
        for (int i = 0; i < dims.length; i++) dims[i] = s.getDim(i).getSize();
        return dims;
    }

    /** The values of an int32 constant; a single stored value fills the whole shape, as TensorFlow reads it. */
    public static int[] ints(TensorProto t) {
        int[] v;
        if (!t.getTensorContent().isEmpty()) {
            ByteBuffer b = t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            v = new int[b.remaining() / 4];
            for (int i = 0; i < v.length; i++) v[i] = b.getInt();
            return v;
        }
        v = t.getIntValList().stream().mapToInt(Integer::intValue).toArray();
        int size = (int) count(shape(t));
        if (v.length == 1 && size > 1) {
            int[] filled = new int[size];
            java.util.Arrays.fill(filled, v[0]);
            return filled;
        }
        return v;
    }

    /** The values of a float constant; a single stored value fills the whole shape, as TensorFlow reads it. */
    public static float[] floats(TensorProto t) throws IOException {
        if (!t.getTensorContent().isEmpty()) {
            ByteBuffer b = t.getTensorContent().asReadOnlyByteBuffer().order(ByteOrder.LITTLE_ENDIAN);
            float[] f = new float[b.remaining() / 4];
            for (int i = 0; i < f.length; i++) f[i] = b.getFloat();
            return f;
        }
        if (t.getFloatValCount() > 0) {
            int size = (int) count(shape(t));
            float[] f = new float[Math.max(size, t.getFloatValCount())];
            for (int i = 0; i < f.length; i++) f[i] = t.getFloatVal(Math.min(i, t.getFloatValCount() - 1));
            return f;
        }
        throw new IOException("constant of type " + t.getDtype() + " is not a float tensor");
    }

    static long count(long[] dims) {
        long n = 1;
        for (long d : dims) n *= d;
        return n;
    }
}
