package emotij.featurehead;

import java.util.List;

/**
 * The head of a frozen-mode classifier in plain Java: standardisation of the features, then dense layers (ReLU
 * between them), then softmax. Dropout is the identity at inference, so it has no layer here. Immutable.
 */
public final class DenseHead {

    /** One dense layer: {@code out x in} weights, row-major (DJL's {@code Linear} layout), and a bias per output. */
    public static final class Layer {
        final int in;
        final int out;
        final float[] weight;
        /**
         * A row of weights per input, each its own array: a layer adds whole rows, a loop the JIT vectorises only
         * when both arrays are read at the same index (at an offset into one long array it ran 4x slower).
         */
        final float[][] byInput;
        final float[] bias;

        public Layer(int in, int out, float[] weight, float[] bias) {
            if (weight.length != in * out || bias.length != out) {
                throw new IllegalArgumentException("a dense layer of " + in + " -> " + out + " needs " + in * out
                        + " weights and " + out + " biases, has " + weight.length + " and " + bias.length);
            }
            this.in = in;
            this.out = out;
            this.weight = weight;
            this.bias = bias;
            this.byInput = new float[in][out];
            for (int o = 0; o < out; o++) for (int i = 0; i < in; i++) byInput[i][o] = weight[o * in + i];
        }

        public int inputs() {
            return in;
        }

        public int outputs() {
            return out;
        }

        public float[] weight() {
            return weight.clone();
        }

        public float[] bias() {
            return bias.clone();
        }
    }

    private final float[] mean;
    private final float[] std;
    private final List<Layer> layers;

    public DenseHead(float[] mean, float[] std, List<Layer> layers) {
        if (layers.isEmpty()) throw new IllegalArgumentException("a head needs at least one layer");
        if (mean.length != std.length || mean.length != layers.get(0).in) {
            throw new IllegalArgumentException("the head takes " + layers.get(0).in + " features, its standardisation "
                    + mean.length + " and " + std.length);
        }
        for (int i = 1; i < layers.size(); i++) {
            if (layers.get(i).in != layers.get(i - 1).out) {
                throw new IllegalArgumentException("layer " + (i + 1) + " takes " + layers.get(i).in + " inputs, layer "
                        + i + " gives " + layers.get(i - 1).out);
            }
        }
        this.mean = mean.clone();
        this.std = std.clone();
        this.layers = List.copyOf(layers);
    }

    /** Number of features the head takes. */
    public int inputs() {
        return mean.length;
    }

    /** Number of classes it scores. */
    public int outputs() {
        return layers.get(layers.size() - 1).out;
    }

    /** Class probabilities of one feature vector. */
    public float[] probabilities(float[] features) {
        if (features.length != mean.length) {
            throw new IllegalArgumentException("the head takes " + mean.length + " features, got " + features.length);
        }
        float[] x = new float[features.length];
        for (int k = 0; k < x.length; k++) x[k] = (features[k] - mean[k]) / std[k];
        for (int l = 0; l < layers.size(); l++) {
            x = dense(layers.get(l), x);
            if (l < layers.size() - 1) for (int k = 0; k < x.length; k++) x[k] = Math.max(0f, x[k]);
        }
        return softmax(x);
    }

    /**
     * {@code bias + W x} in float (as PyTorch computes it, to rounding), by adding each input's row of weights to all
     * outputs: the JIT vectorises that loop, not a sum per output (6x slower).
     */
    private static float[] dense(Layer layer, float[] x) {
        float[] y = layer.bias.clone();
        for (int i = 0; i < layer.in; i++) {
            float xi = x[i];
            if (xi == 0) continue;  // after a ReLU, about half the inputs
            float[] w = layer.byInput[i];
            for (int o = 0; o < y.length; o++) y[o] += xi * w[o];
        }
        return y;
    }

    private static float[] softmax(float[] z) {
        float max = Float.NEGATIVE_INFINITY;
        for (float v : z) max = Math.max(max, v);
        double sum = 0;
        float[] p = new float[z.length];
        for (int k = 0; k < z.length; k++) {
            p[k] = (float) Math.exp(z[k] - max);
            sum += p[k];
        }
        for (int k = 0; k < z.length; k++) p[k] /= sum;
        return p;
    }

    public float[] mean() {
        return mean.clone();
    }

    public float[] std() {
        return std.clone();
    }

    public List<Layer> layers() {
        return layers;
    }
}
