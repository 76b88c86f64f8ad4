package emotij.train;

import emotij.classify.FaceView;
import emotij.dataset.FaceSample;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** The training views of a face for each {@link TrainingOptions.Augment} setting. */
final class Augmentation {

    /** Side of the 10-crop crops, as a fraction of the face crop. */
    static final double TENCROP_SIDE = 7 / 8.0;

    private Augmentation() {
    }

    /** One view drawn for a training step. */
    static FaceView view(FaceSample s, TrainingOptions.Augment augment, Random random) {
        FaceView v = FaceView.of(s.crop);
        switch (augment) {
            case NONE:
                return v;
            case FLIP:
                return v.mirrored(random.nextBoolean());
            case TENCROP:
                return tenCrop(v, random.nextInt(10));
            default:
                return randomView(v, random);
        }
    }

    /** The views whose features frozen mode caches: all of them for flip and 10-crop, {@code n} drawn for random. */
    static List<FaceView> cachedViews(FaceSample s, TrainingOptions.Augment augment, int n, Random random) {
        FaceView v = FaceView.of(s.crop);
        List<FaceView> out = new ArrayList<>();
        switch (augment) {
            case NONE:
                out.add(v);
                break;
            case FLIP:
                out.add(v);
                out.add(v.mirrored(true));
                break;
            case TENCROP:
                for (int i = 0; i < 10; i++) out.add(tenCrop(v, i));
                break;
            default:
                out.add(v);
                out.add(v.mirrored(true));
                while (out.size() < n) out.add(randomView(v, random));
        }
        return out;
    }

    /** Crop {@code i} of 10: corners and centre at 7/8 of the side, then the same mirrored. */
    static FaceView tenCrop(FaceView v, int i) {
        double d = (1 - TENCROP_SIDE) / 2;
        double[][] at = {{-d, -d}, {d, -d}, {-d, d}, {d, d}, {0, 0}};
        return v.zoomed(TENCROP_SIDE).shifted(at[i % 5][0], at[i % 5][1]).mirrored(i >= 5);
    }

    /** Mirror, rotation up to 10 degrees, shift up to 6%, zoom 0.9-1.1, shear up to 0.1, brightness 0.75-1.25. */
    static FaceView randomView(FaceView v, Random r) {
        return v.mirrored(r.nextBoolean())
                .turned(Math.toRadians(10) * (2 * r.nextDouble() - 1))
                .shifted(0.06 * (2 * r.nextDouble() - 1), 0.06 * (2 * r.nextDouble() - 1))
                .zoomed(0.9 + 0.2 * r.nextDouble())
                .sheared(0.1 * (2 * r.nextDouble() - 1))
                .brightened((float) (0.75 + 0.5 * r.nextDouble()));
    }
}
