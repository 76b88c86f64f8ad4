package emotij.cli;

import emotij.engine.TensorFlowRuntime;
import emotij.options.AnalysisOption;
import emotij.batch.FolderBatch;
import emotij.batch.ImageJReader;
import emotij.batch.ImageReader;
import emotij.batch.OutputFolder;
import emotij.progress.Progress;
import emotij.pipeline.FaceAnalyzer;
import emotij.track.FaceEmbedder;
import emotij.track.TrackerOptions;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** {@code emotij classify INPUT... --out DIR}: faces and expressions of images into a CSV and annotated images. */
final class ClassifyCommand {

    static final String USAGE = "usage: emotij classify INPUT... --out DIR [options]\n"
            + OptionHelp.line("INPUT", "image files or folders (folders: their image files, sorted)")
            + OptionHelp.line("--out DIR", "where results.csv, summary.txt and the annotated images go")
            + OptionHelp.line("--recursive", "also take images from subfolders")
            + OptionHelp.line("--no-images", "write no annotated images")
            + AnalysisOptions.usage(List.of(AnalysisOption.LANDMARKS, AnalysisOption.TRACK))
            + AnalysisOptions.usage(AnalysisOption.TRACKING)
            + AnalysisOptions.USAGE;

    private ClassifyCommand() {
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws UsageException, IOException {
        Set<String> valued = AnalysisOptions.union(AnalysisOptions.VALUED, AnalysisOptions.valued(AnalysisOption.TRACKING));
        valued.add("out");
        Set<String> flags = AnalysisOptions.union(AnalysisOptions.FLAGS, AnalysisOptions.flags(AnalysisOption.TRACKING));
        flags.addAll(Set.of("recursive", "no-images", AnalysisOption.LANDMARKS.cliFlag(), AnalysisOption.TRACK.cliFlag()));
        Args a = new Args(argv, 1, valued, flags);
        if (a.positional().isEmpty()) throw new UsageException("classify needs at least one INPUT file or folder");
        String outArg = a.string("out", null);
        if (outArg == null) throw new UsageException("classify needs --out DIR");
        List<Path> inputs = new ArrayList<>();
        for (String p : a.positional()) {
            Path in = Paths.get(p);
            if (!Files.exists(in)) throw new UsageException("input not found: " + p);
            inputs.add(in);
        }
        Path outDir = Paths.get(outArg);
        List<FolderBatch.Item> items = FolderBatch.items(inputs, a.has("recursive"));
        if (items.isEmpty()) throw new UsageException("no image files in " + a.positional());
        try {
            // before the models load (seconds): a bad output folder fails at once
            OutputFolder.prepare(outDir);
        } catch (IOException e) {
            throw new UsageException("--out " + e.getMessage());
        }
        TrackerOptions tracking = null;
        if (AnalysisOptions.bool(a, AnalysisOption.TRACK)) {
            tracking = AnalysisOptions.tracker(a);
        } else {
            List<String> given = new ArrayList<>();
            for (AnalysisOption o : AnalysisOption.TRACKING) given.add("--" + o.cliFlag());
            for (AnalysisOption o : AnalysisOption.TRACKING) {
                if (a.has(o.cliFlag())) {
                    throw new UsageException(String.join(", ", given.subList(0, given.size() - 1)) + " and "
                            + given.get(given.size() - 1) + " need --track");
                }
            }
        }
        int detectEvery = AnalysisOptions.integer(a, AnalysisOption.DETECT_EVERY);
        startEngineInBackground();
        ImageReader reader = new ImageJReader();
        reader.warmUp();
        FolderBatch.Report report;
        try (FaceAnalyzer analyzer = FaceAnalyzer.withModels(AnalysisOptions.detector(a), AnalysisOptions.classifier(a), AnalysisOptions.model(a));
             FaceEmbedder embedder = tracking != null && tracking.appearance()
                     ? FaceEmbedder.withShippedModel() : null) {
            report = FolderBatch.run(items, outDir, analyzer, embedder,
                    new FolderBatch.Settings(!a.has("no-images"), AnalysisOptions.bool(a, AnalysisOption.LANDMARKS), tracking, detectEvery), reader,
                    Progress.toLog(err::println));
        }
        out.print(report.summary);
        return report.failed.isEmpty() ? 0 : 1;
    }

    /**
     * Starts TensorFlow (seconds: its native libraries) on another thread while this one loads the image readers;
     * loading the models waits for it. A failure is left to loading the models, which reports it.
     */
    private static void startEngineInBackground() {
        Thread start = new Thread(() -> {
            try {
                TensorFlowRuntime.engine();
            } catch (RuntimeException e) {
                // TensorFlowRuntime.engine() fails again, with the same message, when the models load
            }
        }, "EmotiJ engine start");
        start.setDaemon(true);
        start.start();
    }
}
