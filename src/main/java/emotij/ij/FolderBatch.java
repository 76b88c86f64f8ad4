package emotij.ij;

import emotij.detect.DetectionProgress;
import emotij.image.ImageChecks;
import emotij.image.InvalidImageException;
import emotij.image.PixelImage;
import emotij.io.ResultsCsvWriter;
import emotij.pipeline.FaceAnalyzer;
import emotij.pipeline.FaceResult;
import emotij.track.FaceEmbedder;
import emotij.track.FaceTracker;
import emotij.track.TrackSummary;
import emotij.track.TrackedFace;
import emotij.track.TrackingAnalyzer;
import emotij.track.TrackerOptions;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Classifies the faces of many image files into one CSV ({@code results.csv}, flushed after every image),
 * a {@code summary.txt} and annotated copies. A file that fails is reported and skipped; a blank plane of a stack
 * is skipped, not the stack. Used by {@code bin/emotij classify} and by Plugins > EmotiJ > Classify Folder.
 */
public final class FolderBatch {

    /** One file to process and the name it has in the results. */
    public static final class Item {
        public final Path file;
        public final String name;

        public Item(Path file, String name) {
            this.file = file;
            this.name = name;
        }
    }

    /** What a batch did. */
    public static final class Report {
        public int images;
        public int planes;
        public int faces;
        public final List<String> noFace = new ArrayList<>();
        public final List<String> skippedPlanes = new ArrayList<>();
        public final List<String> failed = new ArrayList<>();
        /** Files analysed with a doubt ("name: problem"): damaged file, nearly black, face cap reached... */
        public final List<String> warnings = new ArrayList<>();
        public boolean cancelled;
        public double seconds;
        public String summary;
    }

    private FolderBatch() {
    }

    /** The items of the inputs: folders give their image files, named by their path inside the folder. */
    public static List<Item> items(List<Path> inputs, boolean recursive) throws IOException {
        List<Item> items = new ArrayList<>();
        for (Path in : inputs) {
            for (Path f : ImageFiles.expand(List.of(in), recursive)) {
                items.add(new Item(f, Files.isDirectory(in) ? in.relativize(f).toString().replace('\\', '/')
                        : f.getFileName().toString()));
            }
        }
        return items;
    }

    /**
     * Runs the batch.
     *
     * @param log one line per image (progress and failures)
     */
    public static Report run(List<Item> items, Path outDir, FaceAnalyzer analyzer, boolean annotate, boolean landmarks,
                             Progress progress, Consumer<String> log) throws IOException {
        return run(items, outDir, analyzer, annotate, landmarks, null, null, progress, log);
    }

    /**
     * Runs the batch; with {@code tracking} (not null) the faces of each stack are tracked: a {@code track} column
     * in results.csv and one row per track in tracks.csv.
     *
     * @param embedder appearance features for re-identification; null for motion-only tracking
     */
    public static Report run(List<Item> items, Path outDir, FaceAnalyzer analyzer, boolean annotate, boolean landmarks,
                             TrackerOptions tracking, FaceEmbedder embedder, Progress progress, Consumer<String> log)
            throws IOException {
        return run(items, outDir, analyzer, annotate, landmarks, tracking, embedder, 1, progress, log);
    }

    /** @param detectEvery with tracking: run the detector on every n-th frame only (see TrackingAnalyzer) */
    public static Report run(List<Item> items, Path outDir, FaceAnalyzer analyzer, boolean annotate, boolean landmarks,
                             TrackerOptions tracking, FaceEmbedder embedder, int detectEvery, Progress progress,
                             Consumer<String> log) throws IOException {
        Files.createDirectories(outDir);
        Report report = new Report();
        Set<String> usedOutputNames = new HashSet<>();
        long start = System.nanoTime();
        Path tracksCsv = outDir.resolve("tracks.csv");
        if (tracking != null) Files.deleteIfExists(tracksCsv);
        boolean[] tracksHeader = {true};
        List<Path> files = new ArrayList<>();
        for (Item item : items) files.add(item.file);
        try (ResultsCsvWriter csv = new ResultsCsvWriter(outDir.resolve("results.csv"), tracking != null);
             FileReadAhead reader = new FileReadAhead(files)) {
            for (int i = 0; i < items.size(); i++) {
                if (progress.cancelled()) {
                    report.cancelled = true;
                    break;
                }
                Item item = items.get(i);
                long t0 = System.nanoTime();
                int warningsBefore = report.warnings.size();
                // a large image with small faces takes long: say how far its detection is (cancelled between images)
                FaceAnalyzer itemAnalyzer = analyzer.withProgress(DetectionProgress.asText(String.format(Locale.ROOT,
                        "[%d/%d] %s", i + 1, items.size(), item.name), log, () -> false));
                try {
                    ImagePlus imp = reader.next();
                    int faces = tracking == null
                            ? processFile(imp, item, outDir, itemAnalyzer, annotate, landmarks, csv, report, usedOutputNames)
                            : processTracked(imp, item, outDir, itemAnalyzer, annotate, landmarks, new FaceTracker(tracking, embedder),
                                    detectEvery, csv, tracksCsv, tracksHeader, report, usedOutputNames);
                    log.accept(String.format(Locale.ROOT, "[%d/%d] %s: %d face%s (%.2f s)", i + 1, items.size(),
                            item.name, faces, faces == 1 ? "" : "s", (System.nanoTime() - t0) / 1e9));
                } catch (IOException | InvalidImageException e) {
                    report.failed.add(item.name + ": " + reason(e, item));
                    log.accept(String.format(Locale.ROOT, "[%d/%d] %s: SKIPPED: %s", i + 1, items.size(), item.name, reason(e, item)));
                } catch (OutOfMemoryError e) {
                    report.failed.add(item.name + ": not enough memory for this image (give Java more memory)");
                    log.accept(String.format(Locale.ROOT, "[%d/%d] %s: SKIPPED: out of memory", i + 1, items.size(), item.name));
                }
                for (String w : report.warnings.subList(warningsBefore, report.warnings.size())) {
                    log.accept(String.format(Locale.ROOT, "[%d/%d] WARNING: %s", i + 1, items.size(), w));
                }
                report.images++;
                progress.planeDone(i + 1, items.size(), "EmotiJ: " + (i + 1) + "/" + items.size() + " images, " + report.faces + " faces");
            }
        }
        report.seconds = (System.nanoTime() - start) / 1e9;
        report.summary = summary(report, items.size(), outDir);
        Files.writeString(outDir.resolve("summary.txt"), report.summary, StandardCharsets.UTF_8);
        return report;
    }

    private static int processFile(ImagePlus imp, Item item, Path outDir, FaceAnalyzer analyzer, boolean annotate, boolean landmarks,
                                   ResultsCsvWriter csv, Report report, Set<String> used)
            throws IOException, InvalidImageException {
        int n = ImageConversion.planeCount(imp);
        int[] faces = {0};
        ImageStack[] annotated = {null};
        ImageWarnings warnings = new ImageWarnings(imp);
        analyzePlanes(imp, item.name, analyzer, report, warnings, (p, plane, results) -> {
            csv.write(item.name, p, PlaneFaces.position(imp, p), results);
            faces[0] += results.size();
            if (annotate) {
                var drawn = Annotator.annotate(ImageConversion.processor(imp, p), results, landmarks);
                if (annotated[0] == null) annotated[0] = new ImageStack(drawn.getWidth(), drawn.getHeight());
                annotated[0].addSlice(drawn);
            }
        });
        report.planes += n;
        report.faces += faces[0];
        if (faces[0] == 0) report.noFace.add(item.name);
        if (annotated[0] != null) saveAnnotated(annotated[0], outDir, item.name, used);
        for (String w : warnings.messages()) report.warnings.add(item.name + ": " + w);
        return faces[0];
    }

    /** What is done with each analysed plane, in plane order. */
    private interface PlaneConsumer {
        void accept(int plane, PixelImage image, List<FaceResult> faces) throws IOException;
    }

    /**
     * Plane {@code p} of a file if it can be analysed; null (and reported) for an unusable plane of a stack. For a
     * single-plane image an unusable plane is an error.
     */
    private static PixelImage usablePlane(ImagePlus imp, int p, String name, Report report) throws InvalidImageException {
        int n = ImageConversion.planeCount(imp);
        PixelImage plane = ImageConversion.plane(imp, p);
        try {
            ImageChecks.requireUsable(plane, n == 1 ? name : name + " (slice " + p + ")");
            return plane;
        } catch (InvalidImageException e) {
            // one blank frame (a fade, a dropped frame) must not lose the rest of a stack
            if (n == 1) throw e;
            report.skippedPlanes.add(e.getMessage());
            return null;
        }
    }

    /** Planes read and analysed together: the detector batches them (faster), memory stays a few planes. */
    static final int PLANES_PER_BATCH = 8;

    /**
     * Analyses every plane of an image, a few at a time. A plane that cannot be analysed (blank frame) is reported
     * and given no faces; for a single-plane image it is an error.
     */
    private static void analyzePlanes(ImagePlus imp, String name, FaceAnalyzer analyzer, Report report,
                                      ImageWarnings warnings, PlaneConsumer consumer) throws IOException, InvalidImageException {
        int n = ImageConversion.planeCount(imp);
        ImageAnalysis.requireAnalysableSize(imp, name);
        for (int start = 1; start <= n; start += PLANES_PER_BATCH) {
            int end = Math.min(n, start + PLANES_PER_BATCH - 1);
            List<PixelImage> planes = new ArrayList<>();
            List<PixelImage> usable = new ArrayList<>();
            for (int p = start; p <= end; p++) {
                PixelImage plane = usablePlane(imp, p, name, report);
                if (plane != null) usable.add(plane);
                planes.add(plane);
            }
            List<List<FaceResult>> results = analyzer.analyzeChecked(usable);
            int k = 0;
            for (int i = 0; i < planes.size(); i++) {
                List<FaceResult> faces = planes.get(i) == null ? List.of() : results.get(k++);
                if (planes.get(i) != null) warnings.plane(n == 1 ? null : "slice " + (start + i), planes.get(i), faces.size(), analyzer.detectorOptions());
                consumer.accept(start + i, planes.get(i), faces);
            }
        }
    }

    /** Like processFile, with the faces tracked through the planes; rows are written when the stack is done. */
    private static int processTracked(ImagePlus imp, Item item, Path outDir, FaceAnalyzer analyzer, boolean annotate, boolean landmarks,
                                      FaceTracker tracker, int detectEvery, ResultsCsvWriter csv, Path tracksCsv,
                                      boolean[] tracksHeader, Report report, Set<String> used)
            throws IOException, InvalidImageException {
        int n = ImageConversion.planeCount(imp);
        ImageAnalysis.requireAnalysableSize(imp, item.name);
        ImageWarnings warnings = new ImageWarnings(imp);
        // a hyperstack is tracked along t at each z (stack order has t slowest, so each lane's frames come in order)
        java.util.function.IntFunction<int[]> laneTime = p -> PlaneFaces.trackingLaneAndTime(imp, PlaneFaces.position(imp, p), imp.getNFrames() > 1);
        if (detectEvery == 1) {
            // every frame detected: planes analysed in batches
            analyzePlanes(imp, item.name, analyzer, report, warnings, (p, plane, results) ->
                    tracker.update(p, laneTime.apply(p)[0], laneTime.apply(p)[1], plane, results));
        } else {
            TrackingAnalyzer frames = new TrackingAnalyzer(analyzer, tracker, detectEvery);
            for (int p = 1; p <= n; p++) {
                PixelImage plane = usablePlane(imp, p, item.name, report);
                if (plane != null) warnings.plane(n == 1 ? null : "slice " + p, plane,
                        frames.next(p, laneTime.apply(p)[0], laneTime.apply(p)[1], plane).size(), analyzer.detectorOptions());
            }
        }
        List<TrackSummary> tracks = tracker.finish();
        List<TrackedFace> faces = tracker.faces();
        csv.writeTracked(item.name, faces, p -> PlaneFaces.position(imp, p));
        ResultsCsvWriter.writeTrackSummary(tracksCsv, item.name, tracks, tracksHeader[0]);
        tracksHeader[0] = false;
        if (annotate) {
            ImageStack annotated = null;
            int k = 0;
            for (int p = 1; p <= n; p++) {
                List<FaceResult> planeFaces = new ArrayList<>();
                List<Integer> ids = new ArrayList<>();
                while (k < faces.size() && faces.get(k).frame == p) {
                    planeFaces.add(faces.get(k).result);
                    ids.add(faces.get(k).track());
                    k++;
                }
                var drawn = Annotator.annotate(ImageConversion.processor(imp, p), planeFaces,
                        ids.stream().mapToInt(Integer::intValue).toArray(), landmarks);
                if (annotated == null) annotated = new ImageStack(drawn.getWidth(), drawn.getHeight());
                annotated.addSlice(drawn);
            }
            saveAnnotated(annotated, outDir, item.name, used);
        }
        report.planes += n;
        report.faces += faces.size();
        if (faces.isEmpty()) report.noFace.add(item.name);
        for (String w : warnings.messages()) report.warnings.add(item.name + ": " + w);
        return faces.size();
    }

    /** The reason of a failure, without repeating the file's path or name that the message may start with. */
    private static String reason(Exception e, Item item) {
        String m = e.getMessage();
        if (m == null) return e.getClass().getSimpleName();
        for (String prefix : List.of(item.file + ": ", item.name + ": ")) {
            if (m.startsWith(prefix)) return m.substring(prefix.length());
        }
        return m;
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

    private static String summary(Report r, int total, Path outDir) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "%d image%s (%d plane%s), %d face%s, in %.1f s%n", r.images,
                r.images == 1 ? "" : "s", r.planes, r.planes == 1 ? "" : "s", r.faces, r.faces == 1 ? "" : "s", r.seconds));
        if (r.cancelled) s.append("cancelled after ").append(r.images).append(" of ").append(total).append(" images\n");
        s.append("results: ").append(outDir.resolve("results.csv")).append('\n');
        if (!r.noFace.isEmpty()) s.append("no face found in ").append(r.noFace.size()).append(": ").append(String.join(", ", r.noFace)).append('\n');
        if (!r.skippedPlanes.isEmpty()) {
            s.append("slices skipped ").append(r.skippedPlanes.size()).append(":\n");
            for (String p : r.skippedPlanes) s.append("  ").append(p).append('\n');
        }
        if (!r.warnings.isEmpty()) {
            s.append("warnings ").append(r.warnings.size()).append(":\n");
            for (String w : r.warnings) s.append("  ").append(w).append('\n');
        }
        if (!r.failed.isEmpty()) {
            s.append("failed ").append(r.failed.size()).append(":\n");
            for (String f : r.failed) s.append("  ").append(f).append('\n');
        }
        return s.toString();
    }
}
