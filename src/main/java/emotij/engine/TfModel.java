package emotij.engine;

import emotij.cache.CacheFolder;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.repository.zoo.Criteria;
import ai.djl.repository.zoo.ZooModel;
import ai.djl.training.ParameterStore;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import emotij.convert.ConvertedGraphCache;
import emotij.convert.OnnxGraphConverter;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * A TensorFlow SavedModel with one float input. ONNX Runtime runs it (the graph is converted when it first loads,
 * {@link OnnxGraphConverter}, and the result kept in the cache folder: {@link ConvertedGraphCache}), or TensorFlow
 * through DJL where {@code -Demotij.engine=tensorflow} (or the environment variable {@code EMOTIJ_ENGINE}) says so,
 * or where the graph has an operation the converter does not know. Thread-safe: both engines run a loaded model from several threads at once.
 */
public final class TfModel implements AutoCloseable {

    public static final String ENGINE_PROPERTY = "emotij.engine";
    public static final String ENGINE_ENV = "EMOTIJ_ENGINE";

    /** The engines that run the models. */
    public enum Engine {
        ONNX_RUNTIME("onnxruntime"), TENSORFLOW("tensorflow");

        public final String key;

        Engine(String key) {
            this.key = key;
        }

        /** The engine chosen by the system property or the environment; ONNX Runtime when neither is set. */
        public static Engine configured() {
            String v = System.getProperty(ENGINE_PROPERTY);
            if (v == null || v.isBlank()) v = System.getenv(ENGINE_ENV);
            if (v == null || v.isBlank()) return ONNX_RUNTIME;
            for (Engine e : values()) if (e.key.equalsIgnoreCase(v.trim())) return e;
            throw new IllegalArgumentException("-D" + ENGINE_PROPERTY + " (or " + ENGINE_ENV + ") is '" + v
                    + "': use onnxruntime or tensorflow");
        }

        /** Starts the engine (native libraries: up to a second), so that a later load does not wait for it. */
        public void start() {
            if (this == ONNX_RUNTIME) OnnxRuntime.environment();
            else TensorFlowRuntime.engine();
        }
    }

    /** One loaded network: inputs in, outputs by signature key out. */
    private interface Runner extends AutoCloseable {
        Map<String, float[]> run(float[] data, long[] shape);

        @Override
        void close();
    }

    private final Path dir;
    private final Engine engine;
    private final Runner runner;

    private TfModel(Path dir, Engine engine, Runner runner) {
        this.dir = dir;
        this.engine = engine;
        this.runner = runner;
    }

    /** Loads the SavedModel in {@code dir} with the configured engine; the error names the folder and what is wrong. */
    public static TfModel load(Path dir) throws IOException {
        return load(dir, Engine.configured());
    }

    /** Loads the SavedModel in {@code dir} with {@code engine}; the error names the folder and what is wrong. */
    public static TfModel load(Path dir, Engine engine) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("Model folder not found: " + dir);
        }
        Path pb = dir.resolve("saved_model.pb");
        if (!Files.isRegularFile(pb)) {
            throw new IOException("Model folder " + dir + " has no saved_model.pb: it is not a TensorFlow SavedModel");
        }
        if (Files.size(pb) == 0) {
            throw new IOException("Model file " + pb + " is empty: restore it from the EmotiJ distribution");
        }
        if (engine == Engine.ONNX_RUNTIME) {
            OnnxGraphConverter.Converted onnx;
            try {
                onnx = ConvertedGraphCache.converted(pb, CacheFolder.dir());
            } catch (OnnxGraphConverter.UnsupportedGraphException unknownOp) {
                // a valid graph this converter cannot express: TensorFlow runs it
                return load(dir, Engine.TENSORFLOW);
            } catch (IOException | RuntimeException ex) {
                throw unusable(dir, ex);
            }
            return new TfModel(dir, engine, OnnxRunner.open(dir, onnx));
        }
        TensorFlowRuntime.engine();
        try {
            ZooModel<NDList, NDList> zoo = TensorFlowRuntime.withPluginClassLoader(() -> Criteria.builder()
                    .setTypes(NDList.class, NDList.class)
                    .optModelPath(dir)
                    .optEngine(TensorFlowRuntime.ENGINE_NAME)
                    .optOption("Tags", "serve")
                    .optOption("SignatureDefKey", "serving_default")
                    .build()
                    .loadModel());
            return new TfModel(dir, engine, new DjlRunner(zoo));
        } catch (RuntimeException ex) {
            // DJL wraps its own exceptions, TensorFlow throws its own: either way the folder is not a usable model
            throw unusable(dir, ex instanceof IllegalStateException && ex.getCause() != null ? ex.getCause() : ex);
        }
    }

    static IOException unusable(Path dir, Throwable cause) {
        return new IOException("Model in " + dir + " could not be loaded (corrupt or not a TensorFlow "
                + "SavedModel; restore it from the EmotiJ distribution): " + cause.getMessage(), cause);
    }

    public Path dir() {
        return dir;
    }

    /** The engine that runs this model. */
    public Engine engine() {
        return engine;
    }

    /** How many {@link #onCallingThreadOnly} scopes are open on each thread. */
    private static final ThreadLocal<Integer> CALLING_THREAD_ONLY = ThreadLocal.withInitial(() -> 0);

    /** An open {@link #onCallingThreadOnly} scope; closing it ends it. */
    public interface CallingThreadScope extends AutoCloseable {
        @Override
        void close();
    }

    /**
     * Until the returned scope is closed, every model run on this thread (ONNX Runtime) is computed by this thread
     * alone, not split over the shared thread pool: for work that runs beside other work of its kind, such as the
     * folder batch's two analysis threads, where each run splitting itself over both cores only costs hand-overs
     * (210 SFEW frames with {@code --model fast}: 3.12-3.23 s against 3.45-3.64 s, 2 cores). Each model makes a
     * second session for this on first use.
     */
    public static CallingThreadScope onCallingThreadOnly() {
        CALLING_THREAD_ONLY.set(CALLING_THREAD_ONLY.get() + 1);
        return new CallingThreadScope() {
            private boolean closed;

            @Override
            public void close() {
                if (closed) return;
                closed = true;
                CALLING_THREAD_ONLY.set(CALLING_THREAD_ONLY.get() - 1);
            }
        };
    }

    /** How many {@link #onCallingThreadOnly} scopes are open on this thread. */
    static int callingThreadScopes() {
        return CALLING_THREAD_ONLY.get();
    }

    /**
     * True if the model runs on images of other sizes than it was saved for: on ONNX Runtime (the converter keeps
     * the image size free, {@link OnnxGraphConverter}); TensorFlow's graph keeps its saved sizes in its reshapes.
     */
    public boolean acceptsOtherImageSizes() {
        return engine == Engine.ONNX_RUNTIME;
    }

    /**
     * Runs the model on one float tensor.
     *
     * @param data  the input values, row-major (NHWC for images)
     * @param shape the input shape
     * @return every output of the model by its signature key, flattened
     */
    public Map<String, float[]> run(float[] data, long... shape) {
        long count = 1;
        for (long d : shape) count *= d;
        if (count != data.length) {
            throw new IllegalArgumentException("input has " + data.length + " values, shape " + new Shape(shape)
                    + " needs " + count);
        }
        return runner.run(data, shape);
    }

    @Override
    public void close() {
        runner.close();
    }

    /** TensorFlow through DJL. */
    private static final class DjlRunner implements Runner {
        private final ZooModel<NDList, NDList> model;

        DjlRunner(ZooModel<NDList, NDList> model) {
            this.model = model;
        }

        @Override
        public Map<String, float[]> run(float[] data, long[] shape) {
            try (NDManager manager = model.getNDManager().newSubManager()) {
                NDArray input = manager.create(FloatBuffer.wrap(data), new Shape(shape));
                NDList outputs = model.getBlock().forward(new ParameterStore(manager, false), new NDList(input), false);
                Map<String, float[]> result = new HashMap<>();
                for (NDArray out : outputs) {
                    result.put(out.getName(), out.toFloatArray());
                }
                return result;
            }
        }

        @Override
        public void close() {
            model.close();
        }
    }

    /** ONNX Runtime on the converted graph. */
    private static final class OnnxRunner implements Runner {
        /** On the shared thread pool. */
        private final OrtSession session;
        /** On the calling thread alone, made on first use ({@link #onCallingThreadOnly}); null until then. */
        private OrtSession callingThreadSession;
        /** The graph, until the calling-thread session is made (up to 14 MB; ORT keeps its own copy). */
        private byte[] graph;
        private final Path dir;
        /** The graph's input name. */
        private final String input;
        private boolean closed;

        private OnnxRunner(OrtSession session, byte[] graph, Path dir, String input) {
            this.session = session;
            this.graph = graph;
            this.dir = dir;
            this.input = input;
        }

        static OnnxRunner open(Path dir, OnnxGraphConverter.Converted graph) throws IOException {
            try (OrtSession.SessionOptions options = OnnxRuntime.sessionOptions()) {
                return new OnnxRunner(OnnxRuntime.environment().createSession(graph.model, options), graph.model, dir,
                        graph.input);
            } catch (OrtException ex) {
                throw unusable(dir, ex);
            }
        }

        /** The session for this thread: the shared pool's, or, inside {@link #onCallingThreadOnly}, its own. */
        private synchronized OrtSession sessionForThisThread() {
            if (CALLING_THREAD_ONLY.get() == 0 || closed) return session;
            if (callingThreadSession == null) {
                try (OrtSession.SessionOptions options = OnnxRuntime.callingThreadSessionOptions()) {
                    callingThreadSession = OnnxRuntime.environment().createSession(graph, options);
                    graph = null;
                } catch (OrtException ex) {
                    throw new IllegalStateException(unusable(dir, ex).getMessage(), ex);
                }
            }
            return callingThreadSession;
        }

        @Override
        public Map<String, float[]> run(float[] data, long[] shape) {
            OrtEnvironment env = OnnxRuntime.environment();
            try (OnnxTensor tensor = OnnxTensor.createTensor(env, FloatBuffer.wrap(data), shape);
                 OrtSession.Result outputs = sessionForThisThread().run(Map.of(input, tensor))) {
                Map<String, float[]> result = new HashMap<>();
                for (Map.Entry<String, OnnxValue> out : outputs) {
                    FloatBuffer values = ((OnnxTensor) out.getValue()).getFloatBuffer();
                    float[] array = new float[values.remaining()];
                    values.get(array);
                    result.put(out.getKey(), array);
                }
                return result;
            } catch (OrtException ex) {
                throw new IllegalStateException("ONNX Runtime failed on an input of shape " + new Shape(shape) + ": "
                        + ex.getMessage(), ex);
            }
        }

        @Override
        public synchronized void close() {
            // closing twice is harmless, as with TensorFlow (ORT would throw)
            if (closed) return;
            closed = true;
            try {
                session.close();
                if (callingThreadSession != null) callingThreadSession.close();
            } catch (OrtException ex) {
                // closing frees native memory only; nothing to tell the user
            }
        }
    }
}
