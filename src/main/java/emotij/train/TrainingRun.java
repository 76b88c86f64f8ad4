package emotij.train;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import emotij.classify.Emotion;
import emotij.dataset.ExpressionDataset;
import emotij.dataset.FaceSample;
import emotij.dataset.Splits;
import emotij.progress.ProgressMeter;
import emotij.eval.ConfusionMatrix;

import javax.imageio.ImageIO;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CancellationException;

/**
 * A whole training job on a dataset: optional k-fold cross-validation on Train (mean and spread), then the
 * final model trained on all of Train, scored on Val, and saved with its reports (curves, per-class accuracy,
 * confusion matrix as CSV, text and PNG). What every entry point (plugin, SciJava command, command line) runs.
 * A cancel during the final model's epochs saves its best epoch so far; a cancel before that saves nothing
 * ({@link CancellationException}).
 */
public final class TrainingRun {

    /** What the job gives. The model is open (the caller closes it) or null when only cross-validation ran. */
    public static final class Result {
        public final TrainedModel model;
        public final ExpressionTrainer.Outcome outcome;
        public final double[] foldAccuracies;
        public final ConfusionMatrix crossValidation;
        /**
         * How the faces were grouped for every split (held-out parts, early stopping, folds), and how many groups each
         * fold holds: a note says when nothing was grouped.
         */
        public final String grouping;

        Result(TrainedModel model, ExpressionTrainer.Outcome outcome, double[] foldAccuracies, ConfusionMatrix crossValidation,
               String grouping) {
            this.model = model;
            this.grouping = grouping;
            this.outcome = outcome;
            this.foldAccuracies = foldAccuracies;
            this.crossValidation = crossValidation;
        }

        public double valAccuracy() {
            return outcome == null ? Double.NaN : outcome.test.accuracy();
        }

        public double foldMean() {
            double s = 0;
            for (double a : foldAccuracies) s += a;
            return foldAccuracies.length == 0 ? Double.NaN : s / foldAccuracies.length;
        }

        /** Sample standard deviation of the fold accuracies. */
        public double foldSpread() {
            if (foldAccuracies.length < 2) return Double.NaN;
            double m = foldMean();
            double s = 0;
            for (double a : foldAccuracies) s += (a - m) * (a - m);
            return Math.sqrt(s / (foldAccuracies.length - 1));
        }
    }

    private TrainingRun() {
    }

    /** {@link #run(ExpressionDataset, TrainingOptions, Path, TrainingListener, FeatureCache)} without a feature cache. */
    public static Result run(ExpressionDataset data, TrainingOptions options, Path out, TrainingListener caller)
            throws IOException {
        return run(data, options, out, caller, FeatureCache.NONE);
    }

    /**
     * @param out   where to save the model folder; null with {@code folds > 0} runs the cross-validation only
     * @param cache where backbone features are kept between runs ({@link FeatureCache#NONE}: nowhere)
     * @throws IOException naming the dataset when it has fewer than 2 classes
     * @throws CancellationException when cancelled before the final model finished an epoch (nothing saved)
     */
    public static Result run(ExpressionDataset data, TrainingOptions options, Path out, TrainingListener caller,
                             FeatureCache cache) throws IOException {
        List<Emotion> classes = ExpressionTrainer.classesOf(data.crossValidationFaces());
        if (classes.size() < 2) {
            throw new IOException("Dataset " + data.root() + " has training faces of " + (classes.isEmpty() ? "no class"
                    : "one class only (" + ExpressionDataset.describe(ExpressionDataset.counts(data.train())) + ")")
                    + ": a classifier needs at least 2 classes, one folder of faces per class (angry, disgust, fear,"
                    + " happy, sad, surprise, neutral)");
        }
        TrainingListener listener = withJobEta(caller);
        listener.log("settings: " + options);
        if (options.mode() == TrainingOptions.Mode.FINETUNE && !options.backbones().equals(List.of("emotion"))) {
            // the default backbones are for frozen mode: fine-tuning the face nets is 10-50x slower on a CPU
            listener.log("note: fine-tuning " + String.join(",", options.backbones()) + " is slow on a CPU; the best"
                    + " fine-tuning measured on SFEW is backbone=emotion tap=classifier (README)");
        }
        ExpressionTrainer trainer = new ExpressionTrainer(options, listener, cache, data.root());
        int k = options.folds();
        boolean finalModel = out != null || k == 0;
        double cvShare = k == 0 ? 0 : finalModel ? k / (k + 1.0) : 1;
        double[] accuracies = new double[k];
        ConfusionMatrix cv = new ConfusionMatrix();
        String grouping = data.grouping().describe() + ": " + Splits.describeGroups(data.crossValidationFaces());
        if (k > 0) {
            List<FaceSample> faces = data.crossValidationFaces();
            List<List<FaceSample>> folds = Splits.folds(faces, k, options.seed());
            grouping += "; groups per fold: " + groupsPerFold(folds);
            listener.log("cross-validation folds keep groups whole; grouping " + grouping);
            for (int f = 0; f < k; f++) {
                listener.log(String.format(Locale.ROOT, "fold %d/%d: train on %d faces, test on %d (%d groups: %s)", f + 1, k,
                        faces.size() - folds.get(f).size(), folds.get(f).size(), Splits.groupCount(folds.get(f)),
                        ExpressionDataset.describe(ExpressionDataset.counts(folds.get(f)))));
                ExpressionTrainer.Outcome o = trainer.train(Splits.without(folds, f), folds.get(f), f + 1,
                        cvShare * f / k, cvShare * (f + 1) / k);
                o.model.close();
                if (o.cancelled) {
                    throw new CancellationException("training was cancelled in cross-validation fold " + (f + 1) + "/" + k
                            + (finalModel ? ", before the final model" : ""));
                }
                accuracies[f] = o.test.accuracy();
                for (Emotion t : Emotion.values()) for (Emotion p : Emotion.values()) {
                    for (long i = 0; i < o.test.count(t, p); i++) cv.add(t, p);
                }
                listener.log(String.format(Locale.ROOT, "fold %d/%d: accuracy %.4f (best epoch %d)", f + 1, k, accuracies[f], o.bestEpoch));
            }
            Result partial = new Result(null, null, accuracies, cv, grouping);
            listener.log(String.format(Locale.ROOT, "cross-validation (%d folds, whole groups per fold): mean accuracy %.4f +- %.4f",
                    k, partial.foldMean(), partial.foldSpread()));
            if (!finalModel) return partial;
        }
        listener.log("final model: train on " + data.train().size() + " faces, test on " + data.val().size()
                + (data.heldOutValidation() ? " held-out faces" : " Val faces"));
        ExpressionTrainer.Outcome o = trainer.train(data.train(), data.val(), 0, cvShare, 1);
        Result result = new Result(o.model, o, accuracies, cv, grouping);
        o.model.setScores(scores(result, data, options));
        if (out != null) {
            o.model.save(out);
            writeReports(result, out);
            listener.log(o.cancelled ? "cancelled: saved the best epoch so far (epoch " + o.bestEpoch + " of "
                    + o.history.size() + " finished) to " + out : "saved the model to " + out);
        }
        listener.progress(1, null);
        return result;
    }

    /** e.g. {@code 10, 10, 9, 11, 10} */
    private static String groupsPerFold(List<List<FaceSample>> folds) {
        StringBuilder s = new StringBuilder();
        for (List<FaceSample> fold : folds) s.append(s.length() > 0 ? ", " : "").append(Splits.groupCount(fold));
        return s.toString();
    }

    /**
     * The caller's listener with the whole job's share done and time left (all folds and the final model, from the
     * elapsed time and the fraction done) appended to each status line: "; training 40% done, about 3m05s left".
     */
    private static TrainingListener withJobEta(TrainingListener l) {
        long start = System.nanoTime();
        return new TrainingListener() {
            private String job = "";

            @Override
            public void epoch(EpochStats stats) {
                l.epoch(stats);
            }

            @Override
            public void log(String line) {
                l.log(line);
            }

            @Override
            public void status(String line) {
                l.status(line + job);
            }

            @Override
            public boolean cancelled() {
                return l.cancelled();
            }

            @Override
            public void progress(double fraction, String status) {
                double elapsed = (System.nanoTime() - start) / 1e9;
                double secondsLeft = fraction <= 0 ? Double.NaN : elapsed / fraction * (1 - fraction);
                job = String.format(Locale.ROOT, "; training %.0f%% done, about %s left", 100 * fraction,
                        ProgressMeter.duration(secondsLeft));
                l.progress(fraction, status);
            }
        };
    }

    private static JsonObject scores(Result r, ExpressionDataset data, TrainingOptions options) {
        JsonObject s = new JsonObject();
        s.addProperty("val_accuracy", r.valAccuracy());
        s.addProperty("val_faces", data.val().size());
        s.addProperty("val_is_held_out_part_of_train", data.heldOutValidation());
        s.addProperty("val_mean_class_accuracy", r.outcome.test.meanClassAccuracy());
        s.addProperty("train_accuracy", r.outcome.trainAccuracy);
        s.addProperty("train_faces", data.train().size());
        s.addProperty("best_epoch", r.outcome.bestEpoch);
        if (r.outcome.cancelled) s.addProperty("cancelled_after_epoch", r.outcome.history.size());
        JsonObject perClass = new JsonObject();
        for (Emotion e : Emotion.values()) if (r.outcome.test.total(e) > 0) perClass.addProperty(e.label(), r.outcome.test.accuracy(e));
        s.add("val_per_class_accuracy", perClass);
        if (options.folds() > 0) {
            JsonArray folds = new JsonArray();
            for (double a : r.foldAccuracies) folds.add(a);
            s.add("cv_fold_accuracies", folds);
            s.addProperty("cv_mean", r.foldMean());
            s.addProperty("cv_spread", r.foldSpread());
        }
        s.addProperty("grouping", r.grouping);
        s.addProperty("dataset", data.root().toAbsolutePath().toString());
        return s;
    }

    /** training.csv, per-class.csv, confusion.csv, report.txt, confusion.png and curves.png in {@code dir}. */
    static void writeReports(Result r, Path dir) throws IOException {
        StringBuilder curves = new StringBuilder(EpochStats.CSV_HEADER).append('\n');
        for (EpochStats e : r.outcome.history) curves.append(e.csv()).append('\n');
        Files.writeString(dir.resolve("training.csv"), curves, StandardCharsets.UTF_8);
        ConfusionMatrix m = r.outcome.test;
        StringBuilder perClass = new StringBuilder("class,faces,correct,accuracy\n");
        StringBuilder confusion = new StringBuilder("true\\predicted");
        for (Emotion e : Emotion.values()) confusion.append(',').append(e.label());
        confusion.append('\n');
        for (Emotion t : Emotion.values()) {
            perClass.append(String.format(Locale.ROOT, "%s,%d,%d,%.6f%n", t.label(), m.total(t), m.count(t, t),
                    m.total(t) == 0 ? Double.NaN : m.accuracy(t)));
            confusion.append(t.label());
            for (Emotion p : Emotion.values()) confusion.append(',').append(m.count(t, p));
            confusion.append('\n');
        }
        Files.writeString(dir.resolve("per-class.csv"), perClass, StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("confusion.csv"), confusion, StandardCharsets.UTF_8);
        String report = m.report() + String.format(Locale.ROOT, "%ntrain accuracy (best epoch): %.4f%nval accuracy: %.4f%n",
                r.outcome.trainAccuracy, r.valAccuracy());
        if (r.foldAccuracies.length > 0) {
            report += String.format(Locale.ROOT, "cross-validation on Train (%d folds): %.4f +- %.4f%n", r.foldAccuracies.length,
                    r.foldMean(), r.foldSpread());
        }
        report += "splits keep groups whole; grouping " + r.grouping + "\n";
        Files.writeString(dir.resolve("report.txt"), report, StandardCharsets.UTF_8);
        ImageIO.write(ReportImages.confusion(m, "Confusion matrix (val)"), "png", dir.resolve("confusion.png").toFile());
        ImageIO.write(ReportImages.curves(r.outcome.history), "png", dir.resolve("curves.png").toFile());
    }
}
