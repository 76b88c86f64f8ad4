package emotij.cli;

import emotij.ij.Annotator;
import emotij.ij.ImageConversion;
import emotij.ij.ImageFiles;
import emotij.image.InvalidImageException;
import emotij.image.PixelImage;
import emotij.io.ResultsCsvWriter;
import emotij.pipeline.FaceAnalyzer;
import emotij.pipeline.FaceResult;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
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
        Files.createDirectories(outDir);
        boolean images = !a.has("no-images");
        boolean landmarks = a.has("landmarks");

        List<Path> files = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (Path in : inputs) {
            List<Path> expanded = ImageFiles.expand(List.of(in), a.has("recursive"));
            for (Path f : expanded) {
                files.add(f);
                names.add(Files.isDirectory(in) ? in.relativize(f).toString().replace('\\', '/') : f.getFileName().toString());
            }
        }
        if (files.isEmpty()) throw new UsageException("no image files in " + a.positional());

        List<String> failed = new ArrayList<>();
        List<String> noFace = new ArrayList<>();
        List<String> skippedPlanes = new ArrayList<>();
        int faces = 0;
        int planes = 0;
        Set<String> usedOutputNames = new HashSet<>();
        long start = System.nanoTime();
        try (FaceAnalyzer analyzer = FaceAnalyzer.withShippedModels(AnalysisOptions.detector(a), AnalysisOptions.classifier(a));
             ResultsCsvWriter csv = new ResultsCsvWriter(outDir.resolve("results.csv"))) {
            for (int i = 0; i < files.size(); i++) {
                Path file = files.get(i);
                String name = names.get(i);
                long t0 = System.nanoTime();
                try {
                    ImagePlus imp = ImageFiles.open(file);
                    int n = ImageConversion.planeCount(imp);
                    int imageFaces = 0;
                    ImageStack annotated = null;
                    for (int p = 1; p <= n; p++) {
                        PixelImage plane = ImageConversion.plane(imp, p);
                        String planeName = n == 1 ? name : name + " (slice " + p + ")";
                        List<FaceResult> results;
                        try {
                            results = analyzer.analyze(plane, planeName);
                        } catch (InvalidImageException e) {
                            // one blank frame (a fade, a dropped frame) must not lose the rest of a stack
                            if (n == 1) throw e;
                            skippedPlanes.add(e.getMessage());
                            results = List.of();
                        }
                        csv.write(name, p, results);
                        imageFaces += results.size();
                        if (images) {
                            var drawn = Annotator.annotate(ImageConversion.processor(imp, p), results, landmarks);
                            if (annotated == null) annotated = new ImageStack(drawn.getWidth(), drawn.getHeight());
                            annotated.addSlice(drawn);
                        }
                    }
                    planes += n;
                    faces += imageFaces;
                    if (imageFaces == 0) noFace.add(name);
                    if (annotated != null) saveAnnotated(annotated, outDir, name, usedOutputNames);
                    err.printf(Locale.ROOT, "[%d/%d] %s: %d face%s%s (%.2f s)%n", i + 1, files.size(), name, imageFaces,
                            imageFaces == 1 ? "" : "s", n > 1 ? " in " + n + " slices" : "", (System.nanoTime() - t0) / 1e9);
                } catch (IOException | InvalidImageException e) {
                    failed.add(name + ": " + describe(e, file));
                    err.printf(Locale.ROOT, "[%d/%d] %s: SKIPPED: %s%n", i + 1, files.size(), name, describe(e, file));
                } catch (OutOfMemoryError e) {
                    failed.add(name + ": not enough memory for this image (raise -Xmx, e.g. EMOTIJ_JAVA_OPTS=-Xmx8g)");
                    err.printf(Locale.ROOT, "[%d/%d] %s: SKIPPED: out of memory%n", i + 1, files.size(), name);
                }
            }
        }
        String summary = summary(files.size(), planes, faces, noFace, skippedPlanes, failed, (System.nanoTime() - start) / 1e9, outDir);
        Files.writeString(outDir.resolve("summary.txt"), summary, StandardCharsets.UTF_8);
        out.print(summary);
        return failed.isEmpty() ? 0 : 1;
    }

    /** The reason of a failure, without repeating the file's path that the message may start with. */
    private static String describe(Exception e, Path file) {
        String m = e.getMessage();
        if (m == null) return e.getClass().getSimpleName();
        String prefix = file + ": ";
        return m.startsWith(prefix) ? m.substring(prefix.length()) : m;
    }

    private static void saveAnnotated(ImageStack annotated, Path outDir, String name, Set<String> used) throws IOException {
        String base = name.replace('/', '_');
        int dot = base.lastIndexOf('.');
        if (dot > 0) base = base.substring(0, dot);
        String ext = annotated.getSize() == 1 ? ".png" : ".tif";
        String candidate = base + "_annotated";
        for (int k = 2; !used.add(candidate + ext); k++) candidate = base + "_" + k + "_annotated";
        Path target = outDir.resolve(candidate + ext);
        ImagePlus imp = new ImagePlus(candidate, annotated);
        boolean ok = annotated.getSize() == 1 ? new FileSaver(imp).saveAsPng(target.toString())
                : new FileSaver(imp).saveAsTiffStack(target.toString());
        if (!ok) throw new IOException(target + ": could not write the annotated image");
    }

    private static String summary(int images, int planes, int faces, List<String> noFace, List<String> skippedPlanes,
                                  List<String> failed,
                                  double seconds, Path outDir) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%d image%s (%d plane%s), %d face%s, in %.1f s%n", images,
                images == 1 ? "" : "s", planes, planes == 1 ? "" : "s", faces, faces == 1 ? "" : "s", seconds));
        s.append("results: ").append(outDir.resolve("results.csv")).append('\n');
        if (!noFace.isEmpty()) s.append("no face found in ").append(noFace.size()).append(": ").append(String.join(", ", noFace)).append('\n');
        if (!skippedPlanes.isEmpty()) {
            s.append("slices skipped ").append(skippedPlanes.size()).append(":\n");
            for (String p : skippedPlanes) s.append("  ").append(p).append('\n');
        }
        if (!failed.isEmpty()) {
            s.append("failed ").append(failed.size()).append(":\n");
            for (String f : failed) s.append("  ").append(f).append('\n');
        }
        return s.toString();
    }
}
