package emotij.detect;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Weighted non-maximum suppression (MediaPipe's "WEIGHTED" mode): the best remaining detection and all that
 * overlap it by more than the threshold become one face whose box and landmarks are the score-weighted mean of
 * the group, and whose score is the best one's. A detection lying mostly inside a face already kept (a part of
 * it seen at a finer scale) is dropped without pulling the face's box.
 */
final class WeightedNms {

    private WeightedNms() {
    }

    static List<DetectedFace> merge(List<DetectedFace> detections, double iouThreshold) {
        List<DetectedFace> remaining = new ArrayList<>(detections);
        remaining.sort(Comparator.comparingDouble(DetectedFace::score).reversed());
        List<DetectedFace> out = new ArrayList<>();
        while (!remaining.isEmpty()) {
            DetectedFace best = remaining.get(0);
            List<DetectedFace> group = new ArrayList<>();
            List<DetectedFace> rest = new ArrayList<>();
            for (DetectedFace d : remaining) {
                if (d == best || d.box().iou(best.box()) > iouThreshold) group.add(d);
                else if (!mostlyInside(d.box(), best.box())) rest.add(d);
            }
            out.add(average(group, best.score()));
            remaining = rest;
        }
        return out;
    }

    /** Most of {@code inner} lies inside {@code outer}. */
    private static boolean mostlyInside(Box inner, Box outer) {
        return inner.intersectionArea(outer) > 0.7 * inner.area();
    }

    private static DetectedFace average(List<DetectedFace> group, double score) {
        double total = 0;
        double x0 = 0;
        double y0 = 0;
        double x1 = 0;
        double y1 = 0;
        double[] lm = new double[12];
        for (DetectedFace d : group) {
            double w = d.score();
            total += w;
            x0 += w * d.box().x;
            y0 += w * d.box().y;
            x1 += w * (d.box().x + d.box().width);
            y1 += w * (d.box().y + d.box().height);
            for (Landmark l : Landmark.values()) {
                lm[2 * l.ordinal()] += w * d.landmarkX(l);
                lm[2 * l.ordinal() + 1] += w * d.landmarkY(l);
            }
        }
        for (int i = 0; i < lm.length; i++) lm[i] /= total;
        return new DetectedFace(Box.fromCorners(x0 / total, y0 / total, x1 / total, y1 / total), score, lm);
    }
}
