package emotij.classify;

import java.util.List;

/** A network that gives the 7 expression probabilities (FER-2013 order, see {@link Emotion}) of face views. */
public interface ExpressionNetwork extends AutoCloseable {

    /** One probability vector per view, in order; must be thread-safe. */
    float[][] probabilities(List<FaceView> views);

    /** A short description for logs and result files, e.g. {@code built-in FER-2013 mini-Xception}. */
    String description();

    @Override
    void close();
}
