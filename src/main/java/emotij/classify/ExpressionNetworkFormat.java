package emotij.classify;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ServiceLoader;

/**
 * A kind of expression network that lives in a folder (a trained model). Found with {@link ServiceLoader}, so that
 * inference does not depend on the code that trains such networks (which brings PyTorch along).
 */
public interface ExpressionNetworkFormat {

    /** Whether {@code folder} holds a network of this kind. */
    boolean accepts(Path folder);

    /** The network in {@code folder}; the caller closes it. */
    ExpressionNetwork load(Path folder) throws IOException;

    /**
     * The network in {@code folder}, read by the first format that accepts it, or by the first format at all (its
     * loader then says what the folder lacks).
     *
     * @throws IOException when no format is installed, or the folder cannot be read
     */
    static ExpressionNetwork open(Path folder) throws IOException {
        // this class's own loader: in ImageJ 1.x the context class loader does not see the plugin's jar
        ServiceLoader<ExpressionNetworkFormat> formats =
                ServiceLoader.load(ExpressionNetworkFormat.class, ExpressionNetworkFormat.class.getClassLoader());
        ExpressionNetworkFormat fallback = null;
        for (ExpressionNetworkFormat f : formats) {
            if (f.accepts(folder)) return f.load(folder);
            if (fallback == null) fallback = f;
        }
        if (fallback == null) {
            throw new IOException("Cannot read the model folder " + folder + ": no trained-model format is installed "
                    + "(the EmotiJ jar is incomplete: reinstall it)");
        }
        return fallback.load(folder);
    }
}
