package emotij.detect;

import emotij.engine.TfModel;
import emotij.image.PixelImage;
import emotij.image.Sampler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MediaPipe BlazeFace (the 256x256 "back camera" model, for small and distant faces) on images of any size.
 *
 * <p>One 256x256 view of the whole image finds the large faces; when the smallest face asked for would be too
 * small there, the image is also cut into overlapping square tiles at finer scales (an image pyramid), so that
 * small faces in group photos are found. Detections of all views are merged by weighted non-maximum suppression
 * (as MediaPipe does: overlapping detections are averaged, weighted by score, which steadies the boxes).
 *
 * <p>Thread-safe: it holds only the immutable options and a thread-safe {@link TfModel}.
 */
public final class BlazeFaceDetector implements FaceDetector {

    /** The network's input side. */
    public static final int INPUT_SIZE = 256;
    /** Smallest face side, in network input pixels, that the network finds reliably (measured on the samples). */
    static final double MIN_FACE_IN_INPUT = 24;
    /** Each pyramid level's window is at most this much smaller than the previous one. */
    static final double MAX_LEVEL_RATIO = 2.0;
    /** Overlap of neighbouring tiles as a fraction of the tile: more than the largest face the level must find. */
    static final double TILE_OVERLAP = 0.35;
    /** Windows per network call. */
    static final int BATCH = 16;

    private static final int VALUES_PER_ANCHOR = 17;
    private static final float[] ANCHORS = anchors();

    private final TfModel model;
    private final DetectorOptions options;

    public BlazeFaceDetector(TfModel model, DetectorOptions options) {
        this.model = model;
        this.options = options;
    }

    @Override
    public DetectorOptions options() {
        return options;
    }

    /** Anchor centres in input pixels: 16x16 cells of 2 anchors (stride 16), then 8x8 cells of 6 (stride 32). */
    private static float[] anchors() {
        int[] strides = {16, 32};
        int[] perCell = {2, 6};
        List<float[]> list = new ArrayList<>();
        for (int s = 0; s < strides.length; s++) {
            int grid = INPUT_SIZE / strides[s];
            for (int gy = 0; gy < grid; gy++) {
                for (int gx = 0; gx < grid; gx++) {
                    for (int n = 0; n < perCell[s]; n++) {
                        list.add(new float[] {strides[s] * (gx + 0.5f), strides[s] * (gy + 0.5f)});
                    }
                }
            }
        }
        float[] a = new float[list.size() * 2];
        for (int i = 0; i < list.size(); i++) {
            a[2 * i] = list.get(i)[0];
            a[2 * i + 1] = list.get(i)[1];
        }
        return a;
    }

    static int anchorCount() {
        return ANCHORS.length / 2;
    }

    /** A square part of an image that is sent to the network. */
    static final class Window {
        final int image;
        final double x0;
        final double y0;
        final double size;
        /** Which sides of the window are inside the image (detections touching them are cut faces). */
        final boolean innerLeft;
        final boolean innerTop;
        final boolean innerRight;
        final boolean innerBottom;
        /** Range of face sides, in input pixels, that this window reports; other levels find the rest. */
        final double minFace;
        final double maxFace;

        Window(int image, double x0, double y0, double size, int imgW, int imgH, double minFace, double maxFace) {
            this.image = image;
            this.minFace = minFace;
            this.maxFace = maxFace;
            this.x0 = x0;
            this.y0 = y0;
            this.size = size;
            this.innerLeft = x0 > 0.5;
            this.innerTop = y0 > 0.5;
            this.innerRight = x0 + size < imgW - 0.5;
            this.innerBottom = y0 + size < imgH - 0.5;
        }
    }

    /**
     * The views of one image: the whole image, then tiles at finer levels down to the minimum face size.
     *
     * <p>Each level reports only the face sizes it sees well, so that every face is reported by the level that
     * sees it best: faces too small for a level (low-resolution false alarms) are left to the next finer one, and
     * faces larger than a tile's overlap (which may be cut by the tile, their parts looking like small faces) are
     * left to the coarser one.
     */
    static List<Window> windows(int index, int w, int h, DetectorOptions options) {
        List<Window> out = new ArrayList<>();
        double whole = Math.max(w, h);
        double finest = options.minFaceSize() * INPUT_SIZE / MIN_FACE_IN_INPUT;
        int tileLevels = whole <= finest * 1.001 ? 0 : (int) Math.ceil(Math.log(whole / finest) / Math.log(MAX_LEVEL_RATIO));
        double ratio = tileLevels == 0 ? 1 : Math.pow(whole / finest, 1.0 / tileLevels);
        // a face this small in a level's input is ratio times larger, so better seen, in the next finer level
        double leaveToFiner = MIN_FACE_IN_INPUT * ratio * 0.85;
        double largestInTile = TILE_OVERLAP * INPUT_SIZE;
        out.add(new Window(index, (w - whole) / 2, (h - whole) / 2, whole, w, h,
                tileLevels == 0 ? MIN_FACE_IN_INPUT : leaveToFiner, Double.POSITIVE_INFINITY));
        double size = whole;
        for (int level = 1; level <= tileLevels; level++) {
            size /= ratio;
            double minFace = level == tileLevels ? MIN_FACE_IN_INPUT : leaveToFiner;
            // the coarser level leaves faces below leaveToFiner there, i.e. below leaveToFiner * ratio here
            double maxFace = Math.min(largestInTile, leaveToFiner * ratio * 1.15);
            double stride = size * (1 - TILE_OVERLAP);
            for (double y : positions(h, size, stride)) {
                for (double x : positions(w, size, stride)) {
                    out.add(new Window(index, x, y, size, w, h, minFace, maxFace));
                }
            }
        }
        return out;
    }

    /** Evenly spread start positions of tiles of {@code size} covering {@code extent}, at most {@code stride} apart. */
    private static double[] positions(int extent, double size, double stride) {
        if (size >= extent) return new double[] {(extent - size) / 2};
        int n = (int) Math.ceil((extent - size) / stride) + 1;
        double[] p = new double[n];
        for (int i = 0; i < n; i++) p[i] = (extent - size) * i / (n - 1);
        return p;
    }

    @Override
    public List<List<DetectedFace>> detectAll(List<PixelImage> images, DetectorOptions options, DetectionProgress progress) {
        List<Window> windows = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            windows.addAll(windows(i, images.get(i).width(), images.get(i).height(), options));
        }
        List<List<DetectedFace>> candidates = FaceDetector.emptyResults(images.size());
        int inputLength = INPUT_SIZE * INPUT_SIZE * 3;
        progress.windowsDone(0, windows.size());
        for (int start = 0; start < windows.size(); start += BATCH) {
            if (progress.cancelled()) throw new java.util.concurrent.CancellationException("face detection stopped");
            int n = Math.min(BATCH, windows.size() - start);
            float[] batch = new float[n * inputLength];
            for (int b = 0; b < n; b++) {
                Window win = windows.get(start + b);
                Sampler.sample(images.get(win.image), win.x0 + win.size / 2, win.y0 + win.size / 2, win.size,
                        win.size, 0, false, INPUT_SIZE, INPUT_SIZE, Sampler.Output.RGB, 2f, -1f, batch, b * inputLength);
            }
            Map<String, float[]> out = model.run(batch, n, INPUT_SIZE, INPUT_SIZE, 3);
            float[] raw = out.get("detections");
            for (int b = 0; b < n; b++) {
                Window win = windows.get(start + b);
                decode(raw, b * anchorCount() * VALUES_PER_ANCHOR, win, options.scoreThreshold(), candidates.get(win.image));
            }
            progress.windowsDone(start + n, windows.size());
        }
        List<List<DetectedFace>> result = new ArrayList<>();
        for (List<DetectedFace> c : candidates) {
            List<DetectedFace> merged = WeightedNms.merge(c, options.iouThreshold());
            List<DetectedFace> kept = new ArrayList<>();
            for (DetectedFace f : merged) {
                if (Math.max(f.box().width, f.box().height) >= options.minFaceSize() && kept.size() < options.maxFaces()) {
                    kept.add(f);
                }
            }
            result.add(kept);
        }
        return result;
    }

    private static void decode(float[] raw, int offset, Window win, double threshold, List<DetectedFace> sink) {
        // compare logits, not probabilities: most anchors are far below the threshold
        double logitThreshold = Math.log(threshold / (1 - threshold));
        double scale = win.size / INPUT_SIZE;
        // a face box this close (input pixels) to an inner edge of a tile is probably cut by it
        double edge = 2;
        for (int a = 0; a < anchorCount(); a++) {
            int o = offset + a * VALUES_PER_ANCHOR;
            if (raw[o] < logitThreshold) continue;
            double score = 1 / (1 + Math.exp(-Math.max(-100, Math.min(100, raw[o]))));
            double ax = ANCHORS[2 * a];
            double ay = ANCHORS[2 * a + 1];
            double cx = raw[o + 1] + ax;
            double cy = raw[o + 2] + ay;
            double bw = raw[o + 3];
            double bh = raw[o + 4];
            if (bw <= 0 || bh <= 0) continue;
            double side = Math.max(bw, bh);
            if (side < win.minFace || side > win.maxFace) continue;
            double left = cx - bw / 2;
            double top = cy - bh / 2;
            if ((win.innerLeft && left < edge) || (win.innerTop && top < edge)
                    || (win.innerRight && left + bw > INPUT_SIZE - edge)
                    || (win.innerBottom && top + bh > INPUT_SIZE - edge)) {
                continue;
            }
            double[] landmarks = new double[12];
            for (int k = 0; k < 6; k++) {
                landmarks[2 * k] = win.x0 + (raw[o + 5 + 2 * k] + ax) * scale;
                landmarks[2 * k + 1] = win.y0 + (raw[o + 6 + 2 * k] + ay) * scale;
            }
            Box box = new Box(win.x0 + left * scale, win.y0 + top * scale, bw * scale, bh * scale);
            sink.add(new DetectedFace(box, score, landmarks));
        }
    }

    @Override
    public void close() {
        model.close();
    }
}
