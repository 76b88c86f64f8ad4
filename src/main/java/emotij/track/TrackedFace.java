package emotij.track;

import emotij.pipeline.FaceResult;

/** A face of one frame with its track id (0: not tracked, its track was too short). */
public final class TrackedFace {

    /** 1-based plane number, as given to the tracker (the frame for a plain movie). */
    public final int frame;
    /** Index of the face in its frame, 1-based, as in the untracked results. */
    public final int face;
    private int track;
    /** The face, with the (optionally smoothed) expression. */
    public final FaceResult result;

    TrackedFace(int frame, int face, int track, FaceResult result) {
        this.frame = frame;
        this.face = face;
        this.track = track;
        this.result = result;
    }

    public int track() {
        return track;
    }

    void untrack() {
        track = 0;
    }
}
