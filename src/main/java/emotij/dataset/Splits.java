package emotij.dataset;

import emotij.classify.Emotion;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Splits of a training set that keep each group (movie clip) whole and each class spread evenly: held-out
 * validation parts and cross-validation folds. Deterministic for a seed.
 */
public final class Splits {

    private Splits() {
    }

    /**
     * {@code k} disjoint test folds covering all samples. Per class, whole groups go (shuffled, largest first) to
     * the fold that has the fewest samples of that class yet.
     */
    public static List<List<FaceSample>> folds(List<FaceSample> samples, int k, long seed) {
        if (k < 2) throw new IllegalArgumentException("cross-validation needs at least 2 folds, not " + k);
        List<List<FaceSample>> folds = new ArrayList<>();
        for (int i = 0; i < k; i++) folds.add(new ArrayList<>());
        for (Emotion e : Emotion.values()) {
            Map<String, List<FaceSample>> groups = new LinkedHashMap<>();
            for (FaceSample s : samples) if (s.label == e) groups.computeIfAbsent(s.group, g -> new ArrayList<>()).add(s);
            List<List<FaceSample>> ordered = ExpressionDataset.shuffled(new ArrayList<>(groups.values()), seed + e.ordinal());
            ordered.sort((a, b) -> b.size() - a.size());  // stable: shuffled order among equal sizes
            int[] count = new int[k];
            for (List<FaceSample> g : ordered) {
                int best = 0;
                for (int i = 1; i < k; i++) if (count[i] < count[best]) best = i;
                folds.get(best).addAll(g);
                count[best] += g.size();
            }
        }
        return folds;
    }

    /** [rest, held out]: about {@code fraction} of each class held out, whole groups. */
    public static List<List<FaceSample>> holdOut(List<FaceSample> samples, double fraction, long seed) {
        int k = Math.max(2, (int) Math.round(1 / fraction));
        List<List<FaceSample>> folds = folds(samples, k, seed);
        List<FaceSample> rest = new ArrayList<>();
        for (int i = 1; i < k; i++) rest.addAll(folds.get(i));
        return List.of(rest, folds.get(0));
    }

    /** All samples but those of {@code fold}. */
    public static List<FaceSample> without(List<List<FaceSample>> folds, int fold) {
        List<FaceSample> out = new ArrayList<>();
        for (int i = 0; i < folds.size(); i++) if (i != fold) out.addAll(folds.get(i));
        return out;
    }
}
