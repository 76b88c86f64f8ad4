package emotij.io;

import emotij.classify.Emotion;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/** The column names of a result row, shared by the command line's CSV and ImageJ's Results table. */
public final class ResultColumns {

    public static final String IMAGE = "image";
    public static final String SLICE = "slice";
    public static final String FRAME = "frame";
    public static final String FACE = "face";
    public static final String TRACK = "track";
    public static final String X = "x";
    public static final String Y = "y";
    public static final String WIDTH = "width";
    public static final String HEIGHT = "height";
    public static final String DETECTION_SCORE = "detection_score";
    public static final String EMOTION = "emotion";
    public static final String CONFIDENCE = "confidence";
    /** The plane's channel in a hyperstack (0: the channels merged as displayed). */
    public static final String CHANNEL = "channel";
    /** The plane's z position (ImageJ's slice of a hyperstack). */
    public static final String Z = "z";
    /** The plane's time point (ImageJ's frame). */
    public static final String T = "t";

    private ResultColumns() {
    }

    /** The command line's CSV columns, in order. */
    public static List<String> csvColumns() {
        return csvColumns(false);
    }

    /**
     * The CSV columns, with a {@code track} column after {@code face} when faces are tracked. {@code slice} is the
     * plane's number in the image; its hyperstack position ({@link #POSITION_COLUMNS}) comes last, after the
     * columns of earlier versions, so that files read by column position stay readable.
     */
    public static List<String> csvColumns(boolean tracked) {
        List<String> c = new ArrayList<>(List.of(IMAGE, SLICE, FACE));
        if (tracked) c.add(TRACK);
        c.addAll(List.of(X, Y, WIDTH, HEIGHT, DETECTION_SCORE, EMOTION, CONFIDENCE));
        Collections.addAll(c, Emotion.labels());
        c.addAll(POSITION_COLUMNS);
        return c;
    }

    /** A plane's position in a hyperstack, the last columns of a row. */
    public static final List<String> POSITION_COLUMNS = List.of(CHANNEL, Z, T);

    /** Columns of the per-track summary: one row per track. */
    public static List<String> trackSummaryColumns() {
        List<String> c = new ArrayList<>(List.of(IMAGE, TRACK, "first_slice", "last_slice", "frames_seen", "dominant_emotion"));
        for (String e : Emotion.labels()) c.add("share_" + e);
        for (String e : Emotion.labels()) c.add("mean_" + e);
        return c;
    }
}
