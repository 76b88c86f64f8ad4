package emotij.io;

import emotij.classify.Emotion;
import emotij.detect.Box;
import emotij.detect.DetectedFace;
import emotij.detect.Landmark;
import emotij.pipeline.FaceResult;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

import java.awt.Color;
import java.awt.Font;
import java.awt.Polygon;
import java.util.List;
import java.util.Locale;

/** Draws faces (box, label, a colour per emotion, optional landmarks) on an RGB copy of an image. */
public final class Annotator {

    private Annotator() {
    }

    /** Label of face number {@code id} (1-based), e.g. {@code face 3: happy 0.87}. */
    public static String label(int id, FaceResult r) {
        return String.format(Locale.ROOT, "face %d: %s %.2f", id, r.expression().top().label(), r.expression().confidence());
    }

    /** Distinct colours for tracks: the same colour follows a face through a movie. */
    private static final Color[] TRACK_COLORS = {new Color(0xE6194B), new Color(0x3CB44B), new Color(0x4363D8),
        new Color(0xF58231), new Color(0x911EB4), new Color(0x42D4F4), new Color(0xF032E6), new Color(0xBFEF45),
        new Color(0xFABED4), new Color(0x469990), new Color(0xDCBEFF), new Color(0x9A6324), new Color(0xFFFAC8),
        new Color(0x800000), new Color(0xAAFFC3), new Color(0x808000)};

    /** The colour of track {@code id} (track 0, untracked: gray). */
    public static Color trackColor(int id) {
        return id <= 0 ? Color.GRAY : TRACK_COLORS[(id - 1) % TRACK_COLORS.length];
    }

    /** Label of a tracked face, e.g. {@code track 2: happy 0.87} (track 0: {@code face 3: ...}). */
    public static String trackLabel(int face, int track, FaceResult r) {
        if (track <= 0) return label(face, r);
        return String.format(Locale.ROOT, "track %d: %s %.2f", track, r.expression().top().label(), r.expression().confidence());
    }

    /** An RGB copy of {@code source} with the faces drawn on it; {@code source} is not changed. */
    public static ColorProcessor annotate(ImageProcessor source, List<FaceResult> faces, boolean landmarks) {
        return annotate(source, faces, null, landmarks);
    }

    /**
     * Like {@link #annotate(ImageProcessor, List, boolean)}, with each face labelled and coloured by its track
     * ({@code tracks[i]} for face i; null: by emotion).
     */
    public static ColorProcessor annotate(ImageProcessor source, List<FaceResult> faces, int[] tracks, boolean landmarks) {
        ColorProcessor out = (ColorProcessor) source.duplicate().convertToRGB();
        int size = Math.max(source.getWidth(), source.getHeight());
        int line = Math.max(2, size / 400);
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, Math.max(12, size / 60));
        out.setFont(font);
        out.setAntialiasedText(true);
        for (int i = 0; i < faces.size(); i++) {
            FaceResult r = faces.get(i);
            Emotion e = r.expression().top();
            Color color = tracks == null ? e.color() : trackColor(tracks[i]);
            Box b = r.face().box();
            out.setColor(color);
            out.setLineWidth(line);
            out.drawRect((int) Math.round(b.x), (int) Math.round(b.y), (int) Math.round(b.width), (int) Math.round(b.height));
            String text = tracks == null ? label(i + 1, r) : trackLabel(i + 1, tracks[i], r);
            int tw = out.getStringWidth(text);
            int th = out.getFontMetrics().getHeight();
            int tx = (int) Math.round(b.x);
            int ty = (int) Math.round(b.y) - line;
            if (ty - th < 0) ty = (int) Math.round(b.y + b.height) + th;
            out.setColor(Color.BLACK);
            out.fill(new ij.gui.Roi(tx, ty - th, tw + 4, th));
            out.setColor(color);
            out.drawString(text, tx + 2, ty);
            if (landmarks && r.face().hasLandmarks()) {
                drawLandmarks(out, r.face(), line);
            }
        }
        out.setLineWidth(1);
        return out;
    }

    private static void drawLandmarks(ColorProcessor out, DetectedFace f, int line) {
        out.setColor(Color.CYAN);
        for (Landmark l : Landmark.values()) {
            int x = (int) Math.round(f.landmarkX(l));
            int y = (int) Math.round(f.landmarkY(l));
            Polygon dot = new Polygon();
            dot.addPoint(x - line, y - line);
            dot.addPoint(x + line, y - line);
            dot.addPoint(x + line, y + line);
            dot.addPoint(x - line, y + line);
            out.fillPolygon(dot);
        }
    }
}
