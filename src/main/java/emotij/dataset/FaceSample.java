package emotij.dataset;

import emotij.classify.Emotion;
import emotij.classify.FaceCrop;

/**
 * One labelled face of a training set: where the face is, its class, and its group (images of one movie clip
 * share a group, so that cross-validation never tests on a near copy of a training image). Immutable.
 */
public final class FaceSample {

    public final FaceCrop crop;
    public final Emotion label;
    public final String group;
    public final String name;

    public FaceSample(FaceCrop crop, Emotion label, String group, String name) {
        this.crop = crop;
        this.label = label;
        this.group = group;
        this.name = name;
    }

    /**
     * The clip a file name belongs to: SFEW names frames {@code Movie_timestamp_frame.png}, so the name without its
     * last {@code _part}; other names are their own group.
     */
    public static String groupOf(String fileName) {
        String base = fileName.contains(".") ? fileName.substring(0, fileName.lastIndexOf('.')) : fileName;
        int last = base.lastIndexOf('_');
        return last > 0 && base.indexOf('_') < last ? base.substring(0, last) : base;
    }
}
