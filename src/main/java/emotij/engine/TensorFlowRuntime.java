package emotij.engine;

import ai.djl.engine.Engine;
import org.bytedeco.javacpp.Loader;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.concurrent.Callable;

/**
 * Starts DJL's TensorFlow engine offline, once per JVM, and runs code with the plugin's class loader as context
 * class loader (DJL finds engines through ServiceLoader with the context loader, which inside Fiji is not the
 * plugin's: DJL issue #523).
 *
 * <p>Left alone, DJL downloads the TensorFlow native library from its CDN. Instead JavaCPP extracts it from the
 * {@code tensorflow-core-native} jar on the class path and DJL is pointed at that folder. All native files go
 * under one cache folder: {@code -Demotij.cache.dir=...} or the environment variable {@code EMOTIJ_CACHE_DIR},
 * default {@code ~/.emotij/cache}.
 */
public final class TensorFlowRuntime {

    public static final String ENGINE_NAME = "TensorFlow";
    public static final String CACHE_DIR_PROPERTY = "emotij.cache.dir";
    public static final String CACHE_DIR_ENV = "EMOTIJ_CACHE_DIR";

    private static volatile Engine engine;

    private TensorFlowRuntime() {
    }

    /** The folder where native libraries and extracted models are cached. */
    public static Path cacheDir() {
        String configured = System.getProperty(CACHE_DIR_PROPERTY);
        if (configured == null || configured.isBlank()) configured = System.getenv(CACHE_DIR_ENV);
        if (configured == null || configured.isBlank()) {
            return Paths.get(System.getProperty("user.home"), ".emotij", "cache");
        }
        return Paths.get(configured);
    }

    /** The TensorFlow engine, started on first use. */
    public static Engine engine() {
        Engine e = engine;
        if (e == null) {
            synchronized (TensorFlowRuntime.class) {
                if (engine == null) engine = start();
                e = engine;
            }
        }
        return e;
    }

    private static Engine start() {
        Path cache = cacheDir();
        try {
            Files.createDirectories(cache);
        } catch (IOException ex) {
            throw new IllegalStateException("Cannot create the EmotiJ cache folder " + cache
                    + ": set -D" + CACHE_DIR_PROPERTY + "=DIR or " + CACHE_DIR_ENV + " to a writable folder", ex);
        }
        setIfAbsent("org.bytedeco.javacpp.cachedir", cache.resolve("javacpp").toString());
        setIfAbsent("DJL_CACHE_DIR", cache.resolve("djl").toString());
        setIfAbsent("ENGINE_CACHE_DIR", cache.resolve("djl").toString());
        System.setProperty("ai.djl.offline", "true");
        // DJL would otherwise report usage over the network
        System.setProperty("OPT_OUT_TRACKING", "true");
        return withPluginClassLoader(() -> {
            String library;
            try {
                library = Loader.load(org.tensorflow.internal.c_api.global.tensorflow.class);
            } catch (UnsatisfiedLinkError | RuntimeException ex) {
                throw new IllegalStateException("Cannot load the TensorFlow native library for "
                        + Loader.getPlatform() + ": is the matching org.tensorflow:tensorflow-core-native jar "
                        + "(classifier " + Loader.getPlatform() + ") on the class path? " + ex.getMessage(), ex);
            }
            if (library != null) {
                System.setProperty("TENSORFLOW_LIBRARY_PATH", Paths.get(library).getParent().toString());
            }
            return Engine.getEngine(ENGINE_NAME);
        });
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) System.setProperty(key, value);
    }

    /** Runs {@code task} with this plugin's class loader as the thread's context class loader. */
    public static <T> T withPluginClassLoader(Callable<T> task) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(TensorFlowRuntime.class.getClassLoader());
        try {
            return task.call();
        } catch (RuntimeException ex) {
            throw ex;
        } catch (Exception ex) {
            throw new IllegalStateException(ex.getMessage(), ex);
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
