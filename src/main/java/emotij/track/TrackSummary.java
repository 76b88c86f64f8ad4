package emotij.track;

import emotij.classify.Emotion;

/** One track over a whole movie: when it was seen and how its expression was. */
public final class TrackSummary {

    public final int track;
    /** Plane numbers (as given to the tracker) of the first and last face. */
    public final int firstFrame;
    public final int lastFrame;
    public final int framesSeen;
    /** Share of the frames in which each emotion (in {@link Emotion} order) was the top one. */
    public final double[] share;
    /** Mean probability of each emotion over the frames seen. */
    public final double[] meanProbability;

    TrackSummary(int track, int firstFrame, int lastFrame, int framesSeen, double[] share, double[] meanProbability) {
        this.track = track;
        this.firstFrame = firstFrame;
        this.lastFrame = lastFrame;
        this.framesSeen = framesSeen;
        this.share = share;
        this.meanProbability = meanProbability;
    }

    /** The emotion shown in most frames (ties: the higher mean probability). */
    public Emotion dominant() {
        int best = 0;
        for (int i = 1; i < share.length; i++) {
            if (share[i] > share[best] || (share[i] == share[best] && meanProbability[i] > meanProbability[best])) best = i;
        }
        return Emotion.values()[best];
    }
}
