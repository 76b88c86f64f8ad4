package emotij.cli;

import emotij.batch.FolderBatch;
import emotij.classify.ClassifierOptions;
import emotij.detect.DetectorOptions;
import emotij.track.TrackerOptions;

import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.List;
import java.util.Set;

/**
 * The arguments of {@code classify}, parsed: one option list for {@code bin/emotij classify} and the Spark job
 * ({@code bin/emotij-spark classify}), so both take the same options with the same checks.
 */
public final class ClassifyOptions {

    static final String USAGE =
            "  --out DIR           where results.csv, summary.txt and the annotated images go\n"
            + "  --recursive         also take images from subfolders\n"
            + "  --no-images         write no annotated images\n"
            + "  --landmarks         draw the 6 landmarks on the annotated images\n"
            + "  --track             follow each face through the slices of a stack (movie): a track column in\n"
            + "                      results.csv, one row per track in tracks.csv\n"
            + "  --max-gap N         frames a face may be missing and keep its track (default " + TrackerOptions.DEFAULT_MAX_GAP + ")\n"
            + "  --min-track N       shorter tracks are dropped, their faces get track 0 (default " + TrackerOptions.DEFAULT_MIN_TRACK_LENGTH + ")\n"
            + "  --smooth S          smooth the probabilities along a track, 0 (off) to 0.95 (default 0)\n"
            + "  --no-appearance     track by motion alone (faster; no re-identification after gaps)\n"
            + "  --detect-every N    with --track: detect faces on every N-th frame only, follow the tracks between\n"
            + "                      (faster; a face entering is found up to N-1 frames late; default 1)\n"
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
    /** The trained model folder of {@code --model}, or null for the built-in classifier. */
    public final Path model;

    private ClassifyOptions(Args a) throws UsageException {
        if (a.positional().isEmpty()) throw new UsageException("classify needs at least one INPUT file or folder");
        String outArg = a.string("out", null);
        if (outArg == null) throw new UsageException("classify needs --out DIR");
        inputs = List.copyOf(a.positional());
        out = Paths.get(outArg);
        recursive = a.has("recursive");
        annotate = !a.has("no-images");
        landmarks = a.has("landmarks");
        if (a.has("track")) {
            try {
                tracking = new TrackerOptions()
                        .withMaxGap(a.integer("max-gap", TrackerOptions.DEFAULT_MAX_GAP, 0, 100000))
                        .withMinTrackLength(a.integer("min-track", TrackerOptions.DEFAULT_MIN_TRACK_LENGTH, 1, 100000))
                        .withSmoothing(a.number("smooth", TrackerOptions.DEFAULT_SMOOTHING, 0, 0.95))
                        .withAppearance(!a.has("no-appearance"));
            } catch (IllegalArgumentException e) {
                throw new UsageException(e.getMessage());
            }
        } else if (a.has("max-gap") || a.has("min-track") || a.has("smooth") || a.has("no-appearance") || a.has("detect-every")) {
            throw new UsageException("--max-gap, --min-track, --smooth, --no-appearance and --detect-every need --track");
        } else {
            tracking = null;
        }
        detectEvery = a.integer("detect-every", 1, 1, 1000);
        detector = AnalysisOptions.detector(a);
        classifier = AnalysisOptions.classifier(a);
        model = AnalysisOptions.model(a);
    }

    /** Parses {@code argv} from index {@code from} on (after the command name). */
    public static ClassifyOptions parse(String[] argv, int from) throws UsageException {
        return new ClassifyOptions(new Args(argv, from,
                AnalysisOptions.union(AnalysisOptions.VALUED, Set.of("out", "max-gap", "min-track", "smooth", "detect-every")),
                AnalysisOptions.union(AnalysisOptions.FLAGS, Set.of("recursive", "no-images", "landmarks", "track", "no-appearance"))));
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
