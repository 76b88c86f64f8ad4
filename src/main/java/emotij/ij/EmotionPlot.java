package emotij.ij;

import emotij.classify.Emotion;
import emotij.pipeline.FaceResult;
import ij.gui.Plot;

import java.util.ArrayList;
import java.util.List;

/** The share of faces showing each emotion, plane by plane: how the mood of a stack or movie changes. */
public final class EmotionPlot {

    private EmotionPlot() {
    }

    /** The 7 probabilities of one track over the planes where it was seen. */
    public static Plot ofTrack(String title, int track, List<PlaneFaces> planes) {
        List<Double> x = new ArrayList<>();
        List<float[]> p = new ArrayList<>();
        for (PlaneFaces plane : planes) {
            if (plane.tracks == null) continue;
            for (int i = 0; i < plane.faces.size(); i++) {
                if (plane.tracks[i] == track && plane.faces.get(i).expression() != null) {
                    x.add((double) plane.plane);
                    p.add(plane.faces.get(i).expression().probabilities());
                }
            }
        }
        Plot plot = new Plot("EmotiJ track " + track + " of " + title, "plane", "probability");
        if (x.isEmpty()) return plot;
        double[] xs = x.stream().mapToDouble(Double::doubleValue).toArray();
        plot.setLimits(xs[0], Math.max(xs[0] + 1, xs[xs.length - 1]), 0, 1);
        for (Emotion e : Emotion.values()) {
            double[] ys = new double[xs.length];
            for (int k = 0; k < ys.length; k++) ys[k] = p.get(k)[e.ordinal()];
            plot.setColor(e.color());
            plot.setLineWidth(2);
            plot.addPoints(xs, ys, Plot.LINE);
        }
        plot.setColor(java.awt.Color.BLACK);
        plot.addLegend(String.join("\n", Emotion.labels()));
        return plot;
    }

    /** A plot with one line per emotion (in its colour); null if fewer than two planes were classified. */
    public static Plot of(String title, List<PlaneFaces> planes) {
        if (planes.size() < 2) return null;
        double[] x = new double[planes.size()];
        double[][] share = new double[Emotion.values().length][planes.size()];
        for (int i = 0; i < planes.size(); i++) {
            PlaneFaces p = planes.get(i);
            x[i] = p.plane;
            int n = 0;
            for (FaceResult r : p.faces) {
                if (r.expression() == null) continue;
                share[r.expression().top().ordinal()][i]++;
                n++;
            }
            for (double[] s : share) s[i] = n == 0 ? Double.NaN : s[i] / n;
        }
        Plot plot = new Plot("EmotiJ emotions of " + title, "plane", "share of faces");
        plot.setLimits(x[0], x[x.length - 1], 0, 1);
        for (Emotion e : Emotion.values()) {
            plot.setColor(e.color());
            plot.setLineWidth(2);
            plot.addPoints(x, share[e.ordinal()], Plot.LINE);
            plot.setLabel(-1, e.label());
        }
        plot.setColor(java.awt.Color.BLACK);
        plot.addLegend(String.join("\n", Emotion.labels()));
        return plot;
    }
}
