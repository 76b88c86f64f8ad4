package emotij.train;

import emotij.cache.CacheFolder;
import emotij.cache.WholeFiles;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Backbone features of training views kept on disk, so that another run on the same faces (another head, dropout,
 * label smoothing...) skips computing them again. One file per feature set, named by a SHA-256 key of everything
 * the features depend on: the model files, mode and tap, and each view's source file and pixels (see
 * {@link ExpressionTrainer}). The folder is {@code features/} in EmotiJ's cache folder ({@code ~/.emotij/cache},
 * or {@code EMOTIJ_CACHE_DIR}); deleting it, or {@code emotij train --clear-feature-cache}, clears it.
 * A file holds 4 bytes per feature value: e.g. 46,724 views x 1,280 features (faceres + emotion) are 240 MB.
 */
public final class FeatureCache {

    private static final long MAGIC = 0x454d4f54494a4631L;  // "EMOTIJF1"

    /** No cache: nothing is read or written. */
    public static final FeatureCache NONE = new FeatureCache(null);

    private final Path dir;

    private FeatureCache(Path dir) {
        this.dir = dir;
    }

    /** A cache in {@code dir} (created when the first features are stored). */
    public static FeatureCache at(Path dir) {
        return new FeatureCache(dir);
    }

    /** The cache in EmotiJ's cache folder. */
    public static FeatureCache standard() {
        return at(standardDir());
    }

    public static Path standardDir() {
        return CacheFolder.dir().resolve("features");
    }

    public boolean enabled() {
        return dir != null;
    }

    public Path dir() {
        return dir;
    }

    /**
     * The features stored under {@code key}: [face][view][feature], with {@code viewsPerFace[i]} views for face
     * {@code i}; null when there are none or they do not fit (a damaged file is deleted and computed again).
     */
    float[][][] load(String key, int[] viewsPerFace) {
        if (dir == null) return null;
        Path file = dir.resolve(key + ".f32");
        if (!Files.isRegularFile(file)) return null;
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 20))) {
            if (in.readLong() != MAGIC || in.readInt() != viewsPerFace.length) throw new IOException("does not fit");
            int d = in.readInt();
            float[][][] out = new float[viewsPerFace.length][][];
            byte[] bytes = new byte[d * 4];
            for (int i = 0; i < out.length; i++) {
                if (in.readInt() != viewsPerFace[i]) throw new IOException("does not fit");
                out[i] = new float[viewsPerFace[i]][d];
                for (float[] row : out[i]) {
                    in.readFully(bytes);
                    ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer().get(row);
                }
            }
            Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis()));
            return out;
        } catch (IOException | RuntimeException e) {
            try {
                Files.deleteIfExists(file);
            } catch (IOException ignored) {
                // computed again and overwritten
            }
            return null;
        }
    }

    /** Stores features (written to a temporary file first, so a crash never leaves a half file under the key). */
    void store(String key, float[][][] features) throws IOException {
        if (dir == null || features.length == 0) return;
        int d = features[0][0].length;
        WholeFiles.write(dir.resolve(key + ".f32"), stream -> {
            DataOutputStream out = new DataOutputStream(new BufferedOutputStream(stream, 1 << 20));
            out.writeLong(MAGIC);
            out.writeInt(features.length);
            out.writeInt(d);
            ByteBuffer bytes = ByteBuffer.allocate(d * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (float[][] face : features) {
                out.writeInt(face.length);
                for (float[] row : face) {
                    bytes.clear();
                    bytes.asFloatBuffer().put(row);
                    out.write(bytes.array());
                }
            }
            out.flush();
        });
    }

    /** Bytes the cache folder holds. */
    public long size() throws IOException {
        if (dir == null || !Files.isDirectory(dir)) return 0;
        try (Stream<Path> files = Files.list(dir)) {
            long total = 0;
            for (Path f : (Iterable<Path>) files::iterator) total += Files.isRegularFile(f) ? Files.size(f) : 0;
            return total;
        }
    }

    /** Deletes every cached feature file; returns the bytes freed. */
    public long clear() throws IOException {
        long freed = size();
        if (dir == null || !Files.isDirectory(dir)) return 0;
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : (Iterable<Path>) walk.sorted(Comparator.reverseOrder())::iterator) Files.delete(p);
        }
        return freed;
    }
}
