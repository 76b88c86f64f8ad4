package emotij.dataset;

import emotij.classify.Emotion;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Splits of a training set that keep each group ({@link FaceSample#group}: a movie for SFEW, see {@link Grouping})
 * whole, across all classes, with the classes spread evenly: held-out validation parts and cross-validation folds.
 * Deterministic for a seed.
 */
public final class Splits {

    private Splits() {
    }

    /**
     * {@code k} disjoint test folds covering all samples, each group in exactly one. Whole groups go, largest first
     * (shuffled among equal sizes), to the fold where they leave the folds' class counts and sizes closest to an
     * even share: the fold that adds least to the chi-square distance of its class counts and size from
     * {@code 1/k} of the totals.
     *
     * @throws IllegalArgumentException when there are fewer groups than folds, naming what to change
     */
    public static List<List<FaceSample>> folds(List<FaceSample> samples, int k, long seed) {
        if (k < 2) throw new IllegalArgumentException("cross-validation needs at least 2 folds, not " + k);
        // sorted by key, so that the folds depend on which faces there are, not on their order
        Map<String, List<FaceSample>> groups = new TreeMap<>();
        for (FaceSample s : samples) groups.computeIfAbsent(s.group, g -> new ArrayList<>()).add(s);
        if (groups.size() < k) {
            throw new IllegalArgumentException("cannot split " + samples.size() + " faces in " + groups.size()
                    + " group(s) into " + k + " parts of whole groups: use fewer folds (or a larger validation part), or a"
                    + " finer group_by (none: every file its own group)");
        }
        int classes = Emotion.values().length;
        double[] classShare = new double[classes];
        for (FaceSample s : samples) classShare[s.label.ordinal()] += 1.0 / k;
        double sizeShare = samples.size() / (double) k;
        List<List<FaceSample>> ordered = ExpressionDataset.shuffled(new ArrayList<>(groups.values()), seed);
        ordered.sort((a, b) -> b.size() - a.size());  // stable: shuffled order among equal sizes
        List<List<FaceSample>> folds = new ArrayList<>();
        for (int i = 0; i < k; i++) folds.add(new ArrayList<>());
        int[][] classCount = new int[k][classes];
        for (List<FaceSample> g : ordered) {
            int[] add = new int[classes];
            for (FaceSample s : g) add[s.label.ordinal()]++;
            int best = 0;
            double bestCost = Double.POSITIVE_INFINITY;
            for (int f = 0; f < k; f++) {
                double cost = growth(folds.get(f).size(), g.size(), sizeShare);
                for (int c = 0; c < classes; c++) if (add[c] > 0) cost += growth(classCount[f][c], add[c], classShare[c]);
                if (cost < bestCost) {
                    bestCost = cost;
                    best = f;
                }
            }
            folds.get(best).addAll(g);
            for (int c = 0; c < classes; c++) classCount[best][c] += add[c];
        }
        return folds;
    }

    /** How much (have - share)^2 / share grows when {@code add} more join {@code have}. */
    private static double growth(int have, int add, double share) {
        return add * (2 * (have - share) + add) / share;
    }

    /**
     * [rest, held out]: about {@code fraction} of the samples held out, whole groups, classes spread evenly: of
     * {@code 1/fraction} {@link #folds} (fewer when there are fewer groups), the one closest to that size.
     *
     * @throws IllegalArgumentException when all samples are in one group
     */
    public static List<List<FaceSample>> holdOut(List<FaceSample> samples, double fraction, long seed) {
        int k = Math.min(Math.max(2, (int) Math.round(1 / fraction)), Math.max(2, groupCount(samples)));
        List<List<FaceSample>> folds = folds(samples, k, seed);
        int held = 0;
        for (int i = 1; i < k; i++) {
            if (Math.abs(folds.get(i).size() - fraction * samples.size()) < Math.abs(folds.get(held).size() - fraction * samples.size())) held = i;
        }
        return List.of(without(folds, held), folds.get(held));
    }

    /** All samples but those of {@code fold}. */
    public static List<FaceSample> without(List<List<FaceSample>> folds, int fold) {
        List<FaceSample> out = new ArrayList<>();
        for (int i = 0; i < folds.size(); i++) if (i != fold) out.addAll(folds.get(i));
        return out;
    }

    /** The number of distinct groups among {@code samples}. */
    public static int groupCount(Collection<FaceSample> samples) {
        Set<String> groups = new HashSet<>();
        for (FaceSample s : samples) groups.add(s.group);
        return groups.size();
    }

    /**
     * What the groups of {@code samples} are, for logs and reports: e.g. {@code 50 groups of 1 to 54 faces}, or,
     * when every face is its own group, a note that splits then do not test on unseen people.
     */
    public static String describeGroups(Collection<FaceSample> samples) {
        Map<String, Integer> sizes = new LinkedHashMap<>();
        for (FaceSample s : samples) sizes.merge(s.group, 1, Integer::sum);
        if (sizes.size() == samples.size()) {
            return "nothing grouped: each of the " + samples.size() + " faces is its own group, so faces of one person or"
                    + " scene can be on both sides of a split (name files Title_<digits>_<digits> as SFEW does, or set group_by)";
        }
        int min = Integer.MAX_VALUE;
        int max = 0;
        for (int n : sizes.values()) {
            min = Math.min(min, n);
            max = Math.max(max, n);
        }
        return sizes.size() + " groups of " + min + " to " + max + " faces";
    }
}
