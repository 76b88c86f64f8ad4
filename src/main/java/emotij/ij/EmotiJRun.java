package emotij.ij;

import emotij.batch.SharedModels;
import emotij.io.ImageConversion;
import emotij.image.InvalidImageException;
import emotij.pipeline.FaceAnalyzer;
import emotij.progress.Progress;
import ij.IJ;
import ij.ImagePlus;
import ij.gui.Plot;
import ij.gui.Roi;
import ij.measure.ResultsTable;
import ij.plugin.frame.RoiManager;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import emotij.track.FaceTracker;
import emotij.track.TrackSummary;
import emotij.track.TrackedFace;
import emotij.track.TrackingAnalyzer;

/**
 * One run of Detect Faces or Classify Expressions on an image, shared by the menu commands and the SciJava
 * commands: analyse, then show the faces on the overlay, in the Results table, optionally in the ROI Manager and
 * (stacks) as a plot. The image's pixels are never changed.
 */
public final class EmotiJRun {

    /** What a run produced, for scripts. */
    public static final class Result {
        public final ImageAnalysis.Outcome outcome;
        public final ResultsTable table;
        public final Plot plot;
        /** One row per track, or null when faces were not tracked. */
        public final ResultsTable tracks;
        /** The probabilities of each track over time (tracks kept by the minimum length). */
        public final List<Plot> trackPlots;

        Result(ImageAnalysis.Outcome outcome, ResultsTable table, Plot plot, ResultsTable tracks, List<Plot> trackPlots) {
            this.outcome = outcome;
            this.table = table;
            this.plot = plot;
            this.tracks = tracks;
            this.trackPlots = trackPlots;
        }
    }

    /** Track plots opened as windows at most. */
    static final int MAX_TRACK_PLOTS_SHOWN = 8;

    private EmotiJRun() {
    }

    private static List<emotij.pipeline.FaceResult> results(List<TrackedFace> tracked) {
        List<emotij.pipeline.FaceResult> faces = new ArrayList<>();
        for (TrackedFace f : tracked) faces.add(f.result);
        return faces;
    }

    /** Replaces the outcome's planes by the tracked faces (track ids; smoothed probabilities if asked). */
    /**
     * Gives each plane of {@code outcome} its tracked faces (results and track ids), found by the number the tracker
     * knows the plane by, not by position in the tracker's list.
     *
     * @param number the tracker's number of a processed plane (1-based among the planes processed)
     */
    private static void tracked(ImageAnalysis.Outcome outcome, List<TrackedFace> faces, java.util.function.IntUnaryOperator number) {
        java.util.Map<Integer, List<TrackedFace>> byPlane = new java.util.HashMap<>();
        for (TrackedFace t : faces) byPlane.computeIfAbsent(t.frame, k -> new ArrayList<>()).add(t);
        for (int i = 0; i < outcome.planes.size(); i++) {
            PlaneFaces p = outcome.planes.get(i);
            List<TrackedFace> onPlane = new ArrayList<>(byPlane.getOrDefault(number.applyAsInt(p.plane), List.of()));
            onPlane.sort(java.util.Comparator.comparingInt(t -> t.face));
            if (onPlane.size() != p.faces.size()) {
                throw new IllegalStateException("plane " + p.plane + " has " + p.faces.size() + " faces but "
                        + onPlane.size() + " tracked faces");
            }
            List<emotij.pipeline.FaceResult> results = new ArrayList<>();
            int[] ids = new int[onPlane.size()];
            for (int f = 0; f < onPlane.size(); f++) {
                results.add(onPlane.get(f).result);
                ids[f] = onPlane.get(f).track();
            }
            outcome.planes.set(i, new PlaneFaces(p.slice, p.frame, p.plane, results, ids));
        }
    }

    /**
     * @param classify false: detection only
     * @throws IllegalArgumentException with a message for the user (bad settings, no ROIs...)
     * @throws InvalidImageException    the image cannot be analysed
     * @throws IOException              the models cannot be loaded
     */
    public static Result run(ImagePlus imp, EmotiJSettings settings, boolean classify, Progress progress)
            throws InvalidImageException, IOException {
        if (imp == null || imp.getProcessor() == null || imp.getWidth() == 0) {
            throw new IllegalArgumentException("EmotiJ needs an open image: open one first (File > Open...)");
        }
        settings.validate();
        IJ.showStatus("EmotiJ: loading models...");
        FaceAnalyzer analyzer = settings.sharedAnalyzer();
        ImageAnalysis.Outcome outcome;
        FaceTracker tracker = null;
        List<TrackSummary> summaries = null;
        if (classify && !EmotiJSettings.FACES_DETECT.equals(settings.faces)) {
            outcome = ImageAnalysis.classifyRois(imp, userRois(imp, settings.faces), analyzer, progress);
        } else if (settings.track && classify) {
            tracker = new FaceTracker(settings.trackerOptions(), settings.appearance ? SharedModels.embedder() : null);
            TrackingAnalyzer tracking = new TrackingAnalyzer(analyzer, tracker, settings.detectEvery);
            // a hyperstack is tracked along t at each z (see ImageConversion.trackingLaneAndTime)
            List<int[]> positions = ImageAnalysis.positions(imp, settings.process);
            boolean alongT = positions.stream().mapToInt(zt -> zt[1]).distinct().count() > 1;
            int channel = PlaneFaces.analysedChannel(imp);
            java.util.function.IntFunction<int[]> laneTime = plane -> {
                int[] zt = positions.get(plane - 1);
                return ImageConversion.trackingLaneAndTime(imp, new int[] {channel, zt[0], zt[1]}, alongT);
            };
            java.util.function.IntUnaryOperator number = plane -> {
                int[] zt = positions.get(plane - 1);
                return ImageConversion.number(imp, channel, zt[0], zt[1]);
            };
            if (settings.detectEvery == 1) {
                // every plane detected: in batches, as without tracking, then tracked plane by plane in order
                outcome = ImageAnalysis.detect(imp, analyzer, settings.process, progress, (plane, image, found) -> {
                    int[] lt = laneTime.apply(plane);
                    return results(tracking.detected(number.applyAsInt(plane), lt[0], lt[1], image, found));
                });
            } else {
                outcome = ImageAnalysis.detect(imp, analyzer, settings.process, true, progress, (plane, image) -> {
                    int[] lt = laneTime.apply(plane);
                    return results(tracking.next(number.applyAsInt(plane), lt[0], lt[1], image));
                });
            }
            summaries = tracker.finish();
            tracked(outcome, tracker.faces(), number);
        } else {
            outcome = ImageAnalysis.detect(imp, analyzer, settings.process, classify, progress);
        }
        FaceOverlay.show(imp, outcome, settings.landmarks, classify);
        ResultsTable table = ResultsTable.getResultsTable();
        if (table == null) table = new ResultsTable();
        FaceTable.addRows(table, imp, outcome);
        if (!GraphicsEnvironment.isHeadless()) table.show("Results");
        if (settings.roiManager) addToRoiManager(imp, outcome, settings.landmarks);
        Plot plot = classify && settings.plot ? EmotionPlot.of(imp.getTitle(), outcome.planes) : null;
        if (plot != null && !GraphicsEnvironment.isHeadless()) plot.show();
        ResultsTable trackTable = null;
        List<Plot> trackPlots = new ArrayList<>();
        if (summaries != null) {
            trackTable = FaceTable.trackSummary(imp.getTitle(), summaries);
            for (TrackSummary s : summaries) trackPlots.add(EmotionPlot.ofTrack(imp.getTitle(), s.track, outcome.planes));
            if (!GraphicsEnvironment.isHeadless()) {
                trackTable.show("EmotiJ tracks of " + imp.getTitle());
                // a window per track is too many for a crowd: the first few, the rest in the table
                for (int i = 0; i < Math.min(MAX_TRACK_PLOTS_SHOWN, trackPlots.size()); i++) trackPlots.get(i).show();
            } else {
                IJ.log("EmotiJ: " + summaries.size() + " tracks in " + imp.getTitle());
            }
        }
        report(imp, outcome);
        return new Result(outcome, table, plot, trackTable, trackPlots);
    }

    private static List<Roi> userRois(ImagePlus imp, String source) {
        List<Roi> rois = new ArrayList<>();
        if (EmotiJSettings.FACES_SELECTION.equals(source)) {
            Roi roi = imp.getRoi();
            if (roi == null || !roi.isArea()) {
                throw new IllegalArgumentException("faces=selection: draw a rectangle (or any area) around a face "
                        + "on " + imp.getTitle() + " first");
            }
            // a composite selection (rectangles drawn with Shift) is one face per part
            if (roi instanceof ij.gui.ShapeRoi) {
                for (Roi part : ((ij.gui.ShapeRoi) roi).getRois()) if (part.isArea()) rois.add(part);
            } else {
                rois.add(roi);
            }
        } else {
            RoiManager rm = RoiManager.getInstance2();
            if (rm != null) {
                for (Roi r : rm.getRoisAsArray()) if (r.isArea()) rois.add(r);
            }
            if (rois.isEmpty()) {
                throw new IllegalArgumentException("faces=manager: the ROI Manager has no area ROIs; add the faces "
                        + "to it first (draw a rectangle, press t)");
            }
        }
        return rois;
    }

    private static void addToRoiManager(ImagePlus imp, ImageAnalysis.Outcome outcome, boolean landmarks) {
        // in a batch-mode macro this is the macro's hidden ROI Manager
        RoiManager rm = RoiManager.getInstance2();
        if (rm == null) {
            if (GraphicsEnvironment.isHeadless()) {
                IJ.log("EmotiJ: no ROI Manager without a display (use setBatchMode(true) in a macro); the faces are on the overlay");
                return;
            }
            rm = RoiManager.getRoiManager();
        }
        for (PlaneFaces plane : outcome.planes) {
            for (int i = 0; i < plane.faces.size(); i++) {
                for (Roi r : FaceOverlay.rois(imp, plane, i + 1, plane.faces.get(i), landmarks)) {
                    if (!(r instanceof ij.gui.TextRoi)) rm.addRoi(r);
                }
            }
        }
    }

    private static void report(ImagePlus imp, ImageAnalysis.Outcome outcome) {
        String msg = "EmotiJ: " + outcome.faceCount() + " face" + (outcome.faceCount() == 1 ? "" : "s") + " in "
                + outcome.planes.size() + " plane" + (outcome.planes.size() == 1 ? "" : "s") + " of " + imp.getTitle()
                + (outcome.cancelled ? " (cancelled: the planes done so far are kept)" : "");
        IJ.showStatus(msg);
        IJ.showProgress(1.0);
        if (outcome.cancelled || !outcome.skipped.isEmpty() || GraphicsEnvironment.isHeadless()) IJ.log(msg);
        outcome.skipped.forEach((plane, why) -> IJ.log("EmotiJ: skipped " + plane + ": " + why));
        for (String w : outcome.warnings) IJ.log("EmotiJ: warning: " + imp.getTitle() + ": " + w);
    }
}
