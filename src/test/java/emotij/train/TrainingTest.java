package emotij.train;

import emotij.classify.ClassifierOptions;
import emotij.classify.Expression;
import emotij.classify.ExpressionClassifier;
import emotij.classify.FaceView;
import emotij.classify.FerNetwork;
import emotij.engine.TfModel;
import emotij.model.ModelStore;
import emotij.dataset.ExpressionDataset;
import emotij.dataset.FaceSample;
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

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Training on a small SFEW-layout set made of FER-2013 faces: the trained classifier is far above chance (1/7),
 * its folder reloads with the same predictions, and bad options or model folders get clear errors.
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
        List<EpochStats> epochs = new ArrayList<>();
        TrainingRun.Result r = TrainingRun.run(data, o, null, new TrainingListener() {
            @Override
            public void epoch(EpochStats stats) {
                epochs.add(stats);
            }

            @Override
            public void message(String line) {
            }
        });
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
        Path dir = tmp.resolve("model");
        TrainingRun.Result r = TrainingRun.run(data, options("mode", "finetune", "backbone", "emotion",
                "tap", "classifier", "epochs", "6", "warmup_epochs", "3", "early_stop_fraction", "0"), dir, TrainingListener.SILENT);
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
                    assertEquals(before[i][k], after.get(i).probabilities()[k], 1e-5, "face " + i + " class " + k);
                    sum += after.get(i).probabilities()[k];
                }
                assertEquals(1, sum, 1e-5);
            }
        }
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
                    for (int k = 0; k < 7; k++) assertEquals(builtIn[i][k], got[i][k], 1e-4, mode + ": face " + i + " class " + k);
                }
            }
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> TrainedModel.create(options("backbone", "faceres", "tap", "classifier")));
        assertTrue(e.getMessage().contains("tap=classifier") && e.getMessage().contains("faceres")
                && e.getMessage().contains("tap=pooled"), e.getMessage());
    }

    /** The target, with the defaults a user gets (about 5 minutes on 2 cores; skipped without ../shared). */
    @Test
    void theDefaultsReachTheTargetInFiveFoldCrossValidationOnSfewTrain() throws IOException {
        Path sfew = Path.of("../shared/data/sfew2-train");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isDirectory(sfew), sfew + " not present");
        TrainingOptions o = TrainingOptions.defaults().with("folds", "5");
        ExpressionDataset sfewData = emotij.ij.TrainingJob.readDataset(sfew, o, false, 1, l -> { }, () -> false);
        assertEquals(860, sfewData.crossValidationFaces().size());
        TrainingRun.Result r = TrainingRun.run(sfewData, o, null, TrainingListener.SILENT);
        try {
            // the target for unseen movies; README: 0.4185 +- 0.0504 movie-grouped (0.4757 when folds shared
            // movies), so this fails until the defaults improve; chance 0.14, majority class 0.21
            assertTrue(r.foldMean() >= 0.45, "5-fold CV accuracy " + r.foldMean() + " +- " + r.foldSpread());
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
