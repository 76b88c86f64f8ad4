package emotij.batch;

import emotij.engine.TfModel;
import emotij.image.ImageChecks;
import emotij.image.InvalidImageException;
import emotij.image.PixelImage;
import emotij.io.ResultsCsvWriter;
import emotij.pipeline.FaceAnalyzer;
import emotij.pipeline.FaceResult;
import emotij.pipeline.ImageWarnings;
import emotij.progress.Failures;
import emotij.progress.Progress;
import emotij.track.FaceEmbedder;
import emotij.track.FaceTracker;
import emotij.track.TrackSummary;
import emotij.track.TrackedFace;
import emotij.track.TrackerOptions;
import emotij.track.TrackingAnalyzer;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;

/**
 * Classifies the faces of many image files into one CSV ({@code results.csv}, flushed after every image),
 * a {@code summary.txt}, with tracking a {@code tracks.csv}, and annotated copies. A file that fails is reported
 * and skipped, even when it fails through an unexpected exception (a bug, reported with its stack trace in the
 * log); a blank plane of a stack is skipped, not the stack. Headless: files are read through an
 * {@link ImageReader}. Used by {@code bin/emotij classify} and by Plugins > EmotiJ > Classify Folder.
 *
 * <p><b>One file at a time, elsewhere</b> (a cluster task): {@link #analyseFile} analyses ONE input file (an image,
 * a stack or a movie; with tracking, its faces are tracked through its planes) with a shared {@link FaceAnalyzer}
 * and writes that file's {@code results.csv} (header and its rows), {@code tracks.csv} (with tracking: header and
 * its tracks), {@code summary.txt} and annotated copy into a folder of its own, returning its {@link Report}. The
 * rows of a file do not depend on the other files (track ids start at 1 in each movie), so the batch's output is
 * the merge of the per-file outputs in the order of the items: the header once, then each file's rows
 * ({@code results.csv} and {@code tracks.csv}), and {@link Report#add} of the reports, whose
 * {@link Report#summary(int, Path)} is the batch's summary.txt (but for the run time). Only the annotated copies'
 * names can differ: in one batch two inputs with the same name but for the extension ({@code a.png},
 * {@code a.jpg}) give {@code a_annotated.png} and {@code a_2_annotated.png}; alone each is {@code a_annotated}.
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

    /**
     * What to make of each file.
     *
     * @param annotate    write an annotated copy of each file
     * @param landmarks   draw the landmarks on the annotated copies
     * @param tracking    track the faces of each stack (a {@code track} column in results.csv, tracks.csv); null: no
     * @param detectEvery with tracking: run the detector on every n-th frame only (see {@link TrackingAnalyzer})
     */
    public static final class Settings {
        private final boolean annotate;
        private final boolean landmarks;
        private final TrackerOptions tracking;
        private final int detectEvery;

        public Settings(boolean annotate, boolean landmarks, TrackerOptions tracking, int detectEvery) {
            if (detectEvery < 1) throw new IllegalArgumentException("detect every: must be at least 1, got " + detectEvery);
            this.annotate = annotate;
            this.landmarks = landmarks;
            this.tracking = tracking;
            this.detectEvery = detectEvery;
        }

        /** Faces classified plane by plane, not tracked. */
        public static Settings untracked(boolean annotate, boolean landmarks) {
            return new Settings(annotate, landmarks, null, 1);
        }

        public boolean annotate() {
            return annotate;
        }

        public boolean landmarks() {
            return landmarks;
        }

        /** Null when faces are not tracked. */
        public TrackerOptions tracking() {
            return tracking;
        }

        public int detectEvery() {
            return detectEvery;
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

        /** Adds what {@code other} (a later part of the same batch, see {@link FolderBatch#analyseFile}) did. */
        public void add(Report other) {
            images += other.images;
            planes += other.planes;
            faces += other.faces;
            noFace.addAll(other.noFace);
            skippedPlanes.addAll(other.skippedPlanes);
            failed.addAll(other.failed);
            warnings.addAll(other.warnings);
            cancelled |= other.cancelled;
            seconds += other.seconds;
        }

        /** The text of summary.txt for a batch of {@code total} files whose results are in {@code outDir}. */
        public String summary(int total, Path outDir) {
            return FolderBatch.summary(this, total, outDir);
        }
    }

    private FolderBatch() {
    }

    /** The items of the inputs: folders give their image files, named by their path inside the folder. */
    public static List<Item> items(List<Path> inputs, boolean recursive) throws IOException {
        return InputFiles.items(inputs, recursive);
    }

    /**
     * The annotated copy's file name (without {@code ext}) of the file named {@code name} in the results: its name
     * with {@code _annotated}, numbered when {@code used} (names with extension, which it joins) holds it already.
     * A merge of per-file folders names their copies with it, in item order, as one batch does.
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
     * Analyses ONE file into a folder of its own (see the class comment: the batch's output is the merge of such
     * folders). Cancelling is the caller's (a task is cancelled whole); the analyzer and embedder are only used,
     * not closed, and may be shared by the files analysed one after another.
     *
     * @param embedder appearance features for re-identification when tracking; null for motion-only tracking
     */
    public static Report analyseFile(Item item, Path outDir, FaceAnalyzer analyzer, FaceEmbedder embedder,
                                     Settings settings, ImageReader reader, Progress progress) throws IOException {
        return run(List.of(item), outDir, analyzer, embedder, settings, reader, progress);
    }

    /**
     * Runs the batch.
     *
     * @param embedder appearance features for re-identification when tracking; null for motion-only tracking
     * @param progress one log line per image (progress and failures), a step per image, cancel between images
     */
    public static Report run(List<Item> items, Path outDir, FaceAnalyzer analyzer, FaceEmbedder embedder,
                             Settings settings, ImageReader reader, Progress progress) throws IOException {
        Files.createDirectories(outDir);
        Path summaryTxt = outDir.resolve("summary.txt");
        // a summary or tracks.csv of an earlier run must never be read as this run's, even if this one is killed
        Files.writeString(summaryTxt, "incomplete: a run into this folder started at " + java.time.Instant.now()
                + " and has not finished (still running, or interrupted); results.csv holds the images done so far\n",
                StandardCharsets.UTF_8);
        Files.deleteIfExists(outDir.resolve("tracks.csv"));
        Batch batch = new Batch(outDir, settings, embedder);
        Report report = batch.report;
        long start = System.nanoTime();
        List<Path> files = new ArrayList<>();
        for (Item item : items) files.add(item.file);
        try (ResultsCsvWriter csv = new ResultsCsvWriter(outDir.resolve("results.csv"), settings.tracking() != null);
             FileReadAhead ahead = settings.tracking() == null
                     ? new FileReadAhead(files, reader, ANALYSIS_THREADS, batch.analysingAhead(analyzer))
                     : new FileReadAhead(files, reader)) {
            batch.csv = csv;
            for (int i = 0; i < items.size(); i++) {
                if (progress.cancelled()) {
                    report.cancelled = true;
                    break;
                }
                Item item = items.get(i);
                String at = String.format(Locale.ROOT, "[%d/%d] %s: ", i + 1, items.size(), item.name);
                int warningsBefore = report.warnings.size();
                // a large image with small faces takes long: say how far its detection is (cancelled between images)
                FaceAnalyzer itemAnalyzer = analyzer.withProgress(Progress.toLog(progress::log).about(String.format(Locale.ROOT,
                        "[%d/%d] %s", i + 1, items.size(), item.name)));
                String line = batch.file(item, ahead, itemAnalyzer);
                for (String w : report.warnings.subList(warningsBefore, report.warnings.size())) {
                    progress.log(String.format(Locale.ROOT, "[%d/%d] WARNING: %s", i + 1, items.size(), w));
                }
                report.images++;
                progress.log(at + line);
                progress.progress((i + 1) / (double) items.size(), "EmotiJ: " + (i + 1) + "/" + items.size() + " images, " + report.faces + " faces");
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

    /** The state of one run: where its outputs go and what it has done so far. */
    private static final class Batch {
        final Path outDir;
        final Settings settings;
        final FaceEmbedder embedder;
        final Report report = new Report();
        /** Names of the annotated copies written, so that two inputs never share one. */
        final Set<String> usedOutputNames = new HashSet<>();
        final Path tracksCsv;
        boolean tracksHeaderWritten;
        ResultsCsvWriter csv;
        /** The planes of the current file whose rows are in results.csv (reported if the file fails later). */
        int planesWritten;
        /** Faces of small one-plane images found on the read-ahead threads, until their turn. */
        final Map<ImageSource, List<FaceResult>> analysedAhead = new ConcurrentHashMap<>();

        /**
         * What the read-ahead threads do after opening a file: a small image of one plane is analysed there, in
         * parallel with the file before it (the cores stay busy through decoding and the networks' serial parts).
         * Anything that goes wrong is left to the file's turn, which analyses it again and reports it by name.
         */
        UnaryOperator<ImageSource> analysingAhead(FaceAnalyzer analyzer) {
            return image -> {
                try {
                    if (isSmallImage(image)) {
                        // the checks and analysis of the file's turn; its warnings are worked out again there
                        ImageWarnings ignored = new ImageWarnings(List.of());
                        // the analysis threads keep the cores busy: each network run stays on its thread
                        try (TfModel.CallingThreadScope alone = TfModel.onCallingThreadOnly()) {
                            analysedAhead.put(image, analyzePlanes(image, "image", analyzer, ignored, 1, null).get(0));
                        }
                    }
                } catch (IOException | InvalidImageException | RuntimeException | OutOfMemoryError e) {
                    // analysed again at its turn
                }
                return image;
            };
        }

        Batch(Path outDir, Settings settings, FaceEmbedder embedder) {
            this.outDir = outDir;
            this.settings = settings;
            this.embedder = embedder;
            this.tracksCsv = outDir.resolve("tracks.csv");
        }

        /** Reads and analyses the next file; the line that says how it went. Only a batch-ending failure escapes. */
        String file(Item item, FileReadAhead ahead, FaceAnalyzer analyzer) throws IOException {
            long t0 = System.nanoTime();
            planesWritten = 0;
            try {
                ImageSource image = ahead.next();
                int faces = settings.tracking() == null ? processFile(image, item, analyzer, analysedAhead.remove(image))
                        : processTracked(image, item, analyzer, new FaceTracker(settings.tracking(), embedder));
                return String.format(Locale.ROOT, "%d face%s (%.2f s)", faces, faces == 1 ? "" : "s", (System.nanoTime() - t0) / 1e9);
            } catch (AnnotatedImageException e) {
                report.failed.add(item.name + ": " + e.getMessage());
                return "FAILED: " + e.getMessage();
            } catch (IOException | InvalidImageException e) {
                String why = reason(e, item) + rowsKept(planesWritten);
                report.failed.add(item.name + ": " + why);
                return (planesWritten > 0 ? "FAILED: " : "SKIPPED: ") + why;
            } catch (OutOfMemoryError e) {
                report.failed.add(item.name + ": not enough memory for this image (give Java more memory)" + rowsKept(planesWritten));
                return (planesWritten > 0 ? "FAILED" : "SKIPPED") + ": out of memory" + rowsKept(planesWritten);
            } catch (RuntimeException e) {
                // a bug (ours or a reader's) met on one strange file must not cost the rest of a long batch
                String why = Failures.unexpected(e) + rowsKept(planesWritten);
                report.failed.add(item.name + ": " + why);
                return (planesWritten > 0 ? "FAILED: " : "SKIPPED: ") + why + "\n" + Failures.stackTrace(e);
            }
        }

        /** @param analysed the faces of a one-plane image found on a read-ahead thread, or null */
        private int processFile(ImageSource image, Item item, FaceAnalyzer analyzer, List<FaceResult> analysed)
                throws IOException, InvalidImageException {
            int faces = 0;
            ImageWarnings warnings = new ImageWarnings(image.readWarnings());
            // the faces of every plane (small) for the annotated copy, drawn when it is saved
            List<List<FaceResult>> planeFaces = new ArrayList<>();
            int n = image.planeCount();
            for (int startPlane = 1; startPlane <= n; startPlane += PLANES_PER_BATCH) {
                List<List<FaceResult>> results;
                if (analysed != null) {
                    warnings.plane(null, image.plane(1), analysed.size(), analyzer.detectorOptions());
                    results = List.of(analysed);
                } else {
                    results = analyzePlanes(image, item.name, analyzer, warnings, startPlane, null);
                }
                for (int i = 0; i < results.size(); i++) {
                    int p = startPlane + i;
                    csv.write(item.name, p, image.position(p), results.get(i));
                    // the counts follow the rows written, so the summary agrees with results.csv even if the file fails later
                    planesWritten = p;
                    report.planes++;
                    report.faces += results.get(i).size();
                    faces += results.get(i).size();
                    if (settings.annotate()) planeFaces.add(results.get(i));
                }
            }
            if (faces == 0) report.noFace.add(item.name);
            for (String w : warnings.messages()) report.warnings.add(item.name + ": " + w);
            if (settings.annotate()) saveAnnotated(image, planeFaces, null, item.name);
            return faces;
        }

        /** Like processFile, with the faces tracked through the planes; rows are written when the stack is done. */
        private int processTracked(ImageSource image, Item item, FaceAnalyzer analyzer, FaceTracker tracker)
                throws IOException, InvalidImageException {
            int n = image.planeCount();
            ImageWarnings warnings = new ImageWarnings(image.readWarnings());
            if (settings.detectEvery() == 1) {
                // every frame detected: planes analysed in batches
                for (int startPlane = 1; startPlane <= n; startPlane += PLANES_PER_BATCH) {
                    List<PixelImage> planes = new ArrayList<>();
                    List<List<FaceResult>> results = analyzePlanes(image, item.name, analyzer, warnings, startPlane, planes);
                    for (int i = 0; i < results.size(); i++) {
                        int p = startPlane + i;
                        // a hyperstack is tracked along t at each z (each lane's frames come in order)
                        int[] lt = image.trackingLaneAndTime(p);
                        tracker.update(p, lt[0], lt[1], planes.get(i), results.get(i));
                    }
                }
            } else {
                ImageChecks.requireAnalysableSize(image.width(), image.height(), item.name);
                TrackingAnalyzer frames = new TrackingAnalyzer(analyzer, tracker, settings.detectEvery());
                for (int p = 1; p <= n; p++) {
                    PixelImage plane = usablePlane(image, p, item.name);
                    if (plane == null) continue;
                    int[] lt = image.trackingLaneAndTime(p);
                    warnings.plane(n == 1 ? null : "slice " + p, plane, frames.next(p, lt[0], lt[1], plane).size(),
                            analyzer.detectorOptions());
                }
            }
            List<TrackSummary> tracks = tracker.finish();
            List<TrackedFace> faces = tracker.faces();
            csv.writeTracked(item.name, faces, image::position);
            ResultsCsvWriter.writeTrackSummary(tracksCsv, item.name, tracks, !tracksHeaderWritten);
            tracksHeaderWritten = true;
            report.planes += n;
            report.faces += faces.size();
            if (faces.isEmpty()) report.noFace.add(item.name);
            for (String w : warnings.messages()) report.warnings.add(item.name + ": " + w);
            if (settings.annotate()) {
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
                saveAnnotated(image, planeFaces, planeTracks, item.name);
            }
            return faces.size();
        }

        /**
         * Plane {@code p} of a file if it can be analysed; null (and reported) for an unusable plane of a stack. For
         * a single-plane image an unusable plane is an error.
         */
        private PixelImage usablePlane(ImageSource image, int p, String name) throws InvalidImageException {
            int n = image.planeCount();
            PixelImage plane = image.plane(p);
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

        /**
         * Analyses the planes {@code first} to {@code first + PLANES_PER_BATCH - 1} (at most the last) of an image
         * together: the detector batches them (faster), memory stays a few planes. A plane that cannot be analysed
         * (blank frame) is reported and given no faces (null in {@code planesOut}); for a single-plane image it is an
         * error.
         *
         * @param planesOut where to add the planes analysed, or null
         * @return the faces of each plane
         */
        private List<List<FaceResult>> analyzePlanes(ImageSource image, String name, FaceAnalyzer analyzer,
                                                     ImageWarnings warnings, int first, List<PixelImage> planesOut)
                throws IOException, InvalidImageException {
            int n = image.planeCount();
            ImageChecks.requireAnalysableSize(image.width(), image.height(), name);
            int end = Math.min(n, first + PLANES_PER_BATCH - 1);
            List<PixelImage> planes = new ArrayList<>();
            List<PixelImage> usable = new ArrayList<>();
            for (int p = first; p <= end; p++) {
                PixelImage plane = usablePlane(image, p, name);
                if (plane != null) usable.add(plane);
                planes.add(plane);
            }
            List<List<FaceResult>> results = analyzer.analyzeChecked(usable);
            List<List<FaceResult>> out = new ArrayList<>();
            int k = 0;
            for (int i = 0; i < planes.size(); i++) {
                List<FaceResult> faces = planes.get(i) == null ? List.of() : results.get(k++);
                if (planes.get(i) != null) warnings.plane(n == 1 ? null : "slice " + (first + i), planes.get(i), faces.size(), analyzer.detectorOptions());
                out.add(faces);
            }
            if (planesOut != null) planesOut.addAll(planes);
            return out;
        }

        /**
         * Saves the annotated copy of {@code image}: a PNG for one plane, else a TIFF stack written one annotated
         * plane at a time. Written under a temporary name and then renamed, so a failed or interrupted write leaves
         * no half file under the final name.
         *
         * @throws AnnotatedImageException whatever went wrong (the file's rows are already in results.csv)
         */
        private void saveAnnotated(ImageSource image, List<List<FaceResult>> faces, List<int[]> tracks, String name)
                throws AnnotatedImageException {
            String ext = faces.size() == 1 ? ".png" : ".tif";
            String candidate = annotatedName(name, ext, usedOutputNames);
            Path target = outDir.resolve(candidate + ext);
            Path partial = outDir.resolve(candidate + ".partial" + ext);
            try {
                if (Files.isDirectory(target)) throw new IOException(target + " is a folder: rename or remove it");
                try {
                    image.writeAnnotated(faces, tracks, settings.landmarks(), partial);
                } catch (IOException e) {
                    String why = e.getMessage();
                    throw new IOException("could not write " + target + (why == null || why.isBlank() ? "" : ": " + why.strip()), e);
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
    }

    /** Planes read and analysed together: the detector batches them (faster), memory stays a few planes. */
    public static final int PLANES_PER_BATCH = 8;
    /**
     * Files (small images) or batches of planes (a stack in the ImageJ layer) analysed at once, on threads of their
     * own that share the engine's threads: the cores stay busy through decoding and the networks' serial parts.
     */
    public static final int ANALYSIS_THREADS = 2;
    /** Small images (up to Full HD) are analysed ahead; larger ones at their turn, with their own progress. */
    static final long SMALL_IMAGE_PIXELS = 1920L * 1080;

    static boolean isSmallImage(ImageSource image) {
        return image.planeCount() == 1 && (long) image.width() * image.height() <= SMALL_IMAGE_PIXELS;
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

    /** The reason of a failure, without repeating the file's path or name that the message may start with. */
    private static String reason(Exception e, Item item) {
        String m = Failures.reason(e);
        for (String prefix : List.of(item.file + ": ", item.name + ": ")) {
            if (m.startsWith(prefix)) return m.substring(prefix.length());
        }
        return m;
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
