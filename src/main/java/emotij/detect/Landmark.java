package emotij.detect;

/** The six BlazeFace landmarks, in the model's order. "Right"/"left" are the subject's own. */
public enum Landmark {
    RIGHT_EYE, LEFT_EYE, NOSE_TIP, MOUTH, RIGHT_EAR, LEFT_EAR;

    /** Short lower-case name for tables and ROI names, e.g. {@code right_eye}. */
    public String key() {
        return name().toLowerCase(java.util.Locale.ROOT);
    }
}
