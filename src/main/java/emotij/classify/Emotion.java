package emotij.classify;

import java.awt.Color;
import java.util.Locale;

/** The seven universal emotions, in the FER-2013 label order the shipped model uses. */
public enum Emotion {
    ANGRY(new Color(0xE6194B)),
    DISGUST(new Color(0x3CB44B)),
    FEAR(new Color(0x911EB4)),
    HAPPY(new Color(0xFFE119)),
    SAD(new Color(0x4363D8)),
    SURPRISE(new Color(0xF58231)),
    NEUTRAL(new Color(0xA9A9A9));

    private final Color color;

    Emotion(Color color) {
        this.color = color;
    }

    /** Lower-case name, as in the CSV columns: {@code angry}, {@code disgust}, ... */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The colour this emotion is drawn in (overlays, plots, legends); distinct for colour-blind readers too. */
    public Color color() {
        return color;
    }

    /**
     * The emotion a class folder or label names, in any case, with the spellings of FER-2013 and SFEW and common
     * variants ({@code anger}, {@code happiness}, {@code surprised}, ...); null if none.
     */
    public static Emotion parse(String name) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        switch (n) {
            case "angry": case "anger": return ANGRY;
            case "disgust": case "disgusted": return DISGUST;
            case "fear": case "fearful": case "afraid": case "scared": return FEAR;
            case "happy": case "happiness": case "joy": return HAPPY;
            case "sad": case "sadness": return SAD;
            case "surprise": case "surprised": return SURPRISE;
            case "neutral": return NEUTRAL;
            default: return null;
        }
    }

    /** Labels in model order. */
    public static String[] labels() {
        Emotion[] v = values();
        String[] s = new String[v.length];
        for (int i = 0; i < v.length; i++) s[i] = v[i].label();
        return s;
    }
}
