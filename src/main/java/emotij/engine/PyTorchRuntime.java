package emotij.engine;

import ai.djl.engine.Engine;
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
    private static volatile Engine engine;

    private PyTorchRuntime() {
    }

    public static Engine engine() {
        Engine e = engine;
        if (e == null) {
            synchronized (PyTorchRuntime.class) {
                if (engine == null) {
                    // same cache folder and offline settings as TensorFlow
                    TensorFlowRuntime.engine();
                    engine = TensorFlowRuntime.withPluginClassLoader(() -> Engine.getEngine(ENGINE_NAME));
                }
                e = engine;
            }
        }
        return e;
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
