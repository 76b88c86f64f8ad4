package emotij.detect;

import emotij.engine.TfModel;
import emotij.image.PixelImage;
import emotij.progress.Progress;
import emotij.image.Sampler;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * MediaPipe BlazeFace (the 256x256 "back camera" model, for small and distant faces) on images of any size.
 *
 * <p>An image up to one window at the scale where its smallest face asked for is {@link #MIN_FACE_IN_INPUT} input
 * pixels (640 pixels at the default minimum) is seen whole, in one 256x256 window. A larger one whose every face
 * fits the network at that scale (a 720x576 movie frame) is seen in one view of its own shape at that scale, and
 * where that view sees a face near the minimum, once more whole in a 256x256 window ({@link #NEAR_MINIMUM}). Any
 * other is seen whole for its large faces and at finer levels (an image pyramid) for its small ones: each level in
 * one view where it is at most {@link #MAX_VIEW_SIDE} pixels long, else cut into overlapping square tiles.
 * Detections of all views are merged by weighted non-maximum suppression (as MediaPipe does: overlapping detections
 * are averaged, weighted by score, which steadies the boxes).
 *
 * <p>Views of any shape need an engine that takes any input size ({@link TfModel#acceptsOtherImageSizes()}); on
 * TensorFlow every view is a 256x256 square (the whole image letterboxed, then tiles).
 *
 * <p>Thread-safe: it holds only the immutable options and a thread-safe {@link TfModel}.
 */
public final class BlazeFaceDetector implements FaceDetector {

    /** The network's input side as made: the square windows' side. */
    public static final int INPUT_SIZE = 256;
    /** A view's sides are multiples of the network's coarsest stride, so that its anchor grids are whole. */
    static final int INPUT_STEP = 32;
    /** Smallest face side, in network input pixels, that the network finds reliably (measured on the samples). */
    static final double MIN_FACE_IN_INPUT = 24;
    /** Largest face side, in input pixels, a view is trusted with: the network's own window, as made. */
    static final double MAX_FACE_IN_INPUT = INPUT_SIZE;
    /**
     * Longest side of a view of a whole image or pyramid level: 16 windows' worth of pixels at most, which ONNX
     * Runtime runs in tens of MB. A longer level is cut into tiles.
     */
    static final int MAX_VIEW_SIDE = 1024;
    /**
     * A face up to this many times the minimum face size, seen at half the score threshold in a movie frame's one
     * view, gets the frame a second look (the whole frame in a 256x256 window, a coarser scale and another grid):
     * near the minimum a face's score depends on where it falls on the network's grid, and two looks find more of
     * them (see {@link #secondLook}).
     */
    static final double NEAR_MINIMUM = 1.5;
    static final double UNSURE_SCORE_FACTOR = 0.5;
    /**
     * Smallest face, in input pixels, that the second look reports (there the minimum face is about 21): BlazeFace
     * finds faces of 20 pixels about as well as 24 (the 129 detections at a 20-pixel minimum in the samples and 35
     * SFEW frames, each shrunk to 16-28 input pixels in one window: 84 found at 20, 85 at 24).
     */
    static final double SECOND_LOOK_MIN_FACE = 20;
    /** Each pyramid level's window is at most this much smaller than the previous one. */
    static final double MAX_LEVEL_RATIO = 2.0;
    /** Overlap of neighbouring tiles as a fraction of the tile: more than the largest face the level must find. */
    static final double TILE_OVERLAP = 0.35;
    /** Input pixels per network call: this many 256x256 windows, or fewer views of a larger shape. */
    static final int BATCH = 16;

    private static final int VALUES_PER_ANCHOR = 17;
    private static final Map<Long, float[]> ANCHORS = new ConcurrentHashMap<>();

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

    /**
     * Anchor centres in input pixels, (x, y) pairs, for an input of {@code width x height}: cells of 2 anchors at
     * stride 16, then cells of 6 at stride 32, rows first, as the network's heads give them.
     */
    static float[] anchors(int width, int height) {
        return ANCHORS.computeIfAbsent((long) width << 32 | height, key -> {
            int[] strides = {16, 32};
            int[] perCell = {2, 6};
            int count = 0;
            for (int s = 0; s < strides.length; s++) count += (width / strides[s]) * (height / strides[s]) * perCell[s];
            float[] a = new float[count * 2];
            int i = 0;
            for (int s = 0; s < strides.length; s++) {
                for (int gy = 0; gy < height / strides[s]; gy++) {
                    for (int gx = 0; gx < width / strides[s]; gx++) {
                        for (int n = 0; n < perCell[s]; n++) {
                            a[i++] = strides[s] * (gx + 0.5f);
                            a[i++] = strides[s] * (gy + 0.5f);
                        }
                    }
                }
            }
            return a;
        });
    }

    /** A part of an image that is sent to the network: a view of the whole image, or a square tile. */
    static final class Window {
        final int image;
        /** Where the input's top-left corner is in the image, and image pixels per input pixel. */
        final double x0;
        final double y0;
        final double scale;
        final int inputWidth;
        final int inputHeight;
        /** Which sides of the window are inside the image (detections touching them are cut faces). */
        final boolean innerLeft;
        final boolean innerTop;
        final boolean innerRight;
        final boolean innerBottom;
        /** Range of face sides, in input pixels, that this window reports; other levels find the rest. */
        final double minFace;
        final double maxFace;
        /** Whether a face near the minimum seen here calls for a {@link #secondLook} (a movie frame's one view). */
        final boolean secondLookIfNearMinimum;

        Window(int image, double x0, double y0, double scale, int inputWidth, int inputHeight, int imgW, int imgH,
               double minFace, double maxFace) {
            this(image, x0, y0, scale, inputWidth, inputHeight, x0 > 0.5, y0 > 0.5, x0 + inputWidth * scale < imgW - 0.5,
                    y0 + inputHeight * scale < imgH - 0.5, minFace, maxFace, false);
        }

        private Window(int image, double x0, double y0, double scale, int inputWidth, int inputHeight, boolean innerLeft,
                       boolean innerTop, boolean innerRight, boolean innerBottom, double minFace, double maxFace,
                       boolean secondLookIfNearMinimum) {
            this.image = image;
            this.x0 = x0;
            this.y0 = y0;
            this.scale = scale;
            this.inputWidth = inputWidth;
            this.inputHeight = inputHeight;
            this.innerLeft = innerLeft;
            this.innerTop = innerTop;
            this.innerRight = innerRight;
            this.innerBottom = innerBottom;
            this.minFace = minFace;
            this.maxFace = maxFace;
            this.secondLookIfNearMinimum = secondLookIfNearMinimum;
        }

        /** This window reporting faces of another range of sizes (input pixels). */
        Window withFaceRange(double min, double max) {
            return new Window(image, x0, y0, scale, inputWidth, inputHeight, innerLeft, innerTop, innerRight,
                    innerBottom, min, max, secondLookIfNearMinimum);
        }

        /** This window, calling for a {@link #secondLook} where it sees a face near the minimum. */
        Window withSecondLookIfNearMinimum() {
            return new Window(image, x0, y0, scale, inputWidth, inputHeight, innerLeft, innerTop, innerRight,
                    innerBottom, minFace, maxFace, true);
        }

        /** The size of {@code inputPixels} in the image's pixels. */
        double inImage(double inputPixels) {
            return inputPixels * scale;
        }
    }

    /**
     * The views of one image, the coarsest first.
     *
     * <p>Each level reports only the face sizes it sees well, so that every face is reported by the level that
     * sees it best: faces too small for a level (low-resolution false alarms) are left to the next finer one, and
     * faces larger than a tile's overlap (which may be cut by the tile, their parts looking like small faces) are
     * left to the coarser one.
     *
     * @param anySize whether views may have any shape (else all are 256x256 squares)
     */
    static List<Window> windows(int index, int w, int h, DetectorOptions options, boolean anySize) {
        List<Window> out = new ArrayList<>();
        double whole = Math.max(w, h);
        double finest = options.minFaceSize() * INPUT_SIZE / MIN_FACE_IN_INPUT;
        if (anySize && whole > finest * 1.001) {
            // at the scale the smallest face needs: one view when the largest face the image can hold fits the
            // network there too
            double scale = finest / INPUT_SIZE;
            if (Math.min(w, h) / scale <= MAX_FACE_IN_INPUT * 1.001 && whole / scale <= MAX_VIEW_SIDE) {
                out.add(centredView(index, w, h, scale, true, MIN_FACE_IN_INPUT, Double.POSITIVE_INFINITY)
                        .withSecondLookIfNearMinimum());
                return out;
            }
        }
        int tileLevels = whole <= finest * 1.001 ? 0 : (int) Math.ceil(Math.log(whole / finest) / Math.log(MAX_LEVEL_RATIO));
        double ratio = tileLevels == 0 ? 1 : Math.pow(whole / finest, 1.0 / tileLevels);
        // a face this small in a level's input is ratio times larger, so better seen, in the next finer level
        double leaveToFiner = MIN_FACE_IN_INPUT * ratio * 0.85;
        double largestInTile = TILE_OVERLAP * INPUT_SIZE;
        // the whole view stays a square: a face that fills a small image (a face crop) is found more often with
        // the square's black bands beside it than in a view of the image's own shape (191 SFEW crops: in 175
        // against 171)
        out.add(centredView(index, w, h, whole / INPUT_SIZE, false,
                tileLevels == 0 ? MIN_FACE_IN_INPUT : leaveToFiner, Double.POSITIVE_INFINITY));
        double size = whole;
        for (int level = 1; level <= tileLevels; level++) {
            size /= ratio;
            double scale = size / INPUT_SIZE;
            double minFace = level == tileLevels ? MIN_FACE_IN_INPUT : leaveToFiner;
            // the coarser level leaves faces below leaveToFiner there, i.e. below leaveToFiner * ratio here
            double leftByCoarser = leaveToFiner * ratio * 1.15;
            if (anySize && whole / scale <= MAX_VIEW_SIDE) {
                out.add(centredView(index, w, h, scale, true, minFace, leftByCoarser));
                continue;
            }
            double maxFace = Math.min(largestInTile, leftByCoarser);
            double stride = size * (1 - TILE_OVERLAP);
            for (double y : positions(h, size, stride)) {
                for (double x : positions(w, size, stride)) {
                    out.add(new Window(index, x, y, scale, INPUT_SIZE, INPUT_SIZE, w, h, minFace, maxFace));
                }
            }
        }
        return out;
    }

    /**
     * The whole image at {@code scale} (image pixels per input pixel), centred in an input of its own shape with
     * sides rounded up to {@link #INPUT_STEP}, or ({@code anySize} false) in a 256x256 square.
     */
    private static Window centredView(int index, int w, int h, double scale, boolean anySize, double minFace, double maxFace) {
        int inputWidth = anySize ? roundedUpToStep(w / scale) : INPUT_SIZE;
        int inputHeight = anySize ? roundedUpToStep(h / scale) : INPUT_SIZE;
        return new Window(index, (w - inputWidth * scale) / 2, (h - inputHeight * scale) / 2, scale, inputWidth,
                inputHeight, w, h, minFace, maxFace);
    }

    /** The whole image in a 256x256 window, reporting faces down to {@link #SECOND_LOOK_MIN_FACE} input pixels. */
    private static Window secondLook(int index, int w, int h) {
        return centredView(index, w, h, Math.max(w, h) / (double) INPUT_SIZE, false, SECOND_LOOK_MIN_FACE,
                Double.POSITIVE_INFINITY);
    }

    private static int roundedUpToStep(double side) {
        // a side of exactly 256 computed as 256.0000001 stays 256
        return INPUT_STEP * Math.max(1, (int) Math.ceil(side / INPUT_STEP - 1e-6));
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
    public List<List<DetectedFace>> detectAll(List<PixelImage> images, DetectorOptions options, Progress progress) {
        return detectAll(images, options, progress, new DetectionMeter(progress));
    }

    /** {@link #detectAll(List, DetectorOptions, Progress)} counting the windows with {@code meter}. */
    List<List<DetectedFace>> detectAll(List<PixelImage> images, DetectorOptions options, Progress progress, DetectionMeter meter) {
        List<Window> all = new ArrayList<>();
        for (int i = 0; i < images.size(); i++) {
            all.addAll(windows(i, images.get(i).width(), images.get(i).height(), options, model.acceptsOtherImageSizes()));
        }
        List<List<DetectedFace>> candidates = FaceDetector.emptyResults(images.size());
        List<Window> secondLooks = new ArrayList<>();
        int[] done = {0, all.size()};
        meter.windowsDone(0, done[1]);
        run(images, all, progress, meter, done, (win, raw, offset) -> {
            decode(raw, offset, win, options.scoreThreshold(), candidates.get(win.image));
            if (win.secondLookIfNearMinimum && seesAFaceNearTheMinimum(raw, offset, win, options)) {
                secondLooks.add(secondLook(win.image, images.get(win.image).width(), images.get(win.image).height()));
            }
        });
        if (!secondLooks.isEmpty()) {
            done[1] += secondLooks.size();
            run(images, secondLooks, progress, meter, done,
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

    /**
     * Runs the network on the windows, views of one shape together, up to {@link #BATCH} windows' worth of pixels at
     * a time; {@code done} is {windows done, of total}, as the meter is told.
     */
    private void run(List<PixelImage> images, List<Window> windows, Progress progress, DetectionMeter meter, int[] done,
                     WindowOutput out) {
        Map<Long, List<Window>> byShape = new LinkedHashMap<>();
        for (Window win : windows) {
            byShape.computeIfAbsent((long) win.inputWidth << 32 | win.inputHeight, k -> new ArrayList<>()).add(win);
        }
        for (List<Window> shape : byShape.values()) {
            int width = shape.get(0).inputWidth;
            int height = shape.get(0).inputHeight;
            int inputLength = width * height * 3;
            int perCall = Math.max(1, BATCH * INPUT_SIZE * INPUT_SIZE / (width * height));
            int rowsPerView = anchors(width, height).length / 2 * VALUES_PER_ANCHOR;
            for (int start = 0; start < shape.size(); start += perCall) {
                if (progress.cancelled()) throw new java.util.concurrent.CancellationException("face detection stopped");
                int n = Math.min(perCall, shape.size() - start);
                float[] batch = new float[n * inputLength];
                for (int b = 0; b < n; b++) {
                    Window win = shape.get(start + b);
                    Sampler.sample(images.get(win.image), win.x0 + win.inImage(width) / 2, win.y0 + win.inImage(height) / 2,
                            win.inImage(width), win.inImage(height), 0, false, width, height, Sampler.Output.RGB, 2f, -1f,
                            batch, b * inputLength);
                }
                float[] raw = model.run(batch, n, height, width, 3).get("detections");
                for (int b = 0; b < n; b++) out.accept(shape.get(start + b), raw, b * rowsPerView);
                done[0] += n;
                meter.windowsDone(done[0], done[1]);
            }
        }
    }

    /** True if {@code view} sees, even at half the score threshold, a face up to {@link #NEAR_MINIMUM} times the minimum. */
    private static boolean seesAFaceNearTheMinimum(float[] raw, int offset, Window view, DetectorOptions options) {
        List<DetectedFace> seen = new ArrayList<>();
        decode(raw, offset, view.withFaceRange(0, Double.POSITIVE_INFINITY), options.scoreThreshold() * UNSURE_SCORE_FACTOR, seen);
        for (DetectedFace f : seen) {
            if (Math.max(f.box().width, f.box().height) <= options.minFaceSize() * NEAR_MINIMUM) return true;
        }
        return false;
    }

    private static void decode(float[] raw, int offset, Window win, double threshold, List<DetectedFace> sink) {
        // compare logits, not probabilities: most anchors are far below the threshold
        double logitThreshold = Math.log(threshold / (1 - threshold));
        double scale = win.scale;
        float[] anchors = anchors(win.inputWidth, win.inputHeight);
        // a face box this close (input pixels) to an inner edge of a tile is probably cut by it
        double edge = 2;
        for (int a = 0; a < anchors.length / 2; a++) {
            int o = offset + a * VALUES_PER_ANCHOR;
            if (raw[o] < logitThreshold) continue;
            double score = 1 / (1 + Math.exp(-Math.max(-100, Math.min(100, raw[o]))));
            double ax = anchors[2 * a];
            double ay = anchors[2 * a + 1];
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
                    || (win.innerRight && left + bw > win.inputWidth - edge)
                    || (win.innerBottom && top + bh > win.inputHeight - edge)) {
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
