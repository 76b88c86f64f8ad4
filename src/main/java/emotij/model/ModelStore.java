package emotij.model;

import emotij.cache.CacheFolder;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.zip.CRC32;

/**
 * Finds the shipped models. They are in the project's {@code models/} folder and, for Fiji, inside the plugin jar
 * under {@code emotij/models/}; TensorFlow loads a SavedModel only from a folder, so models in the jar are copied
 * once into the cache folder ({@link CacheFolder#dir()}), under a name that changes with their content.
 *
 * <p>{@code -Demotij.models.dir=DIR} or the environment variable {@code EMOTIJ_MODELS_DIR} makes EmotiJ use the
 * models in {@code DIR/NAME/} instead.
 */
public final class ModelStore {

    public static final String MODELS_DIR_PROPERTY = "emotij.models.dir";
    public static final String MODELS_DIR_ENV = "EMOTIJ_MODELS_DIR";
    public static final String DETECTOR = "blazeface";
    public static final String EXPRESSION = "emotion";
    public static final String EMBEDDING = "mobilefacenet";
    public static final String FACE_FEATURES = "faceres";
    /** The default expression classifier: a spec that combines shipped networks (see models/accurate/README.md). */
    public static final String ACCURATE = "accurate";
    /** Files of a model folder that are copied out of the jar. */
    private static final List<String> MODEL_FILES = List.of("saved_model.pb", "emotij-model.json", "README.md");

    private ModelStore() {
    }

    /** The folder of the shipped model {@code name}, ready for TensorFlow. */
    public static Path locate(String name) throws IOException {
        // the property wins over the environment variable (bin/emotij passes its checkout's models only where
        // neither is set)
        String configured = System.getProperty(MODELS_DIR_PROPERTY);
        String setBy = "-D" + MODELS_DIR_PROPERTY;
        if (configured == null || configured.isBlank()) {
            configured = System.getenv(MODELS_DIR_ENV);
            setBy = MODELS_DIR_ENV;
        }
        if (configured != null && !configured.isBlank()) {
            Path dir = Paths.get(configured).resolve(name);
            if (!Files.isDirectory(dir)) {
                throw new IOException("Model '" + name + "' not found in " + Paths.get(configured) + " (set by "
                        + setBy + "): expected the folder " + dir + "; fix or unset " + setBy);
            }
            return dir;
        }
        return extractFromClassPath(name);
    }

    private static Path extractFromClassPath(String name) throws IOException {
        String base = "/emotij/models/" + name + "/";
        // a network's graph, or the spec of a model made of shipped networks (accurate): the file that identifies it
        byte[] graph = null;
        String primary = null;
        for (String file : List.of("saved_model.pb", "emotij-model.json")) {
            try (InputStream in = ModelStore.class.getResourceAsStream(base + file)) {
                if (in == null) continue;
                graph = in.readAllBytes();
                primary = file;
                break;
            }
        }
        if (graph == null) {
            throw new IOException("Model '" + name + "' is missing from the EmotiJ jar (" + base
                    + "saved_model.pb): reinstall the plugin, or set -D" + MODELS_DIR_PROPERTY
                    + "=DIR to a folder holding " + name + "/saved_model.pb");
        }
        CRC32 crc = new CRC32();
        crc.update(graph);
        Path dir = CacheFolder.dir().resolve("models").resolve(name + "-" + Long.toHexString(crc.getValue()));
        Path pb = dir.resolve(primary);
        if (Files.isRegularFile(pb) && Files.size(pb) == graph.length) return dir;
        Files.createDirectories(dir.getParent());
        Path tmp = Files.createTempDirectory(dir.getParent(), name + "-tmp");
        try {
            for (String file : MODEL_FILES) {
                try (InputStream in = ModelStore.class.getResourceAsStream(base + file)) {
                    if (in == null) continue;
                    try (OutputStream out = Files.newOutputStream(tmp.resolve(file))) {
                        in.transferTo(out);
                    }
                }
            }
            try {
                Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException raced) {
                // another process extracted the same model at the same time: use theirs
                if (!Files.isRegularFile(pb)) throw raced;
            }
        } finally {
            deleteRecursively(tmp);
        }
        return dir;
    }

    private static void deleteRecursively(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (var walk = Files.walk(p)) {
            walk.sorted(java.util.Comparator.reverseOrder()).forEach(q -> q.toFile().delete());
        }
    }
}
