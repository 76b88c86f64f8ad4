package emotij.dataset;

import emotij.classify.Emotion;
import emotij.classify.FaceCrop;

/**
 * One labelled face of a training set: where the face is, its class, and its group (the faces of one movie share
 * a group, see {@link Grouping}, so that splits never test on a person or scene seen in training). Immutable.
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
}
