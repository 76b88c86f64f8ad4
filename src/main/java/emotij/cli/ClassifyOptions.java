package emotij.cli;

import emotij.batch.FolderBatch;
import emotij.classify.ClassifierOptions;
import emotij.detect.DetectorOptions;
import emotij.options.AnalysisOption;
import emotij.track.TrackerOptions;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The arguments of {@code classify}, parsed: one option list for {@code bin/emotij classify} and the Spark job
 * ({@code bin/emotij-spark classify}), so both take the same options with the same checks.
 */
public final class ClassifyOptions {

    static final String USAGE = OptionHelp.line("--out DIR", "where results.csv, summary.txt and the annotated images go")
            + OptionHelp.line("--recursive", "also take images from subfolders")
            + OptionHelp.line("--no-images", "write no annotated images")
            + AnalysisOptions.usage(List.of(AnalysisOption.LANDMARKS, AnalysisOption.TRACK))
            + AnalysisOptions.usage(AnalysisOption.TRACKING)
            + AnalysisOptions.USAGE;

    /** The INPUT arguments, as given. */
    public final List<String> inputs;
    public final Path out;
    public final boolean recursive;
    public final boolean annotate;
    public final boolean landmarks;
    /** Null without {@code --track}. */
    public final TrackerOptions tracking;
    public final int detectEvery;
    public final DetectorOptions detector;
    public final ClassifierOptions classifier;
    /** The classifier of {@code --model}: accurate (default), fast or a trained model folder. */
    public final String model;

    private ClassifyOptions(Args a) throws UsageException {
        if (a.positional().isEmpty()) throw new UsageException("classify needs at least one INPUT file or folder");
        String outArg = a.string("out", null);
        if (outArg == null) throw new UsageException("classify needs --out DIR");
        inputs = List.copyOf(a.positional());
        out = Paths.get(outArg);
        recursive = a.has("recursive");
        annotate = !a.has("no-images");
        landmarks = AnalysisOptions.bool(a, AnalysisOption.LANDMARKS);
        if (AnalysisOptions.bool(a, AnalysisOption.TRACK)) {
            tracking = AnalysisOptions.tracker(a);
        } else {
            List<String> given = new ArrayList<>();
            for (AnalysisOption o : AnalysisOption.TRACKING) given.add("--" + o.cliFlag());
            for (AnalysisOption o : AnalysisOption.TRACKING) {
                if (a.has(o.cliFlag())) {
                    throw new UsageException(String.join(", ", given.subList(0, given.size() - 1)) + " and "
                            + given.get(given.size() - 1) + " need --track");
                }
            }
            tracking = null;
        }
        detectEvery = AnalysisOptions.integer(a, AnalysisOption.DETECT_EVERY);
        detector = AnalysisOptions.detector(a);
        classifier = AnalysisOptions.classifier(a);
        model = AnalysisOptions.model(a);
    }

    /** Parses {@code argv} from index {@code from} on (after the command name). */
    public static ClassifyOptions parse(String[] argv, int from) throws UsageException {
        Set<String> valued = AnalysisOptions.union(AnalysisOptions.VALUED, AnalysisOptions.valued(AnalysisOption.TRACKING));
        valued.add("out");
        Set<String> flags = AnalysisOptions.union(AnalysisOptions.FLAGS, AnalysisOptions.flags(AnalysisOption.TRACKING));
        flags.addAll(Set.of("recursive", "no-images", AnalysisOption.LANDMARKS.cliFlag(), AnalysisOption.TRACK.cliFlag()));
        return new ClassifyOptions(new Args(argv, from, valued, flags));
    }

    /** What the batch does with each file: annotated copies, landmarks, tracking. */
    public FolderBatch.Settings batchSettings() {
        return new FolderBatch.Settings(annotate, landmarks, tracking, detectEvery);
    }

    /** The options' help text, as {@code emotij help classify} shows it. */
    public static String usage() {
        return USAGE;
    }
}
