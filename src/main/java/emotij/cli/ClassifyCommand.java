package emotij.cli;

import emotij.engine.TensorFlowRuntime;
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
            + "  INPUT               image files or folders (folders: their image files, sorted)\n"
            + "  --out DIR           where results.csv, summary.txt and the annotated images go\n"
            + "  --recursive         also take images from subfolders\n"
            + "  --no-images         write no annotated images\n"
            + "  --landmarks         draw the 6 landmarks on the annotated images\n"
            + "  --track             follow each face through the slices of a stack (movie): a track column in\n"
            + "                      results.csv, one row per track in tracks.csv\n"
            + "  --max-gap N         frames a face may be missing and keep its track (default " + TrackerOptions.DEFAULT_MAX_GAP + ")\n"
            + "  --min-track N       shorter tracks are dropped, their faces get track 0 (default " + TrackerOptions.DEFAULT_MIN_TRACK_LENGTH + ")\n"
            + "  --smooth S          smooth the probabilities along a track, 0 (off) to 0.95 (default 0)\n"
            + "  --no-appearance     track by motion alone (faster; no re-identification after gaps)\n"
            + "  --detect-every N    with --track: detect faces on every N-th frame only, follow the tracks between\n"
            + "                      (faster; a face entering is found up to N-1 frames late; default 1)\n"
            + AnalysisOptions.USAGE;

    private ClassifyCommand() {
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws UsageException, IOException {
        Args a = new Args(argv, 1, AnalysisOptions.union(AnalysisOptions.VALUED, Set.of("out", "max-gap", "min-track", "smooth", "detect-every")),
                AnalysisOptions.union(AnalysisOptions.FLAGS, Set.of("recursive", "no-images", "landmarks", "track", "no-appearance")));
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
        if (a.has("track")) {
            try {
                tracking = new TrackerOptions()
                        .withMaxGap(a.integer("max-gap", TrackerOptions.DEFAULT_MAX_GAP, 0, 100000))
                        .withMinTrackLength(a.integer("min-track", TrackerOptions.DEFAULT_MIN_TRACK_LENGTH, 1, 100000))
                        .withSmoothing(a.number("smooth", TrackerOptions.DEFAULT_SMOOTHING, 0, 0.95))
                        .withAppearance(!a.has("no-appearance"));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        } else if (a.has("max-gap") || a.has("min-track") || a.has("smooth") || a.has("no-appearance") || a.has("detect-every")) {
            throw new UsageException("--max-gap, --min-track, --smooth, --no-appearance and --detect-every need --track");
        }
        int detectEvery = a.integer("detect-every", 1, 1, 1000);
        startEngineInBackground();
        ImageReader reader = new ImageJReader();
        reader.warmUp();
        FolderBatch.Report report;
        try (FaceAnalyzer analyzer = FaceAnalyzer.withModels(AnalysisOptions.detector(a), AnalysisOptions.classifier(a), AnalysisOptions.model(a));
             FaceEmbedder embedder = tracking != null && tracking.appearance()
                     ? FaceEmbedder.withShippedModel() : null) {
            report = FolderBatch.run(items, outDir, analyzer, embedder,
                    new FolderBatch.Settings(!a.has("no-images"), a.has("landmarks"), tracking, detectEvery), reader,
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
