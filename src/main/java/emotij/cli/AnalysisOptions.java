package emotij.cli;

import emotij.classify.ClassifierOptions;
import emotij.detect.DetectorOptions;
import emotij.options.AnalysisOption;
import emotij.options.OptionSpec;
import emotij.track.TrackerOptions;

import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The detection, classification and tracking options of the analysing commands, as declared in
 * {@link AnalysisOption}: their flags, help lines and parsing.
 */
final class AnalysisOptions {

    static final Set<String> VALUED = valued(AnalysisOption.ANALYSIS);
    static final Set<String> FLAGS = flags(AnalysisOption.ANALYSIS);
    static final String USAGE = usage(AnalysisOption.ANALYSIS);

    private AnalysisOptions() {
    }

    /** The flags of {@code options} that take a value. */
    static Set<String> valued(List<AnalysisOption> options) {
        Set<String> s = new HashSet<>();
        for (AnalysisOption o : options) if (o.spec().type() != OptionSpec.Type.BOOLEAN) s.add(o.cliFlag());
        return s;
    }

    /** The flags of {@code options} that take none (on/off). */
    static Set<String> flags(List<AnalysisOption> options) {
        Set<String> s = new HashSet<>();
        for (AnalysisOption o : options) if (o.spec().type() == OptionSpec.Type.BOOLEAN) s.add(o.cliFlag());
        return s;
    }

    /** The help lines of {@code options}. */
    static String usage(List<AnalysisOption> options) {
        StringBuilder s = new StringBuilder();
        for (AnalysisOption o : options) {
            OptionSpec spec = o.spec();
            if (spec.type() != OptionSpec.Type.BOOLEAN) {
                s.append(OptionHelp.line(spec));
            } else {
                boolean on = Boolean.parseBoolean(spec.defaultValue());
                s.append(OptionHelp.line("--" + o.cliFlag(), on ? "without: " + spec.help() : spec.help()));
            }
        }
        return s.toString();
    }

    /**
     * The value of a number option, its default when absent.
     *
     * @throws UsageException naming the flag, the value and the range
     */
    static double number(Args a, AnalysisOption o) throws UsageException {
        OptionSpec spec = o.spec();
        double v = a.number(o.cliFlag(), Double.parseDouble(spec.defaultValue()), Double.NEGATIVE_INFINITY, Double.POSITIVE_INFINITY);
        if (!spec.inRange(v)) {
            throw new UsageException("option --" + o.cliFlag() + " must be between " + Args.fmt(spec.min()) + " and "
                    + Args.fmt(spec.max()) + ", not " + a.string(o.cliFlag(), "") + (spec.hint() == null ? "" : ": " + spec.hint()));
        }
        return v;
    }

    /** The value of a whole-number option (see {@link #number}). */
    static int integer(Args a, AnalysisOption o) throws UsageException {
        double d = number(a, o);
        if (d != Math.rint(d)) throw new UsageException("option --" + o.cliFlag() + " needs a whole number, not " + a.string(o.cliFlag(), ""));
        return (int) d;
    }

    /** The value of an on/off option: {@code --key} turns on one that is off by default, {@code --no-key} the opposite. */
    static boolean bool(Args a, AnalysisOption o) {
        boolean on = Boolean.parseBoolean(o.spec().defaultValue());
        return on != a.has(o.cliFlag());
    }

    /** Makes core options from the arguments; the core's refusal of a value is a usage error. */
    private interface OptionsOf<T> {
        T make() throws UsageException;
    }

    private static <T> T usage(OptionsOf<T> options) throws UsageException {
        try {
            return options.make();
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());
        }
    }

    static DetectorOptions detector(Args a) throws UsageException {
        return usage(() -> new DetectorOptions()
                .withMinFaceSize(number(a, AnalysisOption.MIN_FACE))
                .withScoreThreshold(number(a, AnalysisOption.THRESHOLD))
                .withMaxFaces(integer(a, AnalysisOption.MAX_FACES)));
    }

    static ClassifierOptions classifier(Args a) throws UsageException {
        return usage(() -> new ClassifierOptions()
                .withFraming(number(a, AnalysisOption.FRAMING))
                .withVerticalShift(number(a, AnalysisOption.SHIFT))
                .withFlipAugment(bool(a, AnalysisOption.FLIP))
                .withShiftAugment(bool(a, AnalysisOption.SHIFT_TTA))
                .withAlignEyes(bool(a, AnalysisOption.ALIGN)));
    }

    /** The tracking options of --track and the options after it. */
    static TrackerOptions tracker(Args a) throws UsageException {
        return usage(() -> new TrackerOptions()
                .withMaxGap(integer(a, AnalysisOption.MAX_GAP))
                .withMinTrackLength(integer(a, AnalysisOption.MIN_TRACK))
                .withSmoothing(number(a, AnalysisOption.SMOOTH))
                .withAppearance(bool(a, AnalysisOption.APPEARANCE)));
    }

    /** The trained model folder of --model, or null for the built-in classifier. */
    static java.nio.file.Path model(Args a) throws UsageException {
        if (!a.has("model")) return null;
        java.nio.file.Path p = java.nio.file.Path.of(a.string("model", ""));
        if (!emotij.train.TrainedModel.isModelFolder(p)) {
            throw new UsageException("--model " + p + " is not a trained EmotiJ model folder (it needs "
                    + emotij.train.TrainedModel.SPEC_FILE + "; make one with 'emotij train')");
        }
        return p;
    }

    static Set<String> union(Set<String> a, Set<String> b) {
        Set<String> u = new HashSet<>(a);
        u.addAll(b);
        return u;
    }
}
