package emotij.engine;

import ai.djl.engine.Engine;
import ai.djl.util.Platform;

import emotij.progress.Failures;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;

/**
 * Starts DJL's PyTorch engine (for training) offline, once per JVM: its native library comes from the
 * pytorch-native-cpu jar on the class path (the pytorch-jni version matches it exactly, so DJL never looks for a
 * download). The TensorFlow engine can run beside it; since PyTorch then becomes DJL's default engine, EmotiJ
 * always names the engine it wants.
 */
public final class PyTorchRuntime {

    public static final String ENGINE_NAME = "PyTorch";
    private static final String NATIVE_ARTIFACT = "pytorch-native-cpu";
    /** The file DJL looks for on the class path to find a bundled PyTorch. */
    private static final String NATIVE_PROPERTIES = "native/lib/pytorch.properties";
    private static final StartedOnce<Engine> ENGINE = new StartedOnce<>(() -> {
        // same cache folder and offline settings as TensorFlow
        TensorFlowRuntime.engine();
        return TensorFlowRuntime.withContextClassLoader(nativeClassLoader(), () -> Engine.getEngine(ENGINE_NAME));
    });

    private PyTorchRuntime() {
    }

    public static Engine engine() {
        return ENGINE.get();
    }

    /**
     * The plugin's class loader; where the pytorch-native jar is installed but not on the class path (plain
     * ImageJ 1.x: {@link NativeJars}), a child of it that also reads that jar, since DJL extracts the library
     * through the context class loader.
     */
    private static ClassLoader nativeClassLoader() {
        ClassLoader plugin = PyTorchRuntime.class.getClassLoader();
        if (NativeJars.onClassPath(NATIVE_PROPERTIES)) return plugin;
        String classifier = Platform.fromSystem("pytorch").getClassifier();
        Class<?>[] loadedFrom = {PyTorchRuntime.class, Engine.class};
        Path jar = NativeJars.find(NATIVE_ARTIFACT, classifier, loadedFrom).orElseThrow(() -> new Failures.EngineUnavailableException(
                "Cannot find the PyTorch native library for " + classifier + " (needed for training): the jar "
                        + NATIVE_ARTIFACT + "-*-" + classifier + ".jar is neither on the class path nor in "
                        + NativeJars.searched(loadedFrom) + ". Install EmotiJ with 'mvn install "
                        + "-Dscijava.app.directory=APP' (add -Dpytorch-native.classifier=" + classifier
                        + " on another system)", null));
        try {
            return new URLClassLoader(new URL[] {jar.toUri().toURL()}, plugin);
        } catch (MalformedURLException ex) {
            throw new Failures.EngineUnavailableException("Cannot read " + jar + ": " + ex.getMessage(), ex);
        }
    }

    /**
     * Overwrites a PyTorch array's values (e.g. a trained weight) with {@code values}. Not {@code NDArray.set}: DJL's
     * native set uses PyTorch's deprecated {@code AutoNonVariableTypeMode}, and PyTorch prints a warning about it on
     * stderr. An indexed copy into a detached view (same storage, no gradient) gives the same values silently.
     */
    public static void overwrite(NDArray target, float[] values) {
        try (NDManager scratch = target.getManager().newSubManager()) {
            NDArray source = scratch.create(values, target.getShape());
            NDArray view = target.stopGradient();
            view.attach(scratch);
            view.set(new NDIndex(":"), source);
        }
    }
}
