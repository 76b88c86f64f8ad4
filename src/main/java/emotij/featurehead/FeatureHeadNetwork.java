package emotij.featurehead;

import emotij.classify.Emotion;
import emotij.classify.ExpressionNetwork;
import emotij.classify.FaceView;
import emotij.classify.FerNetwork;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * A frozen-mode trained classifier run without PyTorch: the shipped backbones through TensorFlow, then its
 * {@link DenseHead} in plain Java; optionally averaged with the built-in FER-2013 net (the {@code accurate} model is
 * such a folder). Thread-safe.
 */
public final class FeatureHeadNetwork implements ExpressionNetwork {

    private static final int BATCH = 32;

    private final FrozenBackbones backbones;
    private final DenseHead head;
    private final List<Emotion> classes;
    /** The shipped network whose probabilities are averaged with the head's, or null. */
    private final ExpressionNetwork averaged;
    private final String description;

    private FeatureHeadNetwork(FrozenBackbones backbones, DenseHead head, List<Emotion> classes, ExpressionNetwork averaged,
                               String description) {
        this.backbones = backbones;
        this.head = head;
        this.classes = classes;
        this.averaged = averaged;
        this.description = description;
    }

    /** Whether the folder holds a model this class runs: frozen backbones and a dense head in its spec. */
    static boolean runs(ModelSpec spec) {
        return !spec.fineTuned() && spec.hasDenseHead();
    }

    /**
     * Loads the model folder {@code dir}.
     *
     * @param description what to call it in logs, or null for a description from its spec
     */
    public static FeatureHeadNetwork load(Path dir, String description) throws IOException {
        return load(dir, ModelSpec.read(dir), description);
    }

    /** Loads the model folder {@code dir} whose spec was read already. */
    static FeatureHeadNetwork load(Path dir, ModelSpec spec, String description) throws IOException {
        DenseHead head = spec.denseHead();
        if (spec.fineTuned() || head == null) {
            throw new IOException("Model " + dir + " needs the PyTorch engine (fine-tuned backbones or batch normalisation)");
        }
        String average = spec.averageWith();
        if (average != null && !average.equals("fast")) {
            throw new IOException("Model spec " + spec.file() + ": average_with must be fast or none, is " + average);
        }
        FrozenBackbones backbones = FrozenBackbones.load(spec.backbones(), spec.tap());
        ExpressionNetwork averaged = null;
        try {
            if (average != null) averaged = FerNetwork.loadShipped();
        } catch (IOException | RuntimeException e) {
            backbones.close();
            throw e;
        }
        String d = description != null ? description
                : "trained frozen " + String.join("+", spec.backboneNames()) + (average != null ? ", averaged with fast" : "") + " (" + dir + ")";
        return new FeatureHeadNetwork(backbones, head, spec.classes(), averaged, d);
    }

    @Override
    public float[][] probabilities(List<FaceView> views) {
        float[][] out = new float[views.size()][];
        for (int start = 0; start < views.size(); start += BATCH) {
            List<FaceView> part = views.subList(start, Math.min(views.size(), start + BATCH));
            float[][] features = backbones.features(part);
            for (int i = 0; i < part.size(); i++) out[start + i] = allClasses(head.probabilities(features[i]), classes);
        }
        if (averaged != null) {
            float[][] other = averaged.probabilities(views);
            for (int i = 0; i < out.length; i++) out[i] = average(out[i], other[i], classes);
        }
        return out;
    }

    /**
     * The mean of a head's probabilities (all 7, those outside {@code classes} at 0) and the shipped net's, whose
     * probabilities are first restricted to {@code classes} and renormalised: a model never gives probability to a
     * class it was not trained on.
     */
    public static float[] average(float[] head, float[] shipped, List<Emotion> classes) {
        double inClasses = 0;
        for (Emotion c : classes) inClasses += shipped[c.ordinal()];
        float[] out = new float[head.length];
        for (Emotion c : classes) {
            int k = c.ordinal();
            float s = inClasses > 0 ? (float) (shipped[k] / inClasses) : 1f / classes.size();
            out[k] = (head[k] + s) / 2;
        }
        return out;
    }

    /** Probabilities over a model's classes as all 7 in FER-2013 order, classes it was not trained on at 0. */
    public static float[] allClasses(float[] p, List<Emotion> classes) {
        float[] all = new float[Emotion.values().length];
        for (int c = 0; c < classes.size(); c++) all[classes.get(c).ordinal()] = p[c];
        return all;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public void close() {
        backbones.close();
        if (averaged != null) averaged.close();
    }
}
