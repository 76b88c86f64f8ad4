package emotij.classify;

import java.util.Arrays;

/** The probability of each {@link Emotion} for one face; they sum to 1. Immutable. */
public final class Expression {

    private final float[] probabilities;

    public Expression(float[] probabilities) {
        if (probabilities.length != Emotion.values().length) {
            throw new IllegalArgumentException("expected " + Emotion.values().length + " probabilities, got "
                    + probabilities.length);
        }
        this.probabilities = probabilities.clone();
    }

    public float probability(Emotion e) {
        return probabilities[e.ordinal()];
    }

    /** The probabilities in {@link Emotion} order (a copy). */
    public float[] probabilities() {
        return probabilities.clone();
    }

    /** The most probable emotion. */
    public Emotion top() {
        int best = 0;
        for (int i = 1; i < probabilities.length; i++) if (probabilities[i] > probabilities[best]) best = i;
        return Emotion.values()[best];
    }

    /** The probability of {@link #top()}. */
    public float confidence() {
        return probabilities[top().ordinal()];
    }

    @Override
    public String toString() {
        return top().label() + " " + String.format(java.util.Locale.ROOT, "%.2f", confidence()) + " " + Arrays.toString(probabilities);
    }
}
