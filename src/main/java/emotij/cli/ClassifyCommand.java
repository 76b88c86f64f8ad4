package emotij.cli;

import emotij.engine.TfModel;
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

/** {@code emotij classify INPUT... --out DIR}: faces and expressions of images into a CSV and annotated images. */
final class ClassifyCommand {

    static final String USAGE = "usage: emotij classify INPUT... --out DIR [options]\n"
            + OptionHelp.line("INPUT", "image files or folders (folders: their image files, sorted)")
            + ClassifyOptions.USAGE;

    private ClassifyCommand() {
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws UsageException, IOException {
        ClassifyOptions o = ClassifyOptions.parse(argv, 1);
        List<Path> inputs = new ArrayList<>();
        for (String p : o.inputs) {
            Path in = Paths.get(p);
            if (!Files.exists(in)) throw new UsageException("input not found: " + p);
            inputs.add(in);
        }
        Path outDir = o.out;
        List<FolderBatch.Item> items = FolderBatch.items(inputs, o.recursive);
        if (items.isEmpty()) throw new UsageException("no image files in " + o.inputs);
        try {
            // before the models load (seconds): a bad output folder fails at once
            OutputFolder.prepare(outDir);
        } catch (IOException e) {
            throw new UsageException("--out " + e.getMessage());
        }
        TrackerOptions tracking = o.tracking;
        startEngineInBackground();
        ImageReader reader = new ImageJReader();
        reader.warmUp();
        FolderBatch.Report report;
        try (FaceAnalyzer analyzer = FaceAnalyzer.withModels(o.detector, o.classifier, o.model);
             FaceEmbedder embedder = tracking != null && tracking.appearance()
                     ? FaceEmbedder.withShippedModel() : null) {
            report = FolderBatch.run(items, outDir, analyzer, embedder,
                    o.batchSettings(), reader,
                    Progress.toLog(err::println));
        }
        out.print(report.summary);
        return report.failed.isEmpty() ? 0 : 1;
    }

    /**
     * Starts the inference engine (its native libraries) on another thread while this one loads the image readers;
     * loading the models waits for it. A failure is left to loading the models, which reports it.
     */
    private static void startEngineInBackground() {
        Thread start = new Thread(() -> {
            try {
                TfModel.Engine.configured().start();
            } catch (RuntimeException e) {
                // starting fails again, with the same message, when the models load
            }
        }, "EmotiJ engine start");
        start.setDaemon(true);
        start.start();
    }
}
