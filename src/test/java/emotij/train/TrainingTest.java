package emotij.train;

import emotij.classify.ClassifierOptions;
import emotij.classify.Emotion;
import emotij.classify.Expression;
import emotij.classify.ExpressionClassifier;
import emotij.classify.FaceView;
import emotij.classify.FerNetwork;
import emotij.engine.TfModel;
import emotij.model.ModelStore;
import emotij.dataset.ExpressionDataset;
import emotij.dataset.FaceSample;
import emotij.progress.ProgressMeter;
import emotij.testing.AccuracyFloor;
import emotij.dataset.Grouping;
import emotij.testing.SfewLayout;
import emotij.testing.TestImages;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training on a small SFEW-layout set made of FER-2013 faces: the trained classifier is far above chance (1/7),
 * its folder reloads with the same predictions, a cancel keeps the best epoch, a model knows its classes, the
 * feature cache gives the same features again, and bad options, datasets or model folders get clear errors.
 */
class TrainingTest {

    @TempDir
    static Path tmp;
    private static ExpressionDataset data;

    @BeforeAll
    static void dataset() throws IOException {
        Path root = SfewLayout.build(TestImages.FER_SAMPLE, tmp.resolve("sfew"), 10, 5);
        data = ExpressionDataset.read(root, 0.2, ExpressionDataset::readWithImageIO, null, Grouping.byMovie(), 1, l -> { }, () -> false);
    }

    private static TrainingOptions options(String... keyValues) {
        TrainingOptions o = TrainingOptions.defaults().with("epochs", "6").with("patience", "0").with("batch_size", "8")
                .with("learning_rate", "0.01").with("backbone_lr", "0.01");
        for (int i = 0; i < keyValues.length; i += 2) o = o.with(keyValues[i], keyValues[i + 1]);
        return o;
    }

    @Test
    void aFrozenHeadLearnsExpressionsFromBackboneFeatures() throws IOException {
        // the head starts from random weights: what it gets on the unseen Val faces it learned from 70 faces
        TrainingOptions o = options("mode", "frozen", "backbone", "emotion", "tap", "pooled", "epochs", "30", "early_stop_fraction", "0");
        Recorder recorder = new Recorder(-1);
        TrainingRun.Result r = TrainingRun.run(data, o, null, recorder);
        List<EpochStats> epochs = recorder.epochs;
        try {
            assertEquals(30, epochs.size());
            assertTrue(epochs.get(29).trainLoss < epochs.get(0).trainLoss, "the training loss falls: " + epochs.get(0) + " -> " + epochs.get(29));
            assertTrue(r.valAccuracy() >= 0.3, "val accuracy " + r.valAccuracy() + " (chance 0.14)");
        } finally {
            r.model.close();
        }
    }

    @Test
    void aFineTunedModelIsSavedWithItsReportsAndReloadsWithTheSamePredictions() throws IOException {
        // one epoch of the head alone, then one that changes the backbone too: fine-tuning is slow on a CPU (here
        // about 20 s an epoch of these 70 faces), and what is checked is what a fine-tuned model saves and reloads
        Path dir = tmp.resolve("model");
        TrainingRun.Result r = TrainingRun.run(data, options("mode", "finetune", "backbone", "emotion",
                "tap", "classifier", "epochs", "2", "warmup_epochs", "1", "early_stop_fraction", "0"), dir, TrainingListener.SILENT);
        List<FaceView> views = new ArrayList<>();
        for (FaceSample s : data.val()) views.add(FaceView.of(s.crop));
        float[][] before;
        try {
            assertTrue(r.model.fineTuned());
            assertTrue(r.valAccuracy() >= 0.2, "val accuracy " + r.valAccuracy() + " (chance 0.14)");
            before = r.model.probabilities(views);
        } finally {
            r.model.close();
        }
        for (String f : new String[] {"emotij-model.json", "head.params", "backbone-0.params", "training.csv",
                "per-class.csv", "confusion.csv", "report.txt", "confusion.png", "curves.png"}) {
            assertTrue(Files.size(dir.resolve(f)) > 0, f);
        }
        assertTrue(Files.readString(dir.resolve("emotij-model.json")).contains("\"val_accuracy\""));
        // FER-2013 names hold no movie: the report says the splits grouped nothing
        assertTrue(Files.readString(dir.resolve("report.txt")).contains("nothing grouped"), Files.readString(dir.resolve("report.txt")));
        try (ExpressionClassifier reloaded = new ExpressionClassifier(TrainedModel.load(dir), new ClassifierOptions().withFlipAugment(false))) {
            List<emotij.classify.FaceCrop> crops = new ArrayList<>();
            for (FaceSample s : data.val()) crops.add(s.crop);
            List<Expression> after = reloaded.classify(crops);
            for (int i = 0; i < views.size(); i++) {
                float sum = 0;
                for (int k = 0; k < 7; k++) {
                    // probabilities (scale 1) of the same weights, batched differently: float rounding only
                    assertEquals(before[i][k], after.get(i).probabilities()[k], 1e-5, "face " + i + " class " + k);
                    sum += after.get(i).probabilities()[k];
                }
                assertEquals(1, sum, 1e-5);
            }
        }
    }

    @Test
    void aFrozenModelRunsWithoutPyTorchWithTheSameProbabilitiesAndCanAverageWithTheFastNet() throws IOException {
        // a hidden layer and dropout, so that the plain-Java head must skip dropout and put ReLU between layers
        Path dir = tmp.resolve("frozen-averaged");
        TrainingRun.Result r = TrainingRun.run(data, options("mode", "frozen", "backbone", "emotion", "tap", "concat",
                "hidden", "16", "dropout", "0.2", "epochs", "3", "early_stop_fraction", "0", "average_with", "fast"), dir, TrainingListener.SILENT);
        List<FaceView> views = new ArrayList<>();
        for (FaceSample s : data.val()) views.add(FaceView.of(s.crop));
        float[][] pytorch;
        try {
            pytorch = r.model.probabilities(views);
        } finally {
            r.model.close();
        }
        assertTrue(Files.readString(dir.resolve("emotij-model.json")).contains("\"head\""));
        float[][] plain;
        float[][] fast;
        try (emotij.classify.ExpressionNetwork net = emotij.pipeline.ExpressionModels.open(dir.toString());
             emotij.classify.ExpressionNetwork fastNet = emotij.pipeline.ExpressionModels.open("fast")) {
            assertTrue(net instanceof emotij.featurehead.FeatureHeadNetwork, net.getClass() + " (it needs no PyTorch)");
            plain = net.probabilities(views);
            fast = fastNet.probabilities(views);
        }
        int differsFromFast = 0;
        for (int i = 0; i < views.size(); i++) {
            float sum = 0;
            boolean differs = false;
            for (int k = 0; k < 7; k++) {
                // probabilities (scale 1) of the same weights, PyTorch's and plain Java's sums rounded differently
                assertEquals(pytorch[i][k], plain[i][k], 1e-5, "face " + i + " class " + k);
                // averaged with fast: each is at least half fast's probability, and at most half of it plus 1/2
                assertTrue(plain[i][k] >= fast[i][k] / 2 - 1e-6 && plain[i][k] <= fast[i][k] / 2 + 0.5 + 1e-6, "face " + i + " class " + k);
                differs |= Math.abs(plain[i][k] - fast[i][k]) > 1e-3;
                sum += plain[i][k];
            }
            assertEquals(1, sum, 1e-5);
            if (differs) differsFromFast++;
        }
        assertTrue(differsFromFast > views.size() / 2, differsFromFast + " of " + views.size() + " faces differ from fast alone: the head's half counts");
    }

    @Test
    void withTheClassifierTapAnUntrainedModelIsTheBuiltInClassifier() throws IOException {
        List<FaceView> views = new ArrayList<>();
        for (FaceSample s : data.val()) views.add(FaceView.of(s.crop));
        float[][] builtIn;
        try (FerNetwork fer = new FerNetwork(TfModel.load(ModelStore.locate(ModelStore.EXPRESSION)))) {
            builtIn = fer.probabilities(views);
        }
        for (String mode : new String[] {"frozen", "finetune"}) {
            try (TrainedModel m = TrainedModel.create(options("mode", mode, "backbone", "emotion", "tap", "classifier"))) {
                float[][] features;
                try (ai.djl.ndarray.NDManager batch = m.manager().newSubManager()) {
                    int n = views.size();
                    float[] f = m.features(new ai.djl.training.ParameterStore(batch, false), batch, views, false).toFloatArray();
                    features = new float[n][];
                    for (int i = 0; i < n; i++) features[i] = java.util.Arrays.copyOfRange(f, i * 7, (i + 1) * 7);
                }
                float[] mean = new float[7];
                float[] std = new float[7];
                for (int k = 0; k < 7; k++) {
                    std[k] = 1 + k;  // any standardisation: the head undoes it
                    for (float[] row : features) mean[k] += row[k] / features.length;
                }
                m.initializeHead(mean, std);
                float[][] got = m.probabilities(views);
                for (int i = 0; i < views.size(); i++) {
                    // probabilities (scale 1), TensorFlow's kernels against PyTorch's, as in GraphNetworkTest
                    for (int k = 0; k < 7; k++) assertEquals(builtIn[i][k], got[i][k], 1e-4, mode + ": face " + i + " class " + k);
                }
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainedModel.create(options("backbone", "faceres", "tap", "classifier")));
        assertTrue(e.getMessage().contains("tap=classifier") && e.getMessage().contains("faceres")
                && e.getMessage().contains("tap=pooled"), e.getMessage());
    }

    /** Records the epochs and log lines, and cancels once {@code cancelAfterEpochs} epochs have ended (-1: never). */
    private static final class Recorder implements TrainingListener {
        final List<EpochStats> epochs = new ArrayList<>();
        final List<String> lines = new ArrayList<>();
        final int cancelAfterEpochs;
        int progressCalls;
        int cancelAfterProgressCalls = -1;

        Recorder(int cancelAfterEpochs) {
            this.cancelAfterEpochs = cancelAfterEpochs;
        }

        @Override
        public void epoch(EpochStats stats) {
            epochs.add(stats);
        }

        @Override
        public void log(String line) {
            lines.add(line);
        }

        @Override
        public void progress(double fraction, String status) {
            progressCalls++;
        }

        @Override
        public boolean cancelled() {
            return (cancelAfterEpochs >= 0 && epochs.size() >= cancelAfterEpochs)
                    || (cancelAfterProgressCalls >= 0 && progressCalls >= cancelAfterProgressCalls);
        }

        boolean logged(String part) {
            return lines.stream().anyMatch(l -> l.contains(part));
        }
    }

    @Test
    void aCancelledRunSavesItsBestEpochSoFarAsAModelThatLoadsAndClassifies() throws IOException {
        Path dir = tmp.resolve("cancelled");
        Recorder recorder = new Recorder(3);
        TrainingRun.Result r = TrainingRun.run(data, options("mode", "frozen", "backbone", "emotion", "epochs", "20"), dir, recorder);
        try {
            assertTrue(r.outcome.cancelled);
            assertEquals(3, r.outcome.history.size(), "the epochs finished before the cancel");
            assertTrue(r.outcome.bestEpoch >= 1 && r.outcome.bestEpoch <= 3, "best epoch " + r.outcome.bestEpoch);
            // the kept weights are the best epoch's: its val accuracy (same cached features) is the one logged then
            assertEquals(r.outcome.history.get(r.outcome.bestEpoch - 1).testAccuracy, r.valAccuracy(), 0.0,
                    "val accuracy of the kept model vs. its epoch's line");
            assertTrue(recorder.logged("keeping the best epoch so far") && recorder.logged("saved the best epoch"), String.join("\n", recorder.lines));
        } finally {
            r.model.close();
        }
        assertTrue(Files.readString(dir.resolve("emotij-model.json")).contains("\"cancelled_after_epoch\": 3"));
        List<emotij.classify.FaceCrop> crops = new ArrayList<>();
        for (FaceSample s : data.val()) crops.add(s.crop);
        try (ExpressionClassifier reloaded = new ExpressionClassifier(TrainedModel.load(dir), new ClassifierOptions())) {
            List<Expression> got = reloaded.classify(crops);
            assertEquals(crops.size(), got.size());
            for (Expression e : got) {
                float sum = 0;
                for (float p : e.probabilities()) sum += p;
                // the probabilities are floats summing to 1: a few ulps of 1
                assertEquals(1, sum, 1e-5);
            }
        }

        Path none = tmp.resolve("cancelled-at-once");
        CancellationException c = assertThrows(CancellationException.class, () -> TrainingRun.run(data,
                options("mode", "frozen", "backbone", "emotion"), none, new Recorder(0)));
        assertTrue(c.getMessage().contains("cancelled"), c.getMessage());
        assertFalse(Files.exists(none), "a cancel before the first epoch saves nothing");
    }

    @Test
    void aCancelWhileFeaturesAreComputedStopsThem() {
        Recorder recorder = new Recorder(-1);
        recorder.cancelAfterProgressCalls = 1;  // after the first batch of features
        CancellationException c = assertThrows(CancellationException.class, () -> TrainingRun.run(data,
                options("mode", "frozen", "backbone", "emotion", "views", "8"), tmp.resolve("never"), recorder));
        assertTrue(c.getMessage().contains("computing features"), c.getMessage());
        assertEquals(1, recorder.progressCalls, "stopped at the next batch");
        assertTrue(recorder.epochs.isEmpty());
    }

    @Test
    void aModelKnowsTheClassesItWasTrainedOnAndOthersGetNoProbability() throws IOException {
        List<FaceSample> train = new ArrayList<>();
        for (FaceSample s : data.train()) if (s.label == Emotion.HAPPY || s.label == Emotion.SAD) train.add(s);
        ExpressionTrainer trainer = new ExpressionTrainer(options("mode", "frozen", "backbone", "emotion", "epochs", "5",
                "early_stop_fraction", "0"), TrainingListener.SILENT);
        Path dir = tmp.resolve("happy-sad");
        ExpressionTrainer.Outcome o = trainer.train(train, List.of(), 0, 0, 1);
        try {
            assertEquals(List.of(Emotion.HAPPY, Emotion.SAD), o.model.classes());
            o.model.save(dir);
        } finally {
            o.model.close();
        }
        List<emotij.classify.FaceCrop> crops = new ArrayList<>();
        for (FaceSample s : data.val()) crops.add(s.crop);
        try (TrainedModel m = TrainedModel.load(dir); ExpressionClassifier c = new ExpressionClassifier(m, new ClassifierOptions())) {
            assertEquals(List.of(Emotion.HAPPY, Emotion.SAD), m.classes());
            for (Expression e : c.classify(crops)) {
                assertTrue(e.top() == Emotion.HAPPY || e.top() == Emotion.SAD, "labelled " + e.top());
                float[] p = e.probabilities();
                assertEquals(7, p.length, "the result columns stay the 7 emotions");
                for (Emotion k : Emotion.values()) {
                    if (k != Emotion.HAPPY && k != Emotion.SAD) assertEquals(0f, p[k.ordinal()], k + " has no output");
                }
                // float probabilities summing to 1: a few ulps
                assertEquals(1, p[Emotion.HAPPY.ordinal()] + p[Emotion.SAD.ordinal()], 1e-5);
            }
        }
    }

    @Test
    void oneClassIsRefusedWithTheDatasetAndTheClassFound() throws IOException {
        Path root = tmp.resolve("only-happy");
        Path happy = Files.createDirectories(root.resolve("happy"));
        try (var files = Files.list(TestImages.FER_SAMPLE.resolve("happy"))) {
            for (Path f : (Iterable<Path>) files.limit(6)::iterator) Files.copy(f, happy.resolve(f.getFileName()));
        }
        ExpressionDataset one = ExpressionDataset.read(root, 0.3, ExpressionDataset::readWithImageIO, null, Grouping.byMovie(), 1, l -> { }, () -> false);
        Path out = tmp.resolve("one-class-model");
        IOException e = assertThrows(IOException.class, () -> TrainingRun.run(one, options("backbone", "emotion"), out, TrainingListener.SILENT));
        assertTrue(e.getMessage().contains(root.toString()) && e.getMessage().contains("happy")
                && e.getMessage().contains("at least 2 classes"), e.getMessage());
        assertFalse(Files.exists(out));
    }

    @Test
    void theFeatureCacheGivesTheSameFeaturesToTheNextRunAndCanBeCleared() throws IOException {
        FeatureCache cache = FeatureCache.at(tmp.resolve("feature-cache"));
        TrainingOptions o = options("mode", "frozen", "backbone", "emotion", "views", "3", "epochs", "4");
        Recorder first = new Recorder(-1);
        TrainingRun.run(data, o, null, first, cache).model.close();
        assertFalse(first.logged("read from the feature cache"));
        assertTrue(first.logged("kept them in the feature cache"), String.join("\n", first.lines));
        assertTrue(cache.size() > 0);

        // another head: the features are read, not computed
        Recorder otherHead = new Recorder(-1);
        TrainingRun.run(data, o.with("hidden", "16"), null, otherHead, cache).model.close();
        assertTrue(otherHead.lines.stream().anyMatch(l -> l.matches("features of \\d+ views of \\d+ training faces: read from the feature cache.*")),
                String.join("\n", otherHead.lines));
        assertFalse(otherHead.lines.stream().anyMatch(l -> l.matches("features of .* views/s\\)")), String.join("\n", otherHead.lines));

        // the same settings again: the cached features are exactly the computed ones, so the training is too
        Recorder again = new Recorder(-1);
        TrainingRun.run(data, o, null, again, cache).model.close();
        assertTrue(again.logged("read from the feature cache"));
        for (int i = 0; i < first.epochs.size(); i++) assertEquals(first.epochs.get(i).csv().replaceAll(",[^,]*,[^,]*$", ""),
                again.epochs.get(i).csv().replaceAll(",[^,]*,[^,]*$", ""), "epoch " + (i + 1) + " (seconds aside)");

        // another seed draws other views: computed anew
        Recorder otherSeed = new Recorder(-1);
        TrainingRun.run(data, o.with("seed", "7"), null, otherSeed, cache).model.close();
        assertFalse(otherSeed.logged("training faces: read from the feature cache"), String.join("\n", otherSeed.lines));

        assertTrue(cache.clear() > 0);
        assertEquals(0, cache.size());
    }

    @Test
    void progressLinesGiveDoneOfTotalTheRateAndTheTimeLeft() {
        List<String> lines = new ArrayList<>();
        ProgressMeter meter = new ProgressMeter(lines::add, "features of training faces", "views", 10, 0);
        meter.advance(3);
        assertTrue(lines.get(0).matches("features of training faces: 3/10 views, [0-9.]+ views/s, about .* left"), lines.get(0));
        meter.advance(7);
        assertTrue(lines.get(1).matches("features of training faces: 10/10 views, [0-9.]+ views/s, done in .*"), lines.get(1));
        meter.finish();
        assertEquals(2, lines.size(), "no repeated last line");
        List<String> quiet = new ArrayList<>();
        ProgressMeter slow = new ProgressMeter(quiet::add, "epoch 1/3", "faces", 10, 3600);
        slow.advance(10);
        slow.finish();
        assertTrue(quiet.isEmpty(), "a stage shorter than the interval gives no line: " + quiet);
    }

    @Test
    void overwritingAWeightGivesExactlyTheNewValues() {
        try (ai.djl.ndarray.NDManager m = emotij.engine.PyTorchRuntime.engine().newBaseManager()) {
            ai.djl.ndarray.NDArray w = m.create(new float[] {1, 2, 3, 4, 5, 6}, new ai.djl.ndarray.types.Shape(2, 3));
            w.setRequiresGradient(true);
            float[] values = {-1.5f, 0, 2.25f, 1e-8f, 7, Float.MAX_VALUE};
            emotij.engine.PyTorchRuntime.overwrite(w, values);
            assertEquals(java.util.Arrays.toString(values), java.util.Arrays.toString(w.toFloatArray()));
            assertTrue(w.hasGradient(), "still a trainable weight");
        }
    }

    /** The target, with the defaults a user gets (about 5 minutes on 2 cores; skipped without ../shared). */
    @AccuracyFloor
    void theDefaultsReachTheTargetInFiveFoldCrossValidationOnSfewTrain() throws IOException {
        Path sfew = Path.of("../shared/data/sfew2-train");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(sfew), sfew + " not present");
        TrainingOptions o = TrainingOptions.defaults().with("folds", "5");
        ExpressionDataset sfewData = emotij.batch.TrainingImages.read(sfew, o, false, 1, new emotij.batch.ImageJReader(), l -> { }, () -> false);
        assertEquals(860, sfewData.crossValidationFaces().size());
        TrainingRun.Result r = TrainingRun.run(sfewData, o, null, TrainingListener.SILENT);
        try {
            // README: 0.4594 +- 0.0489 with folds of unseen movies (frozen mode: the same folds and features on any
            // CPU up to float rounding, which moves the head's training a little: 0.02 of margin, about 3 faces a fold);
            // the floor guards the defaults against a regression, it does not prove them on new movies (they were
            // chosen on these folds); chance 0.14, majority class 0.21
            assertTrue(r.foldMean() >= 0.44, "5-fold CV accuracy " + r.foldMean() + " +- " + r.foldSpread());
        } finally {
            if (r.model != null) r.model.close();
        }
    }

    @Test
    void badModelFoldersNameTheProblem() throws IOException {
        IOException e = assertThrows(IOException.class, () -> TrainedModel.load(tmp.resolve("missing")));
        assertTrue(e.getMessage().contains("not found"), e.getMessage());
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        e = assertThrows(IOException.class, () -> TrainedModel.load(empty));
        assertTrue(e.getMessage().contains("no emotij-model.json"), e.getMessage());
        Path dir = tmp.resolve("small");
        TrainingRun.run(data, options("mode", "frozen", "backbone", "emotion", "epochs", "1"), dir, TrainingListener.SILENT).model.close();
        Files.writeString(dir.resolve("head.params"), "garbage");
        e = assertThrows(IOException.class, () -> TrainedModel.load(dir));
        assertTrue(e.getMessage().contains("head.params") && e.getMessage().contains("corrupt"), e.getMessage());
        Files.writeString(dir.resolve("emotij-model.json"), "{ not json");
        e = assertThrows(IOException.class, () -> TrainedModel.load(dir));
        assertTrue(e.getMessage().contains("corrupt"), e.getMessage());
    }

    @Test
    void badOptionsNameTheKeyAndWhatIsAllowed() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> TrainingOptions.defaults().with("mode", "deep"));
        assertTrue(e.getMessage().contains("mode") && e.getMessage().contains("frozen, finetune"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainingOptions.defaults().with("learning_rate", "fast"));
        assertTrue(e.getMessage().contains("learning_rate") && e.getMessage().contains("'fast'"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainingOptions.defaults().with("folds", "1"));
        assertTrue(e.getMessage().contains("folds"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> TrainingOptions.defaults().with("colour", "red"));
        assertTrue(e.getMessage().contains("unknown training option 'colour'"), e.getMessage());
        IOException b = assertThrows(IOException.class, () -> TrainedModel.create(TrainingOptions.defaults().with("backbone", "facenet")));
        assertTrue(b.getMessage().contains("'facenet'") && b.getMessage().contains("mobilefacenet"), b.getMessage());
    }
}
