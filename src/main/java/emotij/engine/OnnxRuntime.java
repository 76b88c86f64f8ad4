package emotij.engine;

import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtLoggingLevel;
import ai.onnxruntime.OrtSession;

import emotij.progress.Failures;

/**
 * ONNX Runtime, started once per JVM: the engine that runs the shipped networks (its native library loads from its
 * own jar in a fraction of TensorFlow's start-up, and it has no slow first run per graph).
 *
 * <p>All sessions share one pool of {@link #threads()} threads that sleep when idle (ORT's per-session pools spin,
 * which on 2 cores takes the time that decoding the next image needs).
 */
public final class OnnxRuntime {

    private static volatile OrtEnvironment environment;
    private static volatile boolean sharedPool;

    private OnnxRuntime() {
    }

    /** The environment, created on first use. */
    public static OrtEnvironment environment() {
        OrtEnvironment e = environment;
        if (e == null) {
            synchronized (OnnxRuntime.class) {
                if (environment == null) environment = start();
                e = environment;
            }
        }
        return e;
    }

    /** Threads for one network run: every core (these nets are small; runs from several threads share the pool). */
    public static int threads() {
        return Math.max(1, Runtime.getRuntime().availableProcessors());
    }

    private static OrtEnvironment start() {
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

    /** Session options for one network: all graph optimisations, the shared thread pool where there is one. */
    static OrtSession.SessionOptions sessionOptions() throws OrtException {
        OrtEnvironment env = environment();
        OrtSession.SessionOptions options = new OrtSession.SessionOptions();
        options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
        options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
        if (sharedPool) {
            options.disablePerSessionThreads();
        } else {
            options.setIntraOpNumThreads(threads());
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
        }
        assert env != null;
        return options;
    }
}
