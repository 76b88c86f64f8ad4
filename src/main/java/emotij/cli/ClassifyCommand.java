package emotij.cli;

import emotij.ij.FolderBatch;
import emotij.ij.Progress;
import emotij.pipeline.FaceAnalyzer;

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
            + AnalysisOptions.USAGE;

    private ClassifyCommand() {
    }

    static int run(String[] argv, PrintStream out, PrintStream err) throws UsageException, IOException {
        Args a = new Args(argv, 1, AnalysisOptions.union(AnalysisOptions.VALUED, Set.of("out")),
                AnalysisOptions.union(AnalysisOptions.FLAGS, Set.of("recursive", "no-images", "landmarks")));
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
        if (Files.exists(outDir) && !Files.isDirectory(outDir)) {
            throw new UsageException("--out " + outArg + " exists and is not a folder");
        }
        List<FolderBatch.Item> items = FolderBatch.items(inputs, a.has("recursive"));
        if (items.isEmpty()) throw new UsageException("no image files in " + a.positional());
        FolderBatch.Report report;
        try (FaceAnalyzer analyzer = FaceAnalyzer.withShippedModels(AnalysisOptions.detector(a), AnalysisOptions.classifier(a))) {
            report = FolderBatch.run(items, outDir, analyzer, !a.has("no-images"), a.has("landmarks"), Progress.NONE, err::println);
        }
        out.print(report.summary);
        return report.failed.isEmpty() ? 0 : 1;
    }
}
