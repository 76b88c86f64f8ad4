package emotij.ij;

import emotij.io.Annotator;
import emotij.classify.Emotion;
import emotij.detect.Box;
import emotij.detect.Landmark;
import emotij.pipeline.FaceResult;
import ij.ImagePlus;
import ij.gui.Overlay;
import ij.gui.PointRoi;
import ij.gui.Roi;
import ij.gui.TextRoi;

import java.awt.Color;
import java.awt.Font;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Shows faces as ROIs on the image's overlay (never on its pixels): a box per face named and labelled
 * {@code face 3: happy 0.87} in its emotion's colour, on the face's slice/frame; optional landmark points; a
 * legend of the colours.
 */
public final class FaceOverlay {

    /** ROI group of EmotiJ's overlay elements, so a new run can replace them and leave the user's own alone. */
    public static final String ROI_PROPERTY = "emotij";
    private static final Color DETECTION_COLOR = Color.GREEN;

    private FaceOverlay() {
    }

    /** The ROIs of one face: box, label, landmarks (if asked and known), positioned on its plane. */
    public static List<Roi> rois(ImagePlus imp, PlaneFaces plane, int index, FaceResult r, boolean landmarks) {
        List<Roi> out = new ArrayList<>();
        Box b = r.face().box();
        int track = plane.tracks == null ? -1 : plane.tracks[index - 1];
        String name = track >= 0 && r.expression() != null ? Annotator.trackLabel(index, track, r) : label(index, r);
        Color color = track >= 0 ? Annotator.trackColor(track)
                : r.expression() == null ? DETECTION_COLOR : r.expression().top().color();
        Roi box = new Roi(b.x, b.y, b.width, b.height);
        box.setName(name);
        box.setStrokeColor(color);
        box.setStrokeWidth(Math.max(1, Math.min(imp.getWidth(), imp.getHeight()) / 300.0));
        position(imp, box, plane);
        box.setProperty(ROI_PROPERTY, "face");
        out.add(box);
        double size = Math.max(10, Math.min(imp.getWidth(), imp.getHeight()) / 45.0);
        TextRoi text = new TextRoi(b.x, Math.max(0, b.y - size * 1.4), name, new Font(Font.SANS_SERIF, Font.BOLD, (int) size));
        text.setStrokeColor(color);
        text.setFillColor(new Color(0, 0, 0, 150));
        text.setName(name + " label");
        position(imp, text, plane);
        text.setProperty(ROI_PROPERTY, "label");
        out.add(text);
        if (landmarks && r.face().hasLandmarks()) {
            Landmark[] all = Landmark.values();
            float[] xs = new float[all.length];
            float[] ys = new float[all.length];
            for (int k = 0; k < all.length; k++) {
                xs[k] = (float) r.face().landmarkX(all[k]);
                ys[k] = (float) r.face().landmarkY(all[k]);
            }
            PointRoi points = new PointRoi(xs, ys, all.length);
            points.setName(name + " landmarks");
            points.setStrokeColor(Color.CYAN);
            position(imp, points, plane);
            points.setProperty(ROI_PROPERTY, "landmarks");
            out.add(points);
        }
        return out;
    }

    /** {@code face 3: happy 0.87}, or {@code face 3} (with its detection score) for detection only. */
    public static String label(int index, FaceResult r) {
        if (r.expression() == null) return String.format(Locale.ROOT, "face %d (%.2f)", index, r.face().score());
        return Annotator.label(index, r);
    }

    private static void position(ImagePlus imp, Roi roi, PlaneFaces plane) {
        if (imp.isHyperStack() || imp.getNChannels() > 1) {
            roi.setPosition(0, plane.slice, plane.frame);
        } else if (imp.getStackSize() > 1) {
            roi.setPosition(imp.getStackIndex(1, plane.slice, plane.frame));
        }
    }

    /**
     * Puts the faces of a run on the image's overlay, replacing EmotiJ's ROIs of an earlier run and keeping the
     * user's own.
     */
    public static void show(ImagePlus imp, ImageAnalysis.Outcome outcome, boolean landmarks, boolean legend) {
        Overlay overlay = imp.getOverlay() == null ? new Overlay() : imp.getOverlay();
        for (Roi r : overlay.toArray()) {
            if (r.getProperty(ROI_PROPERTY) != null) overlay.remove(r);
        }
        for (PlaneFaces plane : outcome.planes) {
            for (int i = 0; i < plane.faces.size(); i++) {
                for (Roi r : rois(imp, plane, i + 1, plane.faces.get(i), landmarks)) overlay.add(r);
            }
        }
        if (legend) addLegend(imp, overlay);
        overlay.drawLabels(false);
        imp.setOverlay(overlay);
    }

    private static void addLegend(ImagePlus imp, Overlay overlay) {
        double size = Math.max(9, Math.min(imp.getWidth(), imp.getHeight()) / 60.0);
        Font font = new Font(Font.SANS_SERIF, Font.BOLD, (int) size);
        double y = imp.getHeight() - size * 1.5 * Emotion.values().length - 4;
        for (Emotion e : Emotion.values()) {
            TextRoi t = new TextRoi(4, y, e.label(), font);
            t.setStrokeColor(e.color());
            t.setFillColor(new Color(0, 0, 0, 150));
            t.setName("legend " + e.label());
            t.setProperty(ROI_PROPERTY, "legend");
            overlay.add(t);
            y += size * 1.5;
        }
    }
}
