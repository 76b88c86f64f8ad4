package emotij.ij;

import emotij.batch.ImageJReader;
import emotij.batch.OutputFolder;
import emotij.batch.TrainingImages;
import emotij.classify.Emotion;
import emotij.dataset.ExpressionDataset;
import emotij.eval.ConfusionMatrix;
import emotij.train.EpochStats;
import emotij.train.FeatureCache;
import emotij.progress.ProgressMeter;
import emotij.train.ReportImages;
import emotij.train.TrainingListener;
import emotij.train.TrainingOptions;
import emotij.train.TrainingRun;
import ij.IJ;
import ij.ImagePlus;
import ij.gui.Plot;
import ij.gui.PlotWindow;
import ij.measure.ResultsTable;

import java.awt.Color;
import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Training from ImageJ: reads the dataset with ImageJ's readers, shows the loss and accuracy curves live in a
 * plot (the log when headless), progress lines (done/total, rate, time left) in the log and the status bar, Esc
 * to stop (keeping the best epoch so far), and at the end a per-class accuracy table, the confusion matrix as a
 * table and an image. Backbone features are kept in the {@link FeatureCache#standard() feature cache}.
 */
public final class TrainingJob {

    /** What the run shows at the end (for scripts: the tables and the summary). */
    public static final class Outcome {
        public final TrainingRun.Result result;
        public final ResultsTable perClass;
        public final ResultsTable confusion;

        Outcome(TrainingRun.Result result, ResultsTable perClass, ResultsTable confusion) {
            this.result = result;
            this.perClass = perClass;
            this.confusion = confusion;
        }
    }

    private TrainingJob() {
    }

    /**
     * @param detectFaces whole frames: take the largest face the detector finds in each image
     * @param show        show the plot, tables and confusion image (false in tests and headless scripts)
     * @throws IOException also, before any work, when {@code modelDir} cannot be made or written into
     */
    public static Outcome run(Path dataset, Path modelDir, TrainingOptions options, boolean detectFaces, boolean show)
            throws IOException {
        boolean gui = show && !GraphicsEnvironment.isHeadless() && IJ.getInstance() != null;
        if (gui) IJ.resetEscape();
        long start = System.nanoTime();
        options.checkCombination();
        // before reading the dataset and training (minutes): a bad model folder fails at once
        if (modelDir != null) OutputFolder.prepare(modelDir);
        IJ.showStatus("EmotiJ: reading " + dataset);
        java.util.function.Consumer<String> logAndStatus = line -> {
            IJ.log(line);
            if (gui) IJ.showStatus("EmotiJ " + line + " (Esc to stop)");
        };
        ExpressionDataset data = TrainingImages.read(dataset, options, detectFaces, 1, new ImageJReader(), logAndStatus, () -> gui && IJ.escapePressed());
        LivePlot plot = new LivePlot(gui);
        TrainingListener listener = new TrainingListener() {
            @Override
            public void epoch(EpochStats stats) {
                IJ.log(stats.toString());
                plot.add(stats);
            }

            @Override
            public void log(String line) {
                IJ.log(line);
            }

            @Override
            public void status(String line) {
                logAndStatus.accept(line);
            }

            @Override
            public boolean cancelled() {
                return gui ? IJ.escapePressed() : Thread.currentThread().isInterrupted();
            }

            @Override
            public void progress(double fraction, String status) {
                if (gui) IJ.showProgress(fraction);
            }
        };
        TrainingRun.Result r = TrainingRun.run(data, options, modelDir, listener, FeatureCache.standard());
        try {
            ResultsTable perClass = null;
            ResultsTable confusion = null;
            if (r.outcome != null) {
                perClass = perClassTable(r.outcome.test);
                confusion = confusionTable(r.outcome.test);
                IJ.log(String.format(Locale.ROOT, "val accuracy %.4f (train %.4f, best epoch %d)%s", r.valAccuracy(),
                        r.outcome.trainAccuracy, r.outcome.bestEpoch, modelDir == null ? "" : "; model in " + modelDir));
                if (show) {
                    perClass.show("EmotiJ per-class accuracy");
                    confusion.show("EmotiJ confusion matrix");
                    new ImagePlus("EmotiJ confusion matrix (val)", ReportImages.confusion(r.outcome.test, "Confusion matrix (val)")).show();
                }
            }
            if (options.folds() > 0) {
                IJ.log(String.format(Locale.ROOT, "cross-validation: %.4f +- %.4f (%d folds)", r.foldMean(), r.foldSpread(), options.folds()));
            }
            IJ.log(String.format(Locale.ROOT, "training took %s", ProgressMeter.duration((System.nanoTime() - start) / 1e9)));
            IJ.showProgress(1.0);
            IJ.showStatus(r.outcome != null && r.outcome.cancelled ? "EmotiJ: training cancelled; kept the best epoch ("
                    + r.outcome.bestEpoch + ")" : "EmotiJ: training done");
            return new Outcome(r, perClass, confusion);
        } finally {
            if (r.model != null) r.model.close();
        }
    }

    public static ResultsTable perClassTable(ConfusionMatrix m) {
        ResultsTable t = new ResultsTable();
        for (Emotion e : Emotion.values()) {
            if (m.total(e) == 0) continue;
            t.incrementCounter();
            t.addValue("class", e.label());
            t.addValue("faces", m.total(e));
            t.addValue("correct", m.count(e, e));
            t.addValue("accuracy", m.accuracy(e));
        }
        t.incrementCounter();
        t.addValue("class", "all");
        t.addValue("faces", m.total());
        t.addValue("correct", m.correct());
        t.addValue("accuracy", m.accuracy());
        return t;
    }

    public static ResultsTable confusionTable(ConfusionMatrix m) {
        ResultsTable t = new ResultsTable();
        for (Emotion truth : Emotion.values()) {
            t.incrementCounter();
            t.addValue("true class", truth.label());
            for (Emotion p : Emotion.values()) t.addValue(p.label(), m.count(truth, p));
        }
        return t;
    }

    /** Training and held-out loss and accuracy per epoch, redrawn after each epoch (the current fold only). */
    private static final class LivePlot {
        private final boolean gui;
        private final List<EpochStats> epochs = new ArrayList<>();
        private PlotWindow window;

        LivePlot(boolean gui) {
            this.gui = gui;
        }

        void add(EpochStats s) {
            if (!epochs.isEmpty() && epochs.get(epochs.size() - 1).fold != s.fold) epochs.clear();
            epochs.add(s);
            if (!gui) return;
            Plot plot = plot();
            if (window == null || window.isClosed()) window = plot.show();
            else window.drawPlot(plot);
        }

        private Plot plot() {
            int n = epochs.size();
            double[] x = new double[n];
            double[][] y = new double[5][n];
            for (int i = 0; i < n; i++) {
                EpochStats e = epochs.get(i);
                x[i] = e.epoch;
                y[0][i] = e.trainLoss;
                y[1][i] = e.heldOutLoss;
                y[2][i] = e.trainAccuracy;
                y[3][i] = e.heldOutAccuracy;
                y[4][i] = e.testAccuracy;
            }
            int fold = epochs.get(0).fold;
            Plot p = new Plot("EmotiJ training" + (fold > 0 ? " (fold " + fold + ")" : ""), "epoch", "loss / accuracy");
            Color[] colours = {Color.BLUE, Color.ORANGE, new Color(0, 0, 140), new Color(200, 90, 0), new Color(0, 150, 60)};
            String[] names = {"train loss", "held-out loss", "train accuracy", "held-out accuracy", "val accuracy"};
            for (int k = 0; k < 5; k++) {
                p.setColor(colours[k]);
                p.setLineWidth(k < 2 ? 2 : 1);
                p.addPoints(x, y[k], Plot.LINE);
            }
            p.setColor(Color.BLACK);
            p.addLegend(String.join("\n", names));
            p.setLimitsToFit(false);
            return p;
        }
    }
}
