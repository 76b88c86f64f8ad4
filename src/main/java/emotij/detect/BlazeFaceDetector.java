package emotij.detect;

import emotij.engine.TfModel;
import emotij.image.PixelImage;
import emotij.progress.Progress;
import emotij.image.Sampler;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * MediaPipe BlazeFace (the 256x256 "back camera" model, for small and distant faces) on images of any size.
 *
 * <p>One 256x256 view of the whole image finds the large faces; when the smallest face asked for would be too
 * small there, the image is also cut into overlapping square tiles at finer scales (an image pyramid), so that
 * small faces in group photos are found (for an image only a little larger than one tile, only where the whole
 * view sees faces near the tiles' sizes: {@link #WHOLE_VIEW_SLACK}). Detections of all views are merged by weighted non-maximum suppression
 * (as MediaPipe does: overlapping detections are averaged, weighted by score, which steadies the boxes).
 *
 * <p>Thread-safe: it holds only the immutable options and a thread-safe {@link TfModel}.
 */
public final class BlazeFaceDetector implements FaceDetector {

    /** The network's input side. */
    public static final int INPUT_SIZE = 256;
    /** Smallest face side, in network input pixels, that the network finds reliably (measured on the samples). */
    static final double MIN_FACE_IN_INPUT = 24;
    /**
     * An image up to this much larger than the finest window (one level of tiles, e.g. a 720x576 movie frame at
     * the default minimum face) is first seen whole: its smallest faces come out at least
     * {@code MIN_FACE_IN_INPUT / 1.2} = 20 input pixels there, which BlazeFace finds as well as 24 (measured on
     * the 129 detections at a 20-pixel minimum in the samples and 35 SFEW frames, each shrunk to 16-28 input
     * pixels in one window: found 84 at 20, 85 at 24). Its tiles run only when the whole view sees something of
     * the sizes they report (see {@link #wholeViewIsUnsure}): a frame whose faces are all larger takes 1 window,
     * not 3, with the same faces.
     */
    static final double WHOLE_VIEW_SLACK = 1.2;
    /**
     * The whole view's face boxes of faces this small vary by up to about 15% (measured: a 65x72-pixel face came out
     * 55-65); a detection within this factor of the tiles' size range, at half the score threshold, runs them.
     */
    static final double SIZE_MARGIN = 1.25;
    static final double UNSURE_SCORE_FACTOR = 0.5;
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
            this(image, x0, y0, size, x0 > 0.5, y0 > 0.5, x0 + size < imgW - 0.5, y0 + size < imgH - 0.5, minFace, maxFace);
        }

        private Window(int image, double x0, double y0, double size, boolean innerLeft, boolean innerTop,
                       boolean innerRight, boolean innerBottom, double minFace, double maxFace) {
            this.image = image;
            this.x0 = x0;
            this.y0 = y0;
            this.size = size;
            this.innerLeft = innerLeft;
            this.innerTop = innerTop;
            this.innerRight = innerRight;
            this.innerBottom = innerBottom;
            this.minFace = minFace;
            this.maxFace = maxFace;
        }

        /** This window reporting faces of another range of sizes (input pixels). */
        Window withFaceRange(double min, double max) {
            return new Window(image, x0, y0, size, innerLeft, innerTop, innerRight, innerBottom, min, max);
        }

        /** The size of {@code inputPixels} in the image's pixels. */
        double inImage(double inputPixels) {
            return inputPixels * size / INPUT_SIZE;
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

    /** True if an image of this size is first seen whole, its tiles run only when needed (see {@link #WHOLE_VIEW_SLACK}). */
    static boolean seenWholeFirst(int w, int h, DetectorOptions options) {
        double whole = Math.max(w, h);
        double finest = options.minFaceSize() * INPUT_SIZE / MIN_FACE_IN_INPUT;
        return whole > finest * 1.001 && whole <= finest * WHOLE_VIEW_SLACK;
    }

    @Override
    public List<List<DetectedFace>> detectAll(List<PixelImage> images, DetectorOptions options, Progress progress) {
        return detectAll(images, options, progress, new DetectionMeter(progress));
    }

    /** {@link #detectAll(List, DetectorOptions, Progress)} counting the windows with {@code meter}. */
    List<List<DetectedFace>> detectAll(List<PixelImage> images, DetectorOptions options, Progress progress, DetectionMeter meter) {
        // images a little larger than one window run their whole view first, their tiles afterwards if needed
        List<Window> first = new ArrayList<>();
        List<List<Window>> tilesIfNeeded = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            List<Window> all = windows(i, images.get(i).width(), images.get(i).height(), options);
            if (seenWholeFirst(images.get(i).width(), images.get(i).height(), options)) {
                first.add(all.get(0));
                tilesIfNeeded.add(all.subList(1, all.size()));
            } else {
                first.addAll(all);
                tilesIfNeeded.add(List.of());
            }
        }
        List<List<DetectedFace>> candidates = FaceDetector.emptyResults(images.size());
        List<Window> then = new ArrayList<>();
        int[] done = {0, first.size()};
        meter.windowsDone(0, done[1]);
        run(images, first, progress, meter, done, (win, raw, offset) -> {
            decode(raw, offset, win, options.scoreThreshold(), candidates.get(win.image));
            List<Window> tiles = tilesIfNeeded.get(win.image);
            if (!tiles.isEmpty() && wholeViewIsUnsure(raw, offset, win, tiles.get(0), options)) then.addAll(tiles);
        });
        if (!then.isEmpty()) {
            done[1] += then.size();
            run(images, then, progress, meter, done,
                    (win, raw, offset) -> decode(raw, offset, win, options.scoreThreshold(), candidates.get(win.image)));
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

    /** What is done with the network's output for one window ({@code raw} from {@code offset}). */
    private interface WindowOutput {
        void accept(Window window, float[] raw, int offset);
    }

    /** Runs the network on the windows, {@link #BATCH} at a time; {@code done} is {windows done, of total}. */
    private void run(List<PixelImage> images, List<Window> windows, Progress progress, DetectionMeter meter, int[] done,
                     WindowOutput out) {
        int inputLength = INPUT_SIZE * INPUT_SIZE * 3;
        for (int start = 0; start < windows.size(); start += BATCH) {
            if (progress.cancelled()) throw new java.util.concurrent.CancellationException("face detection stopped");
            int n = Math.min(BATCH, windows.size() - start);
            float[] batch = new float[n * inputLength];
            for (int b = 0; b < n; b++) {
                Window win = windows.get(start + b);
                Sampler.sample(images.get(win.image), win.x0 + win.size / 2, win.y0 + win.size / 2, win.size,
                        win.size, 0, false, INPUT_SIZE, INPUT_SIZE, Sampler.Output.RGB, 2f, -1f, batch, b * inputLength);
            }
            float[] raw = model.run(batch, n, INPUT_SIZE, INPUT_SIZE, 3).get("detections");
            for (int b = 0; b < n; b++) out.accept(windows.get(start + b), raw, b * anchorCount() * VALUES_PER_ANCHOR);
            done[0] += n;
            meter.windowsDone(done[0], done[1]);
        }
    }

    /**
     * True if the whole view of an image sees something, even at half the score threshold, of a size its tiles
     * report (with a margin for the whole view's rougher boxes): then the tiles must run, and the image gets
     * exactly the faces it would get with all windows run at once. Otherwise they are skipped: a face of their
     * sizes that the whole view misses even at half the threshold is rare (see {@link #WHOLE_VIEW_SLACK}).
     */
    private static boolean wholeViewIsUnsure(float[] raw, int offset, Window whole, Window tile, DetectorOptions options) {
        double smallest = tile.inImage(tile.minFace) / SIZE_MARGIN;
        double largest = tile.inImage(tile.maxFace) * SIZE_MARGIN;
        List<DetectedFace> seen = new ArrayList<>();
        decode(raw, offset, whole.withFaceRange(0, Double.POSITIVE_INFINITY), options.scoreThreshold() * UNSURE_SCORE_FACTOR, seen);
        for (DetectedFace f : seen) {
            double side = Math.max(f.box().width, f.box().height);
            if (side >= smallest && side <= largest) return true;
        }
        return false;
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
