package emotij.ij;

import emotij.image.InvalidImageException;
import emotij.pipeline.FaceAnalyzer;
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

        Result(ImageAnalysis.Outcome outcome, ResultsTable table, Plot plot) {
            this.outcome = outcome;
            this.table = table;
            this.plot = plot;
        }
    }

    private EmotiJRun() {
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
        FaceAnalyzer analyzer = SharedModels.analyzer(settings);
        ImageAnalysis.Outcome outcome;
        if (classify && !EmotiJSettings.FACES_DETECT.equals(settings.faces)) {
            outcome = ImageAnalysis.classifyRois(imp, userRois(imp, settings.faces), analyzer, progress);
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
        report(imp, outcome);
        return new Result(outcome, table, plot);
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
    }
}
