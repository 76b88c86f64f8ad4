package emotij.pipeline;

import emotij.classify.ExpressionNetwork;
import emotij.classify.ExpressionNetworkFormat;
import emotij.classify.FerNetwork;
import emotij.featurehead.FeatureHeadNetwork;
import emotij.featurehead.ModelSpec;
import emotij.model.ModelStore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * The expression classifiers a user can name wherever a {@code model} is asked for: {@value #ACCURATE} (the
 * default), {@value #FAST}, or the folder of a model made by {@code emotij train}.
 */
public final class ExpressionModels {

    /** FER-2013 mini-Xception averaged with a faceres head trained on FER-2013 Training (models/accurate). */
    public static final String ACCURATE = "accurate";
    /** The FER-2013 mini-Xception alone (models/emotion): the net of the JavaScript peers, about 4x faster. */
    public static final String FAST = "fast";
    public static final String DEFAULT = ACCURATE;
    /** What the model option accepts, for help texts and error messages. */
    public static final String CHOICES = ACCURATE + " (default), " + FAST + ", or a folder made by 'emotij train' "
            + "or Train Expression Classifier";

    private ExpressionModels() {
    }

    /** The model's canonical name: a built-in name in lower case, the default for blank, else the folder as given. */
    public static String normalise(String model) {
        if (model == null || model.isBlank()) return DEFAULT;
        String m = model.trim();
        // a folder field may hand back a name with a trailing separator (ImageJ's remembers "accurate/")
        String lower = m.replaceAll("[/\\\\]+$", "").toLowerCase(Locale.ROOT);
        return lower.equals(ACCURATE) || lower.equals(FAST) ? lower : m;
    }

    public static boolean isBuiltIn(String model) {
        String m = normalise(model);
        return m.equals(ACCURATE) || m.equals(FAST);
    }

    /** What is wrong with {@code model} as a model option (naming it), or null when it names a usable model. */
    public static String problem(String model) {
        String m = normalise(model);
        if (isBuiltIn(m)) return null;
        Path p = Path.of(m);
        if (!Files.isDirectory(p)) return "model '" + m + "' is neither " + CHOICES + " (no such folder)";
        if (!ModelSpec.isModelFolder(p)) {
            return "model folder " + p + " is not a trained EmotiJ model (it needs " + ModelSpec.FILE
                    + "; make one with 'emotij train'); the model option takes " + CHOICES;
        }
        return null;
    }

    /** The network {@code model} names; the caller closes it. */
    public static ExpressionNetwork open(String model) throws IOException {
        String m = normalise(model);
        switch (m) {
            case FAST:
                return FerNetwork.loadShipped();
            case ACCURATE:
                return FeatureHeadNetwork.load(ModelStore.locate(ModelStore.ACCURATE),
                        "built-in accurate (FER-2013 mini-Xception averaged with a faceres head)");
            default:
                return ExpressionNetworkFormat.open(Path.of(m));
        }
    }
}
