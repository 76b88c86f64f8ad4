package emotij.cli;

import emotij.classify.ClassifierOptions;
import emotij.classify.ExpressionClassifier;
import emotij.classify.FaceCrop;
import emotij.detect.DetectedFace;
import emotij.io.ImageConversion;
import emotij.batch.ImageJReader;
import emotij.batch.InputFiles;
import emotij.io.ImageFiles;
import emotij.image.PixelImage;
import emotij.pipeline.ExpressionModels;
import emotij.pipeline.FaceAnalyzer;
import emotij.pipeline.FaceResult;
import emotij.ij.EmotiJRun;
import emotij.ij.EmotiJSettings;
import emotij.progress.Progress;
import ij.ImagePlus;
import ij.measure.ResultsTable;
import ij.process.ImageProcessor;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * {@code emotij benchmark}: speed of detection alone, classification alone (batch 1 and 32) and the whole
 * pipeline, on the sample images, after warm-up. Prints a Markdown table (median of the repeats).
 */
final class BenchmarkCommand {

    static final String USAGE = "usage: emotij benchmark [--images DIR] [--repeat N]\n"
            + "  --images DIR        the images to time (default: sample-images)\n"
            + "  --repeat N          timed repeats of each measurement; the median is reported (default 10)\n"
            + AnalysisOptions.USAGE;

    private BenchmarkCommand() {
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws UsageException, IOException {
        Args a = new Args(argv, 1, AnalysisOptions.union(AnalysisOptions.VALUED, Set.of("images", "repeat")), AnalysisOptions.FLAGS);
        Path dir = Paths.get(a.string("images", "sample-images"));
        int repeat = a.integer("repeat", 10, 1, 10000);
        List<Path> files = InputFiles.expand(List.of(dir), false);
        if (files.isEmpty()) throw new UsageException("no images in " + dir);
        ClassifierOptions classifierOptions = AnalysisOptions.classifier(a);
        out.printf(Locale.ROOT, "EmotiJ benchmark: %d cores, Java %s, %s %s; median of %d runs after warm-up%n%n",
                Runtime.getRuntime().availableProcessors(), System.getProperty("java.version"),
                System.getProperty("os.name"), System.getProperty("os.arch"), repeat);
        String model = AnalysisOptions.model(a);
        out.printf(Locale.ROOT, "image rows: --model %s%n%n", model);
        try (FaceAnalyzer analyzer = FaceAnalyzer.withModels(AnalysisOptions.detector(a), classifierOptions, model)) {
            out.println("| image | size | faces | detection (ms) | whole pipeline (ms) | images/s | faces/s |");
            out.println("|---|---|---|---|---|---|---|");
            List<FaceCrop> crops = new ArrayList<>();
            for (Path f : files) {
                PixelImage img = new ImageJReader().open(f).plane(1);
                timeImage(f.getFileName().toString(), img, analyzer, repeat, out, crops);
            }
            PixelImage vga = vgaFrame(files);
            if (vga != null) timeImage("640x480 frame (laos_two_people, scaled)", vga, analyzer, repeat, out, null);
            out.println();
            timeStack(files, model, out);
            out.println();
            if (crops.isEmpty()) throw new IOException("no face found in " + dir + " to time the classifier on");
            out.println("| model | classification | batch | faces/s |");
            out.println("|---|---|---|---|");
            // the built-in models side by side (and --model's, when it is a trained one), in the same run
            Set<String> models = new java.util.LinkedHashSet<>(List.of(ExpressionModels.FAST, ExpressionModels.ACCURATE, model));
            for (String m : models) {
                // --model's classifier is the analyzer's, already loaded
                boolean loaded = m.equals(model);
                ExpressionClassifier classifier = loaded ? analyzer.classifier()
                        : new ExpressionClassifier(ExpressionModels.open(m), classifierOptions);
                try {
                    for (boolean flip : new boolean[] {false, true}) {
                        for (int batch : new int[] {1, 32}) {
                            timeClassifier(m, classifier.withOptions(classifierOptions.withFlipAugment(flip).withBatchSize(batch)),
                                    crops, batch, flip, repeat, out);
                        }
                    }
                } finally {
                    if (!loaded) classifier.close();
                }
            }
        }
        return 0;
    }

    private static void timeImage(String name, PixelImage img, FaceAnalyzer analyzer, int repeat, PrintStream out,
                                  List<FaceCrop> cropsSink) {
        List<PixelImage> one = List.of(img);
        List<List<DetectedFace>> warm = analyzer.detector().detectAll(one);
        analyzer.analyzeChecked(one);
        double[] detect = new double[repeat];
        double[] whole = new double[repeat];
        int faces = warm.get(0).size();
        for (int r = 0; r < repeat; r++) {
            long t0 = System.nanoTime();
            analyzer.detector().detectAll(one);
            long t1 = System.nanoTime();
            List<FaceResult> res = analyzer.analyzeChecked(one).get(0);
            long t2 = System.nanoTime();
            detect[r] = (t1 - t0) / 1e6;
            whole[r] = (t2 - t1) / 1e6;
            faces = res.size();
        }
        double w = median(whole);
        out.printf(Locale.ROOT, "| %s | %dx%d | %d | %.1f | %.1f | %.1f | %.0f |%n", name, img.width(), img.height(), faces,
                median(detect), w, 1000 / w, faces * 1000 / w);
        if (cropsSink != null) {
            for (DetectedFace f : warm.get(0)) cropsSink.add(FaceCrop.ofDetection(img, f, analyzer.classifier().options()));
        }
    }

    private static void timeClassifier(String model, ExpressionClassifier classifier, List<FaceCrop> faces,
                                       int batch, boolean flip, int repeat, PrintStream out) {
        // enough crops for several full batches
        List<FaceCrop> work = new ArrayList<>();
        while (work.size() < Math.max(128, 4 * batch)) work.addAll(faces);
        classifier.classify(work);
        double[] ms = new double[repeat];
        for (int r = 0; r < repeat; r++) {
            long t0 = System.nanoTime();
            classifier.classify(work);
            ms[r] = (System.nanoTime() - t0) / 1e6;
        }
        out.printf(Locale.ROOT, "| %s | %s | %d | %.0f |%n", model, flip ? "with flip augmentation" : "single view", batch,
                work.size() * 1000 / median(ms));
    }

    /**
     * A 200-frame 640x480 stack with the two Laos faces moving 2 pixels a frame, classified through the ImageJ
     * layer (plane by plane, overlay ROIs, Results rows), as Plugins > EmotiJ > Classify Expressions does it, with the --model classifier.
     */
    private static void timeStack(List<Path> files, String model, PrintStream out) throws IOException {
        ImageProcessor frame0 = null;
        for (Path f : files) {
            if (f.getFileName().toString().startsWith("laos_two_people")) {
                ImageProcessor ip = ImageFiles.open(f).getProcessor();
                ip.setInterpolationMethod(ImageProcessor.BILINEAR);
                frame0 = ip.resize(640, 427, true);
            }
        }
        if (frame0 == null) return;
        ij.ImageStack stack = new ij.ImageStack(640, 480);
        for (int i = 0; i < 200; i++) {
            ImageProcessor frame = frame0.createProcessor(640, 480);
            frame.insert(frame0, i % 40 * 2 - 40, 26);
            stack.addSlice(frame);
        }
        ImagePlus imp = new ImagePlus("stack", stack);
        EmotiJSettings settings = new EmotiJSettings();
        settings.process = EmotiJSettings.PROCESS_ALL;
        settings.model = model;
        out.println("| stack | frames | faces | seconds | frames/s |");
        out.println("|---|---|---|---|---|");
        timeStackRun("640x480, 2 faces a frame, Classify Expressions (process=all)", imp, settings, out);
        settings.track = true;
        timeStackRun("same, with tracking (track, appearance re-identification)", imp, settings, out);
        settings.detectEvery = 3;
        timeStackRun("same, tracking, detection on every 3rd frame (detect_every=3)", imp, settings, out);
        out.println();
    }

    /** One warm-up run, then one timed run of the whole stack; prints a table row. */
    private static void timeStackRun(String label, ImagePlus imp, EmotiJSettings settings, PrintStream out) throws IOException {
        try {
            EmotiJRun.run(imp, settings, true, Progress.NONE);
            ResultsTable.getResultsTable().reset();
            long t0 = System.nanoTime();
            EmotiJRun.Result r = EmotiJRun.run(imp, settings, true, Progress.NONE);
            double s = (System.nanoTime() - t0) / 1e9;
            ResultsTable.getResultsTable().reset();
            int frames = imp.getStackSize();
            out.printf(Locale.ROOT, "| %s | %d | %d | %.2f | %.1f |%n", label, frames, r.outcome.faceCount(), s, frames / s);
        } catch (emotij.image.InvalidImageException e) {
            throw new IOException(e.getMessage(), e);
        }
    }

    /** laos_two_people scaled to 640x480, the size of a typical video frame; null if that sample is absent. */
    private static PixelImage vgaFrame(List<Path> files) throws IOException {
        for (Path f : files) {
            if (f.getFileName().toString().startsWith("laos_two_people")) {
                ImagePlus imp = ImageFiles.open(f);
                ImageProcessor ip = imp.getProcessor();
                ip.setInterpolationMethod(ImageProcessor.BILINEAR);
                return ImageConversion.toPixelImage(ip.resize(640, 480, true), 0, 255);
            }
        }
        return null;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }
}
