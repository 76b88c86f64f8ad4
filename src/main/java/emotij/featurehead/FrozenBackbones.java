package emotij.featurehead;

import emotij.backbone.Backbone;
import emotij.classify.FaceView;
import emotij.engine.TfModel;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.stream.IntStream;

/**
 * Backbones run as they ship (TensorFlow, no gradient) and their features at a tap point, concatenated: what a
 * frozen-mode classifier learns from. Shared by training and by inference, which needs no PyTorch. Thread-safe.
 */
public final class FrozenBackbones implements AutoCloseable {

    /** Which features of each backbone (the {@code tap} training option). */
    public enum Tap {
        /** the pooled features as the network gives them */
        POOLED,
        /** the same, L2-normalised (FaceNet's embedding) */
        L2,
        /** both, concatenated */
        CONCAT,
        /**
         * the emotion net's own 7 FER-2013 class scores: the head starts as that classifier, so training adapts a
         * working emotion classifier instead of starting from chance
         */
        CLASSIFIER;

        /** The tap a model spec or option names ({@code pooled}, {@code l2}, ...). */
        public static Tap parse(String name) {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        }
    }

    private final List<Backbone> backbones;
    private final List<TfModel> models;
    private final Tap tap;

    private FrozenBackbones(List<Backbone> backbones, List<TfModel> models, Tap tap) {
        this.backbones = List.copyOf(backbones);
        this.models = List.copyOf(models);
        this.tap = tap;
    }

    /** Loads each backbone's SavedModel. */
    public static FrozenBackbones load(List<Backbone> backbones, Tap tap) throws IOException {
        List<TfModel> models = new ArrayList<>();
        try {
            for (Backbone b : backbones) models.add(TfModel.load(b.modelDir()));
        } catch (IOException | RuntimeException e) {
            models.forEach(TfModel::close);
            throw e;
        }
        return new FrozenBackbones(backbones, models, tap);
    }

    /** The views sampled into each backbone's input layout (one array per backbone), in parallel. */
    public static float[][] inputs(List<Backbone> backbones, List<FaceView> views) {
        float[][] inputs = new float[backbones.size()][];
        for (int b = 0; b < backbones.size(); b++) {
            Backbone bb = backbones.get(b);
            int per = bb.inputLength();
            float[] input = new float[views.size() * per];
            IntStream.range(0, views.size()).parallel().forEach(i -> bb.sample(views.get(i), input, i * per));
            inputs[b] = input;
        }
        return inputs;
    }

    /** Features of {@code views}: rows of {@link #inputs} sampled views, concatenated over backbones. */
    public float[][] features(List<FaceView> views) {
        return features(inputs(backbones, views), views.size());
    }

    /** Features of {@code count} views already sampled by {@link #inputs}: one row per view. */
    public float[][] features(float[][] inputs, int count) {
        List<float[][]> parts = new ArrayList<>();
        int width = 0;
        for (int b = 0; b < backbones.size(); b++) {
            Backbone bb = backbones.get(b);
            String key = tap == Tap.CLASSIFIER ? Backbone.CLASS_PROBABILITIES_KEY : bb.featureKey();
            float[] out = models.get(b).run(inputs[b], count, bb.size(), bb.size(), bb.channels()).get(key);
            if (out == null) throw new IllegalStateException("backbone " + bb.name() + " has no output '" + key + "'");
            float[][] tapped = tapped(rows(out, count));
            parts.add(tapped);
            width += tapped[0].length;
        }
        float[][] features = new float[count][width];
        for (int i = 0; i < count; i++) {
            int at = 0;
            for (float[][] p : parts) {
                System.arraycopy(p[i], 0, features[i], at, p[i].length);
                at += p[i].length;
            }
        }
        return features;
    }

    private static float[][] rows(float[] flat, int count) {
        int n = flat.length / count;
        float[][] r = new float[count][n];
        for (int i = 0; i < count; i++) System.arraycopy(flat, i * n, r[i], 0, n);
        return r;
    }

    private float[][] tapped(float[][] f) {
        switch (tap) {
            case POOLED:
                return f;
            case CLASSIFIER:
                // log-probabilities: the class scores up to a per-face constant, which softmax ignores
                for (float[] row : f) for (int k = 0; k < row.length; k++) row[k] = (float) Math.log(Math.max(row[k], 1e-7f));
                return f;
            case L2:
                for (int i = 0; i < f.length; i++) f[i] = normalised(f[i]);
                return f;
            default:
                float[][] both = new float[f.length][];
                for (int i = 0; i < f.length; i++) {
                    float[] n = normalised(f[i]);
                    both[i] = new float[2 * n.length];
                    System.arraycopy(f[i], 0, both[i], 0, n.length);
                    System.arraycopy(n, 0, both[i], n.length, n.length);
                }
                return both;
        }
    }

    private static float[] normalised(float[] v) {
        double sum = 0;
        for (float x : v) sum += x * (double) x;
        float norm = (float) Math.sqrt(sum) + 1e-12f;
        float[] out = new float[v.length];
        for (int k = 0; k < v.length; k++) out[k] = v[k] / norm;
        return out;
    }

    public List<Backbone> backbones() {
        return backbones;
    }

    @Override
    public void close() {
        models.forEach(TfModel::close);
    }
}
