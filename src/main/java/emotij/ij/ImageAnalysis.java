package emotij.ij;

import emotij.engine.TfModel;
import emotij.io.ImageFiles;
import emotij.io.ImageConversion;
import emotij.batch.FolderBatch;
import emotij.pipeline.ImageWarnings;
import emotij.classify.Expression;
import emotij.detect.Box;
import emotij.detect.DetectedFace;
import emotij.image.ImageChecks;
import emotij.image.InvalidImageException;
import emotij.image.PixelImage;
import emotij.pipeline.FaceAnalyzer;
import emotij.pipeline.FaceResult;
import emotij.progress.Progress;
import ij.ImagePlus;
import ij.VirtualStack;
import ij.gui.Roi;
import ij.process.ImageProcessor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Runs the core on the planes of an ImagePlus, one plane in memory at a time (so virtual stacks stay virtual),
 * reporting progress and stopping when cancelled (what is finished is returned). The image is only read.
 */
public final class ImageAnalysis {

    private ImageAnalysis() {
    }

    /** The (slice, frame) positions to process, 1-based, in order. */
    public static List<int[]> positions(ImagePlus imp, String process) {
        int slices = imp.getNSlices();
        int frames = imp.getNFrames();
        int z = imp.getSlice();
        int t = imp.getFrame();
        // a plain stack counts its planes as slices or as frames depending on how it was made: go by what it has
        if (EmotiJSettings.PROCESS_SLICES.equals(process) && slices == 1) process = EmotiJSettings.PROCESS_FRAMES;
        if (EmotiJSettings.PROCESS_FRAMES.equals(process) && frames == 1) process = EmotiJSettings.PROCESS_SLICES;
        List<int[]> out = new ArrayList<>();
        switch (process) {
            case EmotiJSettings.PROCESS_SLICES:
                for (int s = 1; s <= slices; s++) out.add(new int[] {s, t});
                break;
            case EmotiJSettings.PROCESS_FRAMES:
                for (int f = 1; f <= frames; f++) out.add(new int[] {z, f});
                break;
            case EmotiJSettings.PROCESS_ALL:
                for (int f = 1; f <= frames; f++) for (int s = 1; s <= slices; s++) out.add(new int[] {s, f});
                break;
            default:
                out.add(new int[] {z, t});
        }
        return out;
    }

    /** The plane at (slice, frame) for analysis; channels merged as displayed. */
    public static PixelImage plane(ImagePlus imp, int slice, int frame) throws InvalidImageException {
        String name = planeName(imp, slice, frame);
        requireAnalysableSize(imp, name);
        requirePlaneFile(imp, imp.getStackIndex(Math.max(1, imp.getC()), slice, frame), name);
        PixelImage img;
        if (ImageConversion.merged(imp)) {
            img = ImageConversion.plane(imp, slice, frame);
        } else {
            ImageProcessor ip = ImageConversion.processorAt(imp, slice, frame);
            if (ip == null || ip.getPixels() == null) {
                throw new InvalidImageException(name, "the plane could not be read (a virtual stack whose file is "
                        + "missing or unreadable?)");
            }
            img = ImageConversion.toPixelImage(ip, imp.getDisplayRangeMin(), imp.getDisplayRangeMax());
        }
        ImageChecks.requireUsable(img, name);
        return img;
    }

    /** @throws InvalidImageException if the image's planes are too large to analyse (see {@link ImageChecks#MAX_PIXELS}) */
    public static void requireAnalysableSize(ImagePlus imp, String name) throws InvalidImageException {
        ImageChecks.requireAnalysableSize(imp.getWidth(), imp.getHeight(), name);
    }

    /**
     * A virtual stack whose plane file is gone gives a blank or error-text plane instead of failing: say so rather
     * than report "no face".
     */
    private static void requirePlaneFile(ImagePlus imp, int index, String name) throws InvalidImageException {
        // only a plain VirtualStack has a file per plane (AVI and TIFF virtual stacks read one file)
        if (imp.getStack().getClass() != VirtualStack.class) return;
        VirtualStack vs = (VirtualStack) imp.getStack();
        String dir = vs.getDirectory();
        String file = vs.getFileName(index);
        if (dir == null || file == null || dir.isEmpty() || file.isEmpty()) return;
        java.io.File f = new java.io.File(dir, file);
        if (!f.isFile()) {
            throw new InvalidImageException(name, "the file of this plane of the virtual stack is missing: " + f);
        }
    }

    static String planeName(ImagePlus imp, int slice, int frame) {
        StringBuilder s = new StringBuilder(imp.getTitle());
        if (imp.getNSlices() > 1) s.append(" slice ").append(slice);
        if (imp.getNFrames() > 1) s.append(" frame ").append(frame);
        return s.toString();
    }

    /** The outcome of a run: faces per processed plane and the planes that could not be analysed. */
    public static final class Outcome {
        public final List<PlaneFaces> planes = new ArrayList<>();
        /** Plane name to the reason it was skipped (blank frame, unreadable...). */
        public final Map<String, String> skipped = new LinkedHashMap<>();
        /** Doubts about the analysed planes (see {@link ImageWarnings}); the analysis went on. */
        public final List<String> warnings = new ArrayList<>();
        public boolean cancelled;

        public int faceCount() {
            return planes.stream().mapToInt(p -> p.faces.size()).sum();
        }
    }

    /**
     * Detects (and, if {@code classify}, classifies) the faces of the chosen planes.
     *
     * @throws InvalidImageException if the only plane asked for cannot be analysed
     */
    public static Outcome detect(ImagePlus imp, FaceAnalyzer analyzer, String process, boolean classify, Progress progress)
            throws InvalidImageException {
        return detect(imp, analyzer, process, classify, progress, null);
    }

    /** Finds (and classifies) the faces of one checked plane; planes come in order, numbered from 1. */
    public interface PlaneAnalyzer {
        List<FaceResult> analyze(int plane, PixelImage image);
    }

    /**
     * Takes the faces the analyzer found (and classified) on each plane, planes in order, numbered from 1 (e.g. to
     * track them), and gives back the faces to report.
     */
    public interface FoundFaces {
        List<FaceResult> follow(int plane, PixelImage image, List<FaceResult> found);
    }

    /**
     * Like {@link #detect(ImagePlus, FaceAnalyzer, String, boolean, Progress)} with another way to analyse each
     * plane (e.g. with tracking); null: the analyzer's.
     */
    public static Outcome detect(ImagePlus imp, FaceAnalyzer analyzer, String process, boolean classify, Progress progress,
                                 PlaneAnalyzer planeAnalyzer) throws InvalidImageException {
        return detect(imp, analyzer, process, classify, progress, planeAnalyzer, null);
    }

    /**
     * Like {@link #detect(ImagePlus, FaceAnalyzer, String, boolean, Progress)}, the found faces of each plane
     * handed, in plane order, to {@code followUp} (e.g. a tracker): the planes are still detected in batches.
     */
    public static Outcome detect(ImagePlus imp, FaceAnalyzer analyzer, String process, Progress progress,
                                 FoundFaces followUp) throws InvalidImageException {
        return detect(imp, analyzer, process, true, progress, null, followUp);
    }

    /**
     * The analyzer's own way detects a few planes at a time (the detector batches them: faster; see
     * FolderBatch.PLANES_PER_BATCH); a plane analyzer of its own gets one plane at a time.
     */
    private static Outcome detect(ImagePlus imp, FaceAnalyzer analyzer, String process, boolean classify, Progress progress,
                                  PlaneAnalyzer planeAnalyzer, FoundFaces followUp) throws InvalidImageException {
        List<int[]> positions = positions(imp, process);
        Outcome out = new Outcome();
        ImageWarnings warnings = new ImageWarnings(ImageFiles.readWarnings(imp));
        FaceAnalyzer withProgress = analyzer.withProgress(progress.about("EmotiJ: " + imp.getTitle()));
        int perBatch = planeAnalyzer != null ? 1 : FolderBatch.PLANES_PER_BATCH;
        // batches of planes are analysed on two threads (the next while the current one runs), read and followed up
        // here in order: ImageJ's stack is only read from this thread, and a tracker sees the planes in order
        ExecutorService analysis = planeAnalyzer != null ? null : Executors.newFixedThreadPool(FolderBatch.ANALYSIS_THREADS, r -> {
            Thread t = new Thread(r, "EmotiJ plane analysis");
            t.setDaemon(true);
            return t;
        });
        boolean besideAnother = positions.size() > perBatch;
        Deque<PlaneBatch> inFlight = new ArrayDeque<>();
        int i = 0;
        try {
            while ((i < positions.size() || !inFlight.isEmpty()) && !out.cancelled) {
                while (i < positions.size() && inFlight.size() < FolderBatch.ANALYSIS_THREADS && !out.cancelled) {
                    PlaneBatch b = readBatch(imp, positions, i, perBatch, progress, out);
                    i = b.end;
                    if (out.cancelled) break;
                    if (analysis != null && !b.usable.isEmpty()) {
                        b.analysed = analysis.submit(() -> {
                            // two batches at once keep both cores busy: each network run stays on its thread
                            try (TfModel.CallingThreadScope alone = besideAnother ? TfModel.onCallingThreadOnly() : null) {
                                return analyzeChecked(withProgress, b.usable, classify);
                            }
                        });
                    }
                    inFlight.add(b);
                }
                if (out.cancelled) break;
                PlaneBatch b = inFlight.poll();
                out.skipped.putAll(b.skipped);
                List<List<FaceResult>> found = new ArrayList<>();
                try {
                    List<List<FaceResult>> batch = b.analysed == null ? null : result(b.analysed);
                    int k = 0;
                    for (int j = 0; j < b.images.size(); j++) {
                        PixelImage img = b.images.get(j);
                        if (img == null) {
                            found.add(null);
                        } else if (planeAnalyzer != null) {
                            found.add(planeAnalyzer.analyze(b.numbers.get(j), img));
                        } else {
                            found.add(batch.get(k++));
                        }
                    }
                } catch (CancellationException e) {
                    // stopped within a long plane: the planes before its batch are kept
                    out.cancelled = true;
                    break;
                }
                for (int j = 0; j < b.images.size(); j++) {
                    // stopped after a plane was reported done: the planes of the batch after it are not kept (nor tracked)
                    if (j > 0 && progress.cancelled()) {
                        out.cancelled = true;
                        break;
                    }
                    int plane = b.numbers.get(j);
                    List<FaceResult> faces = found.get(j);
                    if (faces != null && followUp != null) faces = followUp.follow(plane, b.images.get(j), faces);
                    if (faces != null) {
                        int[] zt = positions.get(plane - 1);
                        out.planes.add(new PlaneFaces(zt[0], zt[1], plane, faces));
                        String where = positions.size() == 1 ? null : planeName(imp, zt[0], zt[1]).substring(imp.getTitle().length()).trim();
                        warnings.plane(where, b.images.get(j), faces.size(), withProgress.detectorOptions());
                    }
                    progress.progress((double) plane / positions.size(), status(imp, plane, positions.size(), out));
                }
            }
        } finally {
            if (analysis != null) analysis.shutdownNow();
        }
        out.warnings.addAll(warnings.messages());
        return out;
    }

    /**
     * The next few planes from {@code positions[from]}, until {@code perBatch} of them can be analysed; null where
     * one cannot (reported in order by the caller). Stops early, with {@code out.cancelled} set, when cancelled.
     */
    private static PlaneBatch readBatch(ImagePlus imp, List<int[]> positions, int from, int perBatch, Progress progress,
                                        Outcome out) throws InvalidImageException {
        PlaneBatch b = new PlaneBatch();
        int i = from;
        while (i < positions.size() && b.usable.size() < perBatch) {
            if (progress.cancelled()) {
                out.cancelled = true;
                break;
            }
            int[] zt = positions.get(i++);
            PixelImage img = null;
            try {
                img = plane(imp, zt[0], zt[1]);
                b.usable.add(img);
            } catch (InvalidImageException e) {
                if (positions.size() == 1) throw e;
                b.skipped.put(e.imageName(), e.getMessage().substring(e.imageName().length() + 2));
            }
            b.numbers.add(i);
            b.images.add(img);
        }
        b.end = i;
        return b;
    }

    /** A few planes read together; their analysis, once submitted. */
    private static final class PlaneBatch {
        /** The index into the positions after this batch's last plane. */
        int end;
        final List<Integer> numbers = new ArrayList<>();
        /** Null where a plane cannot be analysed. */
        final List<PixelImage> images = new ArrayList<>();
        final List<PixelImage> usable = new ArrayList<>();
        final Map<String, String> skipped = new LinkedHashMap<>();
        Future<List<List<FaceResult>>> analysed;
    }

    /** A batch's faces, with the analysis's own exception (cancellation, a bug) thrown as it was. */
    private static List<List<FaceResult>> result(Future<List<List<FaceResult>>> analysed) {
        try {
            return analysed.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException) throw (RuntimeException) e.getCause();
            if (e.getCause() instanceof Error) throw (Error) e.getCause();
            throw new IllegalStateException(e.getCause());
        }
    }

    /** The faces of checked planes, classified if asked. */
    private static List<List<FaceResult>> analyzeChecked(FaceAnalyzer analyzer, List<PixelImage> images, boolean classify) {
        if (classify) return analyzer.analyzeChecked(images);
        List<List<FaceResult>> out = new ArrayList<>();
        for (List<DetectedFace> onPlane : analyzer.detect(images)) {
            List<FaceResult> faces = new ArrayList<>();
            for (DetectedFace f : onPlane) faces.add(new FaceResult(f, null));
            out.add(faces);
        }
        return out;
    }

    /**
     * Classifies the user's own ROIs: each ROI's bounding box is taken as the face crop, on the plane the ROI is
     * positioned on (the current plane for an unpositioned ROI).
     */
    public static Outcome classifyRois(ImagePlus imp, List<Roi> rois, FaceAnalyzer analyzer, Progress progress)
            throws InvalidImageException {
        Map<String, List<Roi>> byPlane = new LinkedHashMap<>();
        for (Roi roi : rois) {
            int[] zt = roiPlane(imp, roi);
            byPlane.computeIfAbsent(zt[0] + "," + zt[1], k -> new ArrayList<>()).add(roi);
        }
        Outcome out = new Outcome();
        int i = 0;
        for (Map.Entry<String, List<Roi>> e : byPlane.entrySet()) {
            if (progress.cancelled()) {
                out.cancelled = true;
                break;
            }
            int[] zt = roiPlane(imp, e.getValue().get(0));
            PixelImage img = plane(imp, zt[0], zt[1]);
            List<Box> boxes = new ArrayList<>();
            for (Roi r : e.getValue()) {
                java.awt.geom.Rectangle2D.Double b = r.getFloatBounds();
                boxes.add(new Box(b.x, b.y, b.width, b.height));
            }
            List<Expression> expressions = analyzer.classifier().classifyBoxes(img, boxes);
            List<FaceResult> faces = new ArrayList<>();
            for (int k = 0; k < boxes.size(); k++) faces.add(new FaceResult(DetectedFace.ofBox(boxes.get(k)), expressions.get(k)));
            out.planes.add(new PlaneFaces(zt[0], zt[1], ++i, faces));
            progress.progress((double) i / byPlane.size(), status(imp, i, byPlane.size(), out));
        }
        return out;
    }

    private static int[] roiPlane(ImagePlus imp, Roi roi) {
        if (roi.hasHyperStackPosition()) {
            return new int[] {Math.max(1, roi.getZPosition()), Math.max(1, roi.getTPosition())};
        }
        int p = roi.getPosition();
        if (p > 0 && imp.getStackSize() > 1) {
            int[] czt = imp.convertIndexToPosition(p);
            return new int[] {czt[1], czt[2]};
        }
        return new int[] {imp.getSlice(), imp.getFrame()};
    }

    private static String status(ImagePlus imp, int done, int total, Outcome out) {
        return String.format(Locale.ROOT, "EmotiJ: %s plane %d/%d, %d face%s", imp.getTitle(), done, total,
                out.faceCount(), out.faceCount() == 1 ? "" : "s");
    }
}
