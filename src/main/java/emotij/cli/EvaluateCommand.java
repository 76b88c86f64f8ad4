package emotij.cli;

import emotij.classify.ClassifierOptions;
import emotij.classify.Emotion;
import emotij.classify.Expression;
import emotij.classify.FaceCrop;
import emotij.dataset.LabelledImageFolder;
import emotij.detect.DetectorOptions;
import emotij.eval.ConfusionMatrix;
import emotij.batch.ImageJReader;
import emotij.batch.ImageReader;
import emotij.image.ImageChecks;
import emotij.image.InvalidImageException;
import emotij.image.PixelImage;
import emotij.pipeline.FaceAnalyzer;
import emotij.pipeline.LargestFaceFinder;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code emotij evaluate DATASET --detect none|auto}: accuracy of the classifier on a folder of labelled images.
 * With {@code none} each image is taken as a face crop; with {@code auto} the largest face the detector finds is
 * classified, and an image with no face counts as wrong.
 */
final class EvaluateCommand {

    static final String USAGE = "usage: emotij evaluate DATASET [--detect none|auto] [options]\n"
            + "  DATASET             a folder with one subfolder per emotion (FER-2013 or SFEW names, any case)\n"
            + "  --detect none|auto  none: each image is a face crop (default); auto: classify the largest face found\n"
            + "  --pad F             with --detect auto: put each image in the middle of a black canvas F times\n"
            + "                      its size first (for tight face crops, which detectors miss; default 1)\n"
            + "  --limit N           at most N images per class (for a quick check)\n"
            + AnalysisOptions.USAGE
            + "Prints per-class accuracy, the confusion matrix and, last, 'accuracy: 0.xxxx'.\n";

    /** Images read and classified together. */
    private static final int CHUNK = 64;

    private EvaluateCommand() {
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws UsageException, IOException {
        Args a = new Args(argv, 1, AnalysisOptions.union(AnalysisOptions.VALUED, Set.of("detect", "pad", "limit")),
                AnalysisOptions.FLAGS);
        if (a.positional().size() != 1) throw new UsageException("evaluate needs exactly one DATASET folder");
        String detect = a.string("detect", "none").toLowerCase(Locale.ROOT);
        if (!detect.equals("none") && !detect.equals("auto")) {
            throw new UsageException("--detect must be 'none' or 'auto', not '" + a.string("detect", "") + "'");
        }
        double pad = a.number("pad", 1, 1, 10);
        int limit = a.integer("limit", Integer.MAX_VALUE, 1, Integer.MAX_VALUE);
        LabelledImageFolder dataset;
        try {
            dataset = LabelledImageFolder.read(Paths.get(a.positional().get(0)));
        } catch (IOException e) {
            throw new UsageException(e.getMessage());
        }
        List<LabelledImageFolder.Sample> samples = limited(dataset.samples(), limit);
        out.println("dataset " + dataset.root() + ": " + dataset.describeCounts());
        DetectorOptions detectorOptions = AnalysisOptions.detector(a);
        boolean userMinFace = a.has("min-face");
        ClassifierOptions classifierOptions = AnalysisOptions.classifier(a);

        ConfusionMatrix matrix = new ConfusionMatrix();
        ImageReader reader = new ImageJReader();
        List<String> problems = new ArrayList<>();
        long start = System.nanoTime();
        try (FaceAnalyzer analyzer = FaceAnalyzer.withModels(detectorOptions, classifierOptions, AnalysisOptions.model(a))) {
            out.println("classifier: " + analyzer.classifier().networkDescription());
            LargestFaceFinder finder = new LargestFaceFinder(analyzer.detector(), detectorOptions, userMinFace, classifierOptions, pad);
            for (int from = 0; from < samples.size(); from += CHUNK) {
                List<LabelledImageFolder.Sample> chunk = samples.subList(from, Math.min(samples.size(), from + CHUNK));
                List<FaceCrop> crops = new ArrayList<>();
                List<Emotion> truths = new ArrayList<>();
                for (LabelledImageFolder.Sample s : chunk) {
                    String name = dataset.root().relativize(s.file).toString();
                    try {
                        PixelImage img = reader.open(s.file).plane(1);
                        ImageChecks.requireUsable(img, name);
                        if (detect.equals("none")) {
                            crops.add(FaceCrop.wholeImage(img));
                            truths.add(s.label);
                            continue;
                        }
                        FaceCrop face = finder.largestFace(img);
                        if (face == null) {
                            matrix.addMissed(s.label);
                            problems.add(name + ": no face found");
                            continue;
                        }
                        crops.add(face);
                        truths.add(s.label);
                    } catch (IOException | InvalidImageException e) {
                        matrix.addMissed(s.label);
                        problems.add(e.getMessage());
                    }
                }
                List<Expression> predicted = analyzer.classifier().classify(crops);
                for (int i = 0; i < predicted.size(); i++) matrix.add(truths.get(i), predicted.get(i).top());
                int done = Math.min(samples.size(), from + CHUNK);
                if (done % 640 == 0 || done == samples.size()) {
                    err.printf(Locale.ROOT, "  %d/%d images (%.0f s)%n", done, samples.size(), (System.nanoTime() - start) / 1e9);
                }
            }
        }
        if (!problems.isEmpty()) {
            out.println(problems.size() + " image(s) counted as wrong, unreadable or without a face:");
            for (String p : problems.subList(0, Math.min(20, problems.size()))) out.println("  " + p);
            if (problems.size() > 20) out.println("  ... and " + (problems.size() - 20) + " more");
        }
        out.println();
        out.print(matrix.report());
        out.printf(Locale.ROOT, "%nimages: %d, correct: %d, detect: %s%s, %.1f s%n", matrix.total(), matrix.correct(), detect,
                detect.equals("auto") && pad > 1 ? " (pad " + pad + ")" : "", (System.nanoTime() - start) / 1e9);
        out.printf(Locale.ROOT, "accuracy: %.4f%n", matrix.accuracy());
        return 0;
    }

    private static List<LabelledImageFolder.Sample> limited(List<LabelledImageFolder.Sample> all, int perClass) {
        if (perClass == Integer.MAX_VALUE) return all;
        int[] taken = new int[Emotion.values().length];
        List<LabelledImageFolder.Sample> out = new ArrayList<>();
        for (LabelledImageFolder.Sample s : all) {
            if (taken[s.label.ordinal()]++ < perClass) out.add(s);
        }
        return out;
    }
}
