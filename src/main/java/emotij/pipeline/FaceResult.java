package emotij.pipeline;

import emotij.classify.Expression;
import emotij.detect.DetectedFace;

/** One face of an image: where it is and what expression it shows. Immutable. */
public final class FaceResult {

    private final DetectedFace face;
    private final Expression expression;

    public FaceResult(DetectedFace face, Expression expression) {
        this.face = face;
        this.expression = expression;
    }

    public DetectedFace face() {
        return face;
    }

    public Expression expression() {
        return expression;
    }

    @Override
    public String toString() {
        return face + " " + expression;
    }
}
