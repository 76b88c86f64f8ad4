package emotij.track;

import emotij.classify.Emotion;
import emotij.classify.Expression;
import emotij.detect.Box;
import emotij.detect.DetectedFace;
import emotij.image.PixelImage;
import emotij.pipeline.FaceResult;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Links the faces of consecutive frames into tracks with stable ids.
 *
 * <p>Each frame, every live track's box is predicted from its last box and velocity; detections are matched to
 * predictions by overlap, greedily, best first. Appearance (a {@link FaceEmbedder}) is consulted only where motion
 * is not enough, since it costs ~10 ms a face: when a detection could belong to two tracks (faces crossing) or a
 * track to two detections, when the face in a track's box no longer looks like the last one (a cheap thumbnail
 * check: a cut, someone stepping in) or has not been checked for a while, and for a detection that matches no live
 * track (a face coming back after a gap). A face that appearance says is someone else never joins a track by
 * overlap alone; it re-joins the most similar lost track if similar enough, or starts a new one. Tracks
 * unseen for more than the maximum gap end. Frames are fed in order, one at a time (a stream: bounded memory
 * per live track). A hyperstack is tracked along time separately at each z position (and channel): each is a
 * lane, whose faces are matched only to tracks of the same lane; ids are unique over all lanes. Not thread-safe:
 * one tracker per movie.
 */
public final class FaceTracker {

    /** Smallest overlap of a prediction and a detection for a motion match. */
    static final double MIN_IOU = 0.15;
    /**
     * Cosine similarity of faceres features, against the track's most recent ones (at most
     * {@link #APPEARANCE_REFRESH} frames old), below which a face is someone else even where the boxes overlap: a
     * cut, or someone stepping in. Measured: different people at most 0.735 (43 sample faces placed at one box, 861
     * pairs: two children of classroom_tanzania; 0.69 among the faces of 35 SFEW movie frames), the same face 0.87
     * or more (shifted 4%, scaled 15%, 30% darker), 0.92 on consecutive SFEW movie frames and 0.81-0.87 10-20
     * frames apart. The veto sits in the middle of that gap.
     */
    static final double DIFFERENT_PERSON = 0.77;
    /**
     * Correlation of a face's 16x16 thumbnail with its track's last one below which the (costly) appearance is
     * checked: the same face from frame to frame stays above it, a cut to someone else at the same place does not
     * (measured on the sample faces placed at one box: different people at most 0.88).
     */
    static final double SAME_LOOK = 0.9;
    private static final int THUMB = 16;
    /** Frames between appearance refreshes of a track that is matched by motion. */
    static final int APPEARANCE_REFRESH = 10;

    private final TrackerOptions options;
    private final FaceEmbedder embedder;
    private final List<Track> tracks = new ArrayList<>();
    private final List<TrackedFace> all = new ArrayList<>();
    private int nextId = 1;
    private int embeddingsComputed;

    /** @param embedder null for motion-only tracking */
    public FaceTracker(TrackerOptions options, FaceEmbedder embedder) {
        this.options = options;
        this.embedder = options.appearance() ? embedder : null;
    }

    private static final class Track {
        final int id;
        final int lane;
        final int firstPlane;
        int lastPlane;
        /** Time (frame along the lane) of the last face. */
        int lastFrame;
        Box box;
        double vx;
        double vy;
        /** Running mean of the features: who the track is, for re-identification. */
        float[] appearance;
        /** The last features computed: what the face looked like lately, for the veto. */
        float[] recentAppearance;
        int appearanceFrame;
        float[] thumbnail;
        DetectedFace lastFace;
        int seen;
        double[] smoothed;
        final double[] probabilitySum = new double[Emotion.values().length];
        final int[] topCount = new int[Emotion.values().length];
        final List<TrackedFace> faces = new ArrayList<>();

        Track(int id, int lane, int plane, int frame, Box box) {
            this.id = id;
            this.lane = lane;
            this.firstPlane = plane;
            this.lastPlane = plane;
            this.lastFrame = frame;
            this.box = box;
        }

        Box predicted(int frame) {
            int dt = frame - lastFrame;
            return new Box(box.x + vx * dt, box.y + vy * dt, box.width, box.height);
        }
    }

    /**
     * Where the faces of the tracks seen in the previous frame (at least twice so far, so with a velocity) should
     * be now: for frames on which detection is skipped. Score and landmarks are carried along.
     */
    public List<DetectedFace> confidentPredictions(int frame) {
        return confidentPredictions(0, frame);
    }

    /** Like {@link #confidentPredictions(int)} for the tracks of one lane. */
    public List<DetectedFace> confidentPredictions(int lane, int frame) {
        List<DetectedFace> out = new ArrayList<>();
        for (Track t : tracks) {
            if (t.lane != lane || t.lastFrame != frame - 1 || t.seen < 2 || t.lastFace == null) continue;
            Box p = t.predicted(frame);
            double dx = p.x - t.box.x;
            double dy = p.y - t.box.y;
            double[] lm = new double[12];
            for (emotij.detect.Landmark l : emotij.detect.Landmark.values()) {
                lm[2 * l.ordinal()] = t.lastFace.landmarkX(l) + dx;
                lm[2 * l.ordinal() + 1] = t.lastFace.landmarkY(l) + dy;
            }
            out.add(new DetectedFace(p, t.lastFace.score(), lm));
        }
        return out;
    }

    /** Number of faces whose appearance was computed so far (a measure of the tracker's extra cost). */
    public int embeddingsComputed() {
        return embeddingsComputed;
    }

    /**
     * Adds one frame's faces (frames in increasing order) and returns them with their track ids.
     *
     * @param image the frame, for appearance features; may be null when tracking by motion only
     */
    public List<TrackedFace> update(int frame, PixelImage image, List<FaceResult> faces) {
        return update(frame, 0, frame, image, faces);
    }

    /**
     * Adds the faces of one plane of a hyperstack (the frames of each lane in increasing order).
     *
     * @param plane the plane's number, given back with its faces and in the summaries
     * @param lane  faces are matched only to the tracks of the same lane (one z position, or channel)
     * @param frame the plane's time along its lane
     */
    public List<TrackedFace> update(int plane, int lane, int frame, PixelImage image, List<FaceResult> faces) {
        List<Track> live = new ArrayList<>();
        for (Track t : tracks) {
            if (t.lane == lane && frame - t.lastFrame <= options.maxGap() + 1 && t.lastFrame < frame) live.add(t);
        }
        int n = faces.size();
        Track[] assigned = new Track[n];
        float[][] appearance = new float[n][];

        // candidate (track, detection) pairs by predicted overlap
        List<double[]> pairs = new ArrayList<>();
        int[] candidatesPerDetection = new int[n];
        int[] candidatesPerTrack = new int[live.size()];
        for (int ti = 0; ti < live.size(); ti++) {
            Box p = live.get(ti).predicted(frame);
            for (int d = 0; d < n; d++) {
                double iou = p.iou(faces.get(d).face().box());
                if (iou >= MIN_IOU) {
                    pairs.add(new double[] {ti, d, iou});
                    candidatesPerDetection[d]++;
                    candidatesPerTrack[ti]++;
                }
            }
        }
        float[][] thumbnails = new float[n][];
        if (image != null) for (int d = 0; d < n; d++) thumbnails[d] = thumbnail(image, faces.get(d).face().box());
        // appearance where motion is ambiguous, or the face in the box looks different (a cut, someone stepped in)
        if (embedder != null && image != null) {
            List<Integer> need = new ArrayList<>();
            for (double[] pr : pairs) {
                int ti = (int) pr[0];
                int d = (int) pr[1];
                Track t = live.get(ti);
                boolean ambiguous = candidatesPerDetection[d] > 1 || candidatesPerTrack[ti] > 1;
                boolean stale = t.appearance == null || frame - t.appearanceFrame >= APPEARANCE_REFRESH;
                boolean changed = t.thumbnail != null && correlation(t.thumbnail, thumbnails[d]) < SAME_LOOK;
                if ((ambiguous || stale || changed) && !need.contains(d)) need.add(d);
            }
            for (int d = 0; d < n; d++) if (candidatesPerDetection[d] == 0 && !need.contains(d)) need.add(d);
            embed(image, faces, need, appearance);
            for (double[] pr : pairs) {
                Track t = live.get((int) pr[0]);
                float[] a = appearance[(int) pr[1]];
                if (a != null && t.appearance != null) {
                    // someone else at the place of the track's face: no match, however good the overlap;
                    // otherwise appearance ranks near boxes (faces crossing)
                    pr[2] = FaceEmbedder.similarity(a, t.recentAppearance) < DIFFERENT_PERSON ? Double.NEGATIVE_INFINITY
                            : pr[2] + 2 * (FaceEmbedder.similarity(a, t.appearance) - options.samePersonSimilarity());
                }
            }
        }
        pairs.sort(Comparator.comparingDouble((double[] pr) -> pr[2]).reversed());
        boolean[] trackTaken = new boolean[live.size()];
        for (double[] pr : pairs) {
            int ti = (int) pr[0];
            int d = (int) pr[1];
            if (trackTaken[ti] || assigned[d] != null) continue;
            if (pr[2] == Double.NEGATIVE_INFINITY) continue;  // appearance says: someone else
            trackTaken[ti] = true;
            assigned[d] = live.get(ti);
        }
        // re-identification of unmatched detections among tracks not matched this frame
        for (int d = 0; d < n; d++) {
            if (assigned[d] != null || appearance[d] == null) continue;
            Track best = null;
            double bestSim = options.samePersonSimilarity();
            for (int ti = 0; ti < live.size(); ti++) {
                Track t = live.get(ti);
                if (trackTaken[ti] || t.appearance == null) continue;
                double sim = FaceEmbedder.similarity(appearance[d], t.appearance);
                if (sim > bestSim) {
                    bestSim = sim;
                    best = t;
                }
            }
            if (best != null) {
                trackTaken[live.indexOf(best)] = true;
                assigned[d] = best;
            }
        }
        List<TrackedFace> out = new ArrayList<>();
        for (int d = 0; d < n; d++) {
            FaceResult r = faces.get(d);
            Track t = assigned[d];
            if (t == null) {
                t = new Track(nextId++, lane, plane, frame, r.face().box());
                tracks.add(t);
            } else {
                double dt = frame - t.lastFrame;
                double vx = (r.face().box().centreX() - t.box.centreX()) / dt;
                double vy = (r.face().box().centreY() - t.box.centreY()) / dt;
                t.vx = t.seen > 1 ? 0.5 * t.vx + 0.5 * vx : vx;
                t.vy = t.seen > 1 ? 0.5 * t.vy + 0.5 * vy : vy;
            }
            t.box = r.face().box();
            t.lastFace = r.face();
            t.lastFrame = frame;
            t.lastPlane = plane;
            if (thumbnails[d] != null) t.thumbnail = thumbnails[d];
            if (appearance[d] != null) {
                if (t.appearance == null) {
                    t.appearance = appearance[d];
                } else {
                    float[] mix = new float[appearance[d].length];
                    for (int i = 0; i < mix.length; i++) mix[i] = 0.7f * t.appearance[i] + 0.3f * appearance[d][i];
                    t.appearance = FaceEmbedder.normalised(mix);
                }
                t.recentAppearance = appearance[d];
                t.appearanceFrame = frame;
            }
            TrackedFace tf = new TrackedFace(plane, d + 1, t.id, smoothed(t, r));
            t.faces.add(tf);
            t.seen++;
            out.add(tf);
            all.add(tf);
        }
        return out;
    }

    /** A 16x16 gray thumbnail of the box, zero mean and unit length: cheap to compare frame to frame. */
    private static float[] thumbnail(PixelImage image, Box box) {
        float[] t = new float[THUMB * THUMB];
        double side = Math.max(box.width, box.height);
        emotij.image.Sampler.sample(image, box.centreX(), box.centreY(), side, side, 0, false, THUMB, THUMB,
                emotij.image.Sampler.Output.GRAY, 1f, 0f, t, 0);
        double mean = 0;
        for (float v : t) mean += v / t.length;
        for (int i = 0; i < t.length; i++) t[i] -= (float) mean;
        return FaceEmbedder.normalised(t);
    }

    private static double correlation(float[] a, float[] b) {
        return FaceEmbedder.similarity(a, b);
    }

    private void embed(PixelImage image, List<FaceResult> faces, List<Integer> which, float[][] into) {
        if (which.isEmpty()) return;
        List<DetectedFace> f = new ArrayList<>();
        for (int d : which) f.add(faces.get(d).face());
        List<float[]> e = embedder.embed(image, f);
        for (int i = 0; i < which.size(); i++) into[which.get(i)] = e.get(i);
        embeddingsComputed += which.size();
    }

    private FaceResult smoothed(Track t, FaceResult r) {
        if (r.expression() == null) return r;
        float[] p = r.expression().probabilities();
        double s = options.smoothing();
        if (t.smoothed == null) t.smoothed = new double[p.length];
        float[] q = new float[p.length];
        for (int i = 0; i < p.length; i++) {
            t.smoothed[i] = t.seen == 0 ? p[i] : (1 - s) * p[i] + s * t.smoothed[i];
            q[i] = (float) t.smoothed[i];
        }
        Expression e = new Expression(q);
        for (int i = 0; i < q.length; i++) t.probabilitySum[i] += q[i];
        t.topCount[e.top().ordinal()]++;
        return new FaceResult(r.face(), e);
    }

    /**
     * Ends the movie: faces of tracks shorter than the minimum length get track 0 and drop out of the summary.
     *
     * @return one summary per kept track, by id
     */
    public List<TrackSummary> finish() {
        List<TrackSummary> out = new ArrayList<>();
        for (Track t : tracks) {
            if (t.seen < options.minTrackLength()) {
                for (TrackedFace f : t.faces) f.untrack();
                continue;
            }
            double[] share = new double[t.topCount.length];
            double[] mean = new double[t.probabilitySum.length];
            for (int i = 0; i < share.length; i++) {
                share[i] = (double) t.topCount[i] / t.seen;
                mean[i] = t.probabilitySum[i] / t.seen;
            }
            out.add(new TrackSummary(t.id, t.firstPlane, t.lastPlane, t.seen, share, mean));
        }
        return out;
    }

    /** Every face given so far, in order, with its current track id. */
    public List<TrackedFace> faces() {
        return all;
    }
}
