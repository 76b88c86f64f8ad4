package emotij.engine;

import ai.djl.engine.Engine;

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
}
