package emotij.classify;

import emotij.engine.TfModel;
import emotij.image.Sampler;

import java.util.List;

/** The shipped FER-2013 mini-Xception network: 64x64 gray input, (value - 0.5) * 2, 7 softmax outputs. */
public final class FerNetwork implements ExpressionNetwork {

    public static final int INPUT_SIZE = 64;
    static final String OUTPUT = "probabilities";
    private final TfModel model;

    public FerNetwork(TfModel model) {
        this.model = model;
    }

    /** The shipped net ({@code models/emotion}), loaded; the caller closes it. */
    public static FerNetwork loadShipped() throws java.io.IOException {
        return new FerNetwork(TfModel.load(emotij.model.ModelStore.locate(emotij.model.ModelStore.EXPRESSION)));
    }

    @Override
    public float[][] probabilities(List<FaceView> views) {
        int per = INPUT_SIZE * INPUT_SIZE;
        float[] batch = new float[views.size() * per];
        for (int i = 0; i < views.size(); i++) views.get(i).sample(INPUT_SIZE, Sampler.Output.GRAY, 2f, -1f, batch, i * per);
        float[] probs = model.run(batch, views.size(), INPUT_SIZE, INPUT_SIZE, 1).get(OUTPUT);
        int classes = Emotion.values().length;
        float[][] out = new float[views.size()][classes];
        for (int i = 0; i < views.size(); i++) System.arraycopy(probs, i * classes, out[i], 0, classes);
        return out;
    }

    @Override
    public String description() {
        return "built-in FER-2013 mini-Xception";
    }

    @Override
    public void close() {
        model.close();
    }
}
