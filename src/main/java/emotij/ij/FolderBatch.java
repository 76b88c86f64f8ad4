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
import ij.io.FileSaver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Classifies the faces of many image files into one CSV ({@code results.csv}, flushed after every image),
 * a {@code summary.txt} and annotated copies. A file that fails is reported and skipped, even when it fails through
 * an unexpected exception (a bug, reported with its stack trace in the log); a blank plane of a stack is skipped,
 * not the stack. Used by {@code bin/emotij classify} and by Plugins > EmotiJ > Classify Folder.
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
        Path summaryTxt = outDir.resolve("summary.txt");
        // a summary or tracks.csv of an earlier run must never be read as this run's, even if this one is killed
        Files.writeString(summaryTxt, "incomplete: a run into this folder started at " + java.time.Instant.now()
                + " and has not finished (still running, or interrupted); results.csv holds the images done so far\n",
                StandardCharsets.UTF_8);
        Path tracksCsv = outDir.resolve("tracks.csv");
        Files.deleteIfExists(tracksCsv);
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
                String at = String.format(Locale.ROOT, "[%d/%d] %s: ", i + 1, items.size(), item.name);
                long t0 = System.nanoTime();
                int warningsBefore = report.warnings.size();
                // a large image with small faces takes long: say how far its detection is (cancelled between images)
                FaceAnalyzer itemAnalyzer = analyzer.withProgress(DetectionProgress.asText(String.format(Locale.ROOT,
                        "[%d/%d] %s", i + 1, items.size(), item.name), log, () -> false));
                int[] planesWritten = {0};
                String line;
                try {
                    ImagePlus imp = reader.next();
                    int faces = tracking == null
                            ? processFile(imp, item, outDir, itemAnalyzer, annotate, landmarks, csv, report, usedOutputNames, planesWritten)
                            : processTracked(imp, item, outDir, itemAnalyzer, annotate, landmarks, new FaceTracker(tracking, embedder),
                                    detectEvery, csv, tracksCsv, tracksHeader, report, usedOutputNames);
                    line = String.format(Locale.ROOT, "%d face%s (%.2f s)", faces, faces == 1 ? "" : "s", (System.nanoTime() - t0) / 1e9);
                } catch (AnnotatedImageException e) {
                    report.failed.add(item.name + ": " + e.getMessage());
                    line = "FAILED: " + e.getMessage();
                } catch (IOException | InvalidImageException e) {
                    String why = reason(e, item) + rowsKept(planesWritten[0]);
                    report.failed.add(item.name + ": " + why);
                    line = (planesWritten[0] > 0 ? "FAILED: " : "SKIPPED: ") + why;
                } catch (OutOfMemoryError e) {
                    report.failed.add(item.name + ": not enough memory for this image (give Java more memory)" + rowsKept(planesWritten[0]));
                    line = (planesWritten[0] > 0 ? "FAILED" : "SKIPPED") + ": out of memory" + rowsKept(planesWritten[0]);
                } catch (RuntimeException e) {
                    // a bug (ours or a reader's) met on one strange file must not cost the rest of a long batch
                    String why = unexpected(e) + rowsKept(planesWritten[0]);
                    report.failed.add(item.name + ": " + why);
                    line = (planesWritten[0] > 0 ? "FAILED: " : "SKIPPED: ") + why + "\n" + stackTrace(e);
                }
                for (String w : report.warnings.subList(warningsBefore, report.warnings.size())) {
                    log.accept(String.format(Locale.ROOT, "[%d/%d] WARNING: %s", i + 1, items.size(), w));
                }
                report.images++;
                log.accept(at + line);
                progress.planeDone(i + 1, items.size(), "EmotiJ: " + (i + 1) + "/" + items.size() + " images, " + report.faces + " faces");
            }
        } catch (RuntimeException | Error e) {
            // the run stops here: say so in the summary, with what is in results.csv
            report.seconds = (System.nanoTime() - start) / 1e9;
            try {
                Files.writeString(summaryTxt, "interrupted by an error after " + report.images + " of " + items.size()
                        + " images (" + e + "); results.csv holds the rows written before it\n"
                        + summary(report, items.size(), outDir), StandardCharsets.UTF_8);
            } catch (IOException summaryFailed) {
                e.addSuppressed(summaryFailed);
            }
            throw e;
        }
        report.seconds = (System.nanoTime() - start) / 1e9;
        report.summary = summary(report, items.size(), outDir);
        Files.writeString(summaryTxt, report.summary, StandardCharsets.UTF_8);
        return report;
    }

    /** For a file that failed after some of its rows were written: which rows results.csv holds. */
    private static String rowsKept(int planesWritten) {
        if (planesWritten == 0) return "";
        return planesWritten == 1 ? " (results.csv holds its rows of slice 1)"
                : " (results.csv holds its rows of slices 1-" + planesWritten + ")";
    }

    /** The annotated copy of a file failed; its rows are in results.csv (they are valid results). */
    private static final class AnnotatedImageException extends IOException {
        AnnotatedImageException(String reason) {
            super("results written, annotated image failed: " + reason);
        }
    }

    private static int processFile(ImagePlus imp, Item item, Path outDir, FaceAnalyzer analyzer, boolean annotate,
                                   boolean landmarks, ResultsCsvWriter csv, Report report, Set<String> used,
                                   int[] planesWritten) throws IOException, InvalidImageException {
        int[] faces = {0};
        ImageWarnings warnings = new ImageWarnings(imp);
        // the faces of every plane (small) for the annotated copy, drawn when it is saved
        List<List<FaceResult>> planeFaces = new ArrayList<>();
        analyzePlanes(imp, item.name, analyzer, report, warnings, (p, plane, results) -> {
            csv.write(item.name, p, PlaneFaces.position(imp, p), results);
            // the counts follow the rows written, so the summary agrees with results.csv even if the file fails later
            planesWritten[0] = p;
            report.planes++;
            report.faces += results.size();
            faces[0] += results.size();
            if (annotate) planeFaces.add(results);
        });
        if (faces[0] == 0) report.noFace.add(item.name);
        for (String w : warnings.messages()) report.warnings.add(item.name + ": " + w);
        if (annotate) saveAnnotated(imp, planeFaces, null, landmarks, outDir, item.name, used);
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
            analyzePlanes(imp, item.name, analyzer, report, warnings, (p, plane, results) -> {
                int[] lt = laneTime.apply(p);
                tracker.update(p, lt[0], lt[1], plane, results);
            });
        } else {
            TrackingAnalyzer frames = new TrackingAnalyzer(analyzer, tracker, detectEvery);
            for (int p = 1; p <= n; p++) {
                PixelImage plane = usablePlane(imp, p, item.name, report);
                if (plane == null) continue;
                int[] lt = laneTime.apply(p);
                warnings.plane(n == 1 ? null : "slice " + p, plane, frames.next(p, lt[0], lt[1], plane).size(),
                        analyzer.detectorOptions());
            }
        }
        List<TrackSummary> tracks = tracker.finish();
        List<TrackedFace> faces = tracker.faces();
        csv.writeTracked(item.name, faces, p -> PlaneFaces.position(imp, p));
        ResultsCsvWriter.writeTrackSummary(tracksCsv, item.name, tracks, tracksHeader[0]);
        tracksHeader[0] = false;
        report.planes += n;
        report.faces += faces.size();
        if (faces.isEmpty()) report.noFace.add(item.name);
        for (String w : warnings.messages()) report.warnings.add(item.name + ": " + w);
        if (annotate) {
            List<List<FaceResult>> planeFaces = new ArrayList<>();
            List<int[]> planeTracks = new ArrayList<>();
            int k = 0;
            for (int p = 1; p <= n; p++) {
                List<FaceResult> onPlane = new ArrayList<>();
                List<Integer> ids = new ArrayList<>();
                while (k < faces.size() && faces.get(k).frame == p) {
                    onPlane.add(faces.get(k).result);
                    ids.add(faces.get(k).track());
                    k++;
                }
                planeFaces.add(onPlane);
                planeTracks.add(ids.stream().mapToInt(Integer::intValue).toArray());
            }
            saveAnnotated(imp, planeFaces, planeTracks, landmarks, outDir, item.name, used);
        }
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

    /** What a file's unexpected exception says: its class (the message alone may be empty or cryptic) and message. */
    private static String unexpected(RuntimeException e) {
        return "unexpected error " + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + " (a bug in EmotiJ or in ImageJ's reader for this file: please report it with the stack trace in the log)";
    }

    /** The stack trace of a bug, for the log (a bug report needs it). */
    private static String stackTrace(Throwable e) {
        java.io.StringWriter trace = new java.io.StringWriter();
        e.printStackTrace(new java.io.PrintWriter(trace));
        return trace.toString().stripTrailing();
    }

    /**
     * The annotated copy's file name (without {@code ext}) for the file named {@code name} in the results: its name
     * with {@code _annotated}, numbered when {@code used} (names with extension, which it joins) has it already.
     * Public for the Spark job, which names the copies of its per-file parts in input order as a batch does.
     */
    public static String annotatedName(String name, String ext, Set<String> used) {
        String base = name.replace('/', '_');
        int dot = base.lastIndexOf('.');
        if (dot > 0) base = base.substring(0, dot);
        String candidate = base + "_annotated";
        for (int k = 2; !used.add(candidate + ext); k++) candidate = base + "_" + k + "_annotated";
        return candidate;
    }

    /**
     * Saves the annotated copy of {@code source}: a PNG for one plane, else a TIFF stack written one annotated plane
     * at a time (ImageJ reads both back). Written under a temporary name and then renamed, so a failed or
     * interrupted write leaves no half file under the final name.
     *
     * @throws AnnotatedImageException whatever went wrong (the file's rows are already in results.csv)
     */
    private static void saveAnnotated(ImagePlus source, List<List<FaceResult>> faces, List<int[]> tracks, boolean landmarks,
                                      Path outDir, String name, Set<String> used) throws AnnotatedImageException {
        boolean single = faces.size() == 1;
        String ext = single ? ".png" : ".tif";
        String candidate = annotatedName(name, ext, used);
        Path target = outDir.resolve(candidate + ext);
        Path partial = outDir.resolve(candidate + ".partial" + ext);
        try {
            if (Files.isDirectory(target)) throw new IOException(target + " is a folder: rename or remove it");
            ImagePlus annotated = single
                    ? new ImagePlus(candidate, Annotator.annotate(ImageConversion.processor(source, 1), faces.get(0),
                            tracks == null ? null : tracks.get(0), landmarks))
                    : new ImagePlus(candidate, new AnnotatedStack(source, faces, tracks, landmarks));
            ij.IJ.getErrorMessage();  // forget older errors: FileSaver reports its own there
            boolean ok = single ? new FileSaver(annotated).saveAsPng(partial.toString())
                    : new FileSaver(annotated).saveAsTiffStack(partial.toString());
            // FileSaver returns true after some write errors (PNG): the file must be there
            if (!ok || !Files.isRegularFile(partial) || Files.size(partial) == 0) {
                String why = ij.IJ.getErrorMessage();
                throw new IOException("could not write " + target + (why == null || why.isBlank() ? "" : ": " + why.strip()));
            }
            Files.move(partial, target, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new AnnotatedImageException(e.getMessage());
        } catch (OutOfMemoryError e) {
            throw new AnnotatedImageException("not enough memory to draw " + target.getFileName() + " (give Java more memory)");
        } finally {
            try {
                Files.deleteIfExists(partial);
            } catch (IOException ignored) {
                // the partial file is named as such; the failure that left it is reported
            }
        }
    }

    /** The text of summary.txt for a batch of {@code total} files (public for the Spark job, which merges reports). */
    public static String summary(Report r, int total, Path outDir) {
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
