package emotij.ij;

import emotij.io.ImageConversion;
import emotij.classify.Emotion;
import emotij.detect.Box;
import emotij.io.ResultColumns;
import emotij.pipeline.FaceResult;
import ij.ImagePlus;
import ij.measure.ResultsTable;

/**
 * Fills a ResultsTable with one row per face: the command line's CSV columns, with the plane given as slice and
 * frame. Detection-only runs leave the expression columns out.
 */
public final class FaceTable {

    private FaceTable() {
    }

    /** A table with one row per track: when it was seen, its dominant emotion, time shares and mean probabilities. */
    public static ResultsTable trackSummary(String title, java.util.List<emotij.track.TrackSummary> tracks) {
        ResultsTable t = new ResultsTable();
        t.showRowNumbers(false);
        for (emotij.track.TrackSummary s : tracks) {
            t.incrementCounter();
            t.addValue(ResultColumns.IMAGE, title);
            t.addValue(ResultColumns.TRACK, s.track);
            t.addValue("first_plane", s.firstFrame);
            t.addValue("last_plane", s.lastFrame);
            t.addValue("frames_seen", s.framesSeen);
            t.addValue("dominant_emotion", s.dominant().label());
            for (Emotion e : Emotion.values()) t.addValue("share_" + e.label(), s.share[e.ordinal()]);
            for (Emotion e : Emotion.values()) t.addValue("mean_" + e.label(), s.meanProbability[e.ordinal()]);
        }
        return t;
    }

    /**
     * Adds the rows of a run to {@code table} (ImageJ's "Results" table in practice). {@code slice} is the plane's
     * number as in the command line's CSV; {@code frame} (kept from earlier versions) equals {@code t}.
     */
    public static void addRows(ResultsTable table, ImagePlus imp, ImageAnalysis.Outcome outcome) {
        table.showRowNumbers(false);
        int channel = PlaneFaces.analysedChannel(imp);
        for (PlaneFaces plane : outcome.planes) {
            for (int i = 0; i < plane.faces.size(); i++) {
                FaceResult r = plane.faces.get(i);
                Box b = r.face().box();
                table.incrementCounter();
                table.addValue(ResultColumns.IMAGE, imp.getTitle());
                table.addValue(ResultColumns.SLICE, ImageConversion.number(imp, channel, plane.slice, plane.frame));
                table.addValue(ResultColumns.FRAME, plane.frame);
                table.addValue(ResultColumns.FACE, i + 1);
                if (plane.tracks != null) table.addValue(ResultColumns.TRACK, plane.tracks[i]);
                table.addValue(ResultColumns.X, b.x);
                table.addValue(ResultColumns.Y, b.y);
                table.addValue(ResultColumns.WIDTH, b.width);
                table.addValue(ResultColumns.HEIGHT, b.height);
                table.addValue(ResultColumns.DETECTION_SCORE, r.face().score());
                if (r.expression() != null) {
                    table.addValue(ResultColumns.EMOTION, r.expression().top().label());
                    table.addValue(ResultColumns.CONFIDENCE, r.expression().confidence());
                    for (Emotion e : Emotion.values()) table.addValue(e.label(), r.expression().probability(e));
                }
                table.addValue(ResultColumns.CHANNEL, channel);
                table.addValue(ResultColumns.Z, plane.slice);
                table.addValue(ResultColumns.T, plane.frame);
            }
        }
    }
}
