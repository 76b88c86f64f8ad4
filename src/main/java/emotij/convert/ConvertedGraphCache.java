package emotij.convert;

import emotij.cache.WholeFiles;
import org.tensorflow.proto.SavedModel;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * ONNX graphs converted from SavedModels, kept in a cache folder so that a start reads the converted graph instead
 * of parsing the SavedModel again: TensorFlow's protobuf classes alone take about 0.15 s to load and initialise,
 * the conversion 0.04-0.17 s more (cold JVM, 2 Intel Xeon cores), while a run of {@code bin/emotij} on a few
 * images takes about a second in all. An entry is named by a hash of the SavedModel's bytes and of the converter's
 * own classes, so a changed model or converter never meets an old entry. Writing is best effort (a read-only
 * cache folder only costs the time); entries are written whole ({@link WholeFiles}). Thread-safe.
 */
public final class ConvertedGraphCache {

    private static final int MAGIC = 0x454d4f58;  // "EMOX"
    private static volatile String converterFingerprint;

    private ConvertedGraphCache() {
    }

    /**
     * The ONNX graph of {@code savedModelPb}, from {@code cacheDir} where converted before, else converted (and kept).
     *
     * @throws OnnxGraphConverter.UnsupportedGraphException where the converter cannot express the graph
     */
    public static OnnxGraphConverter.Converted converted(Path savedModelPb, Path cacheDir) throws IOException {
        byte[] pb = Files.readAllBytes(savedModelPb);
        Path entry = cacheDir.resolve("onnx").resolve(key(pb) + ".onnx");
        OnnxGraphConverter.Converted cached = read(entry);
        if (cached != null) return cached;
        OnnxGraphConverter.Converted converted = OnnxGraphConverter.convert(SavedModel.parseFrom(pb));
        write(entry, converted);
        return converted;
    }

    private static OnnxGraphConverter.Converted read(Path entry) {
        if (!Files.isRegularFile(entry)) return null;
        try (DataInputStream in = new DataInputStream(Files.newInputStream(entry))) {
            if (in.readInt() != MAGIC) return null;
            String input = in.readUTF();
            int length = in.readInt();
            byte[] model = in.readNBytes(length);
            // a short entry (a disk that filled up) is converted again
            return model.length == length && in.read() < 0 ? new OnnxGraphConverter.Converted(model, input) : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void write(Path entry, OnnxGraphConverter.Converted converted) {
        try {
            WholeFiles.write(entry, stream -> {
                DataOutputStream out = new DataOutputStream(stream);
                out.writeInt(MAGIC);
                out.writeUTF(converted.input);
                out.writeInt(converted.model.length);
                out.write(converted.model);
                out.flush();
            });
        } catch (IOException | RuntimeException e) {
            // the next start converts again
        }
    }

    private static String key(byte[] savedModel) throws IOException {
        MessageDigest sha = sha256();
        sha.update(savedModel);
        sha.update(fingerprint().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
        return hex(sha.digest());
    }

    /** A hash of the converter's classes (the outer class, its nested ones, the constant reader). */
    private static String fingerprint() throws IOException {
        String f = converterFingerprint;
        if (f != null) return f;
        MessageDigest sha = sha256();
        java.util.List<Class<?>> classes = new java.util.ArrayList<>();
        classes.add(OnnxGraphConverter.class);
        classes.addAll(java.util.Arrays.asList(OnnxGraphConverter.class.getDeclaredClasses()));
        classes.add(TfConstants.class);
        classes.sort(java.util.Comparator.comparing(Class::getName));
        for (Class<?> c : classes) {
            String resource = c.getName().substring(c.getName().lastIndexOf('.') + 1) + ".class";
            try (InputStream in = c.getResourceAsStream(resource)) {
                if (in == null) throw new IOException("class file " + resource + " not found");
                sha.update(in.readAllBytes());
            }
        }
        converterFingerprint = f = hex(sha.digest());
        return f;
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static String hex(byte[] bytes) {
        StringBuilder s = new StringBuilder();
        for (byte b : bytes) s.append(String.format("%02x", b));
        return s.toString();
    }
}
