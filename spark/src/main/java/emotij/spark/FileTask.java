package emotij.spark;

import emotij.cli.ClassifyOptions;
import emotij.cli.UsageException;
import emotij.batch.FolderBatch;
import emotij.batch.ImageJReader;
import emotij.batch.ImageReader;
import emotij.batch.SharedModels;
import emotij.engine.TfModel;
import emotij.progress.Progress;
import emotij.pipeline.FaceAnalyzer;
import emotij.track.FaceEmbedder;
import org.apache.spark.api.java.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs on an executor: classifies the files of one task, one after another, each with the project's batch code
 * into a part folder of its own (a file is never split: a movie's tracks stay whole). The models are the executor
 * JVM's shared ones ({@link SharedModels}), loaded by its first task and reused by every later one.
 */
final class FileTask implements Function<List<FileToClassify>, Integer> {
    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(FileTask.class);
    /** The executor JVM's reader, warmed up once (ImageJ's and ImageIO's readers load on first use). */
    private static ImageReader reader;

    private final String[] classifyArgs;
    private final String driverFolder;
    private final String out;

    /**
     * @param classifyArgs the classify options as given (parsed here again, with the CLI's code)
     * @param driverFolder the driver's working folder, against which a relative {@code --model} is resolved
     * @param out          the absolute output folder, on a file system every executor sees
     */
    FileTask(String[] classifyArgs, Path driverFolder, Path out) {
        this.classifyArgs = classifyArgs.clone();
        this.driverFolder = driverFolder.toString();
        this.out = out.toString();
    }

    /** Classifies the task's files; returns how many. */
    @Override
    public Integer call(List<FileToClassify> files) throws IOException {
        List<Path> paths = new ArrayList<>();
        for (FileToClassify file : files) paths.add(Paths.get(file.path));
        // a task has one core (Spark runs as many at once as the executor has): its network runs stay on its thread
        try (TfModel.CallingThreadScope alone = TfModel.onCallingThreadOnly();
             TaskFiles reader = new TaskFiles(paths, reader())) {
            for (FileToClassify file : files) classify(file, reader);
        }
        return files.size();
    }

    /** Classifies one file into its part folder; the line that says how it went. */
    private String classify(FileToClassify file, ImageReader files) throws IOException {
        ClassifyOptions options = options();
        Path outDir = Paths.get(out);
        FaceAnalyzer analyzer = analyzer(options);
        FaceEmbedder embedder = options.tracking != null && options.tracking.appearance() ? SharedModels.embedder() : null;
        Path attempt = PartsFolder.newAttemptFolder(outDir, file);
        try {
            FolderBatch.Report report = FolderBatch.analyseFile(new FolderBatch.Item(Paths.get(file.path), file.name),
                    attempt, analyzer, embedder, options.batchSettings(), files, Progress.toLog(LOG::info));
            FileOutcome outcome = new FileOutcome(report);
            outcome.write(attempt);
            PartsFolder.publish(attempt, outDir, file);
            return outcome.line();
        } finally {
            PartsFolder.deleteTree(attempt);
        }
    }

    /**
     * Loads what the tasks of this JVM share (readers, models) now: in local mode the driver calls it while Spark
     * starts, so that the first tasks find them loaded.
     */
    void loadShared() throws IOException {
        ClassifyOptions options = options();
        reader();
        analyzer(options);
        if (options.tracking != null && options.tracking.appearance()) SharedModels.embedder();
    }

    private ClassifyOptions options() {
        try {
            return ClassifyOptions.parse(classifyArgs, 0);
        } catch (UsageException e) {
            throw new IllegalStateException("the driver accepted options the executor does not: " + e.getMessage(), e);
        }
    }

    private FaceAnalyzer analyzer(ClassifyOptions options) throws IOException {
        // a trained model folder is relative to the driver's working folder; built-in names stay names
        String model = emotij.pipeline.ExpressionModels.isBuiltIn(options.model) ? options.model
                : Paths.get(driverFolder).resolve(options.model).toString();
        return SharedModels.analyzer(options.detector, options.classifier, model);
    }

    private static synchronized ImageReader reader() {
        if (reader == null) {
            reader = new ImageJReader();
            reader.warmUp();
        }
        return reader;
    }
}
