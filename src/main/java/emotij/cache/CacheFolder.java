package emotij.cache;

import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * The one folder where EmotiJ keeps what it extracts or computes once: native libraries, the models of the jar,
 * converted graphs, training features. {@code -Demotij.cache.dir=DIR} or the environment variable
 * {@code EMOTIJ_CACHE_DIR}; {@code ~/.emotij/cache} by default.
 */
public final class CacheFolder {

    public static final String PROPERTY = "emotij.cache.dir";
    public static final String ENV = "EMOTIJ_CACHE_DIR";

    private CacheFolder() {
    }

    /** The folder, as configured now (it is not created here). */
    public static Path dir() {
        String configured = System.getProperty(PROPERTY);
        if (configured == null || configured.isBlank()) configured = System.getenv(ENV);
        if (configured == null || configured.isBlank()) {
            return Paths.get(System.getProperty("user.home"), ".emotij", "cache");
        }
        return Paths.get(configured);
    }
}
