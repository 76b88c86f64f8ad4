package emotij.engine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;

import emotij.cache.CacheFolder;
import emotij.cache.WholeFiles;
import emotij.progress.Failures;

import java.io.IOException;
import java.io.InputStream;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Locale;

/**
 * ONNX Runtime, started once per JVM: the engine that runs the shipped networks (its native library loads from its
 * own jar in a fraction of TensorFlow's start-up, and it has no slow first run per graph).
 *
 * <p>All sessions share one pool of {@link #threads()} threads that sleep when idle (ORT's per-session pools spin,
 * which on 2 cores takes the time that decoding the next image needs).
 */
public final class OnnxRuntime {

    /** Where ONNX Runtime looks for its native libraries before extracting them from its jar. */
    private static final String NATIVE_PATH_PROPERTY = "onnxruntime.native.path";

    private static final StartedOnce<OrtEnvironment> ENVIRONMENT = new StartedOnce<>(OnnxRuntime::start);
    private static volatile boolean sharedPool;

    private OnnxRuntime() {
    }

    /** The environment, created on first use. */
    public static OrtEnvironment environment() {
        return ENVIRONMENT.get();
    }

    /** Threads for one network run: every core (these nets are small; runs from several threads share the pool). */
    public static int threads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    private static OrtEnvironment start() {
        useCachedNativeLibraries();
        try {
            try (OrtEnvironment.ThreadingOptions pool = new OrtEnvironment.ThreadingOptions()) {
                pool.setGlobalIntraOpNumThreads(threads());
                pool.setGlobalInterOpNumThreads(1);
                pool.setGlobalSpinControl(false);
                OrtEnvironment env = OrtEnvironment.getEnvironment(OrtLoggingLevel.ORT_LOGGING_LEVEL_ERROR, "emotij", pool);
                sharedPool = true;
                return env;
            } catch (IllegalStateException alreadyCreated) {
                // another part of this JVM created the environment first: sessions get pools of their own
                return OrtEnvironment.getEnvironment();
            }
        } catch (OrtException | UnsatisfiedLinkError | RuntimeException ex) {
            throw new Failures.EngineUnavailableException("Cannot start ONNX Runtime (its native library is in the "
                    + "onnxruntime jar, which must be on the class path): " + ex.getMessage(), ex);
        }
    }

    /**
     * Left alone, ONNX Runtime copies its native libraries (16 MB) out of its jar into a new temporary folder at every
     * start (0.1-0.2 s); they are extracted once into the cache folder instead, per jar, and ORT is pointed at them.
     * Where that fails (no such resource for this platform, read-only cache), ORT does its own extraction.
     */
    private static void useCachedNativeLibraries() {
        if (System.getProperty(NATIVE_PATH_PROPERTY) != null) return;
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        String arch = System.getProperty("os.arch", "").toLowerCase(Locale.ROOT);
        if (!os.startsWith("linux")) return;
        String platform = "linux-" + (arch.equals("amd64") || arch.equals("x86_64") ? "x64" : arch);
        try {
            String jar = Paths.get(OrtEnvironment.class.getProtectionDomain().getCodeSource().getLocation().toURI())
                    .getFileName().toString().replaceAll("\\.jar$", "");
            Path dir = CacheFolder.dir().resolve("onnxruntime").resolve(jar + "-" + platform);
            for (String lib : new String[] {"libonnxruntime.so", "libonnxruntime4j_jni.so"}) {
                String resource = "/ai/onnxruntime/native/" + platform + "/" + lib;
                Path target = dir.resolve(lib);
                try (InputStream in = OrtEnvironment.class.getResourceAsStream(resource)) {
                    if (in == null) return;
                    if (Files.isRegularFile(target)) continue;
                    // written whole: a concurrent start never loads a half-written library
                    WholeFiles.write(target, in::transferTo);
                }
            }
            System.setProperty(NATIVE_PATH_PROPERTY, dir.toString());
        } catch (IOException | URISyntaxException | RuntimeException e) {
            // ORT's own extraction into a temporary folder still works
        }
    }

    /** Session options for one network run on the calling thread alone (no pool): see {@link TfModel#onCallingThreadOnly}. */
    static OrtSession.SessionOptions callingThreadSessionOptions() throws OrtException {
        OrtSession.SessionOptions options = optimisedSequential();
        options.setIntraOpNumThreads(1);
        return options;
    }

    /** Session options for one network: all graph optimisations, the shared thread pool where there is one. */
    static OrtSession.SessionOptions sessionOptions() throws OrtException {
        OrtSession.SessionOptions options = optimisedSequential();
        if (sharedPool) {
            options.disablePerSessionThreads();
        } else {
            options.setIntraOpNumThreads(threads());
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
        }
        return options;
    }

    /** All graph optimisations, nodes run one after another; the environment started first (it decides the pool). */
    private static OrtSession.SessionOptions optimisedSequential() throws OrtException {
        environment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        return options;
    }
}
