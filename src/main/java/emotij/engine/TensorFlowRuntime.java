package emotij.engine;

import ai.djl.engine.Engine;
import org.bytedeco.javacpp.Loader;

import emotij.cache.CacheFolder;
import emotij.progress.Failures;
import java.io.IOException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.Collections;
import java.util.concurrent.Callable;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

/**
 * Starts DJL's TensorFlow engine offline, once per JVM, and runs code with the plugin's class loader as context
 * class loader (DJL finds engines through ServiceLoader with the context loader, which inside Fiji is not the
 * plugin's: DJL issue #523).
 *
 * <p>Left alone, DJL downloads the TensorFlow native library from its CDN. Instead JavaCPP extracts it from the
 * {@code tensorflow-core-native} jar on the class path and DJL is pointed at that folder. Where that jar is
 * installed but not on the class path (plain ImageJ 1.x: {@link NativeJars}), JavaCPP extracts it from the
 * installed jar and is pointed at that folder, as DJL does with a library it downloaded. All native files go
 * under one cache folder: {@code -Demotij.cache.dir=...} or the environment variable {@code EMOTIJ_CACHE_DIR},
 * default {@code ~/.emotij/cache}.
 */
public final class TensorFlowRuntime {

    public static final String ENGINE_NAME = "TensorFlow";
    private static final String NATIVE_ARTIFACT = "tensorflow-core-native";
    /** Where tensorflow-core-native keeps its libraries, per JavaCPP platform. */
    private static final String NATIVE_FOLDER = "org/tensorflow/internal/c_api/";

    private static final StartedOnce<Engine> ENGINE = new StartedOnce<>(TensorFlowRuntime::start);

    private TensorFlowRuntime() {
    }

    /** The TensorFlow engine, started on first use. */
    public static Engine engine() {
        return ENGINE.get();
    }

    private static Engine start() {
        Path cache = CacheFolder.dir();
        try {
            Files.createDirectories(cache);
        } catch (IOException ex) {
            throw new Failures.EngineUnavailableException("Cannot create the EmotiJ cache folder " + cache
                    + ": set -D" + CacheFolder.PROPERTY + "=DIR or " + CacheFolder.ENV + " to a writable folder", ex);
        }
        setIfAbsent("org.bytedeco.javacpp.cachedir", cache.resolve("javacpp").toString());
        setIfAbsent("DJL_CACHE_DIR", cache.resolve("djl").toString());
        setIfAbsent("ENGINE_CACHE_DIR", cache.resolve("djl").toString());
        System.setProperty("ai.djl.offline", "true");
        // DJL would otherwise report usage over the network
        System.setProperty("OPT_OUT_TRACKING", "true");
        return withPluginClassLoader(() -> {
            // before the first use of the JNI class: a failed static initialiser cannot be retried
            if (!NativeJars.onClassPath(NATIVE_FOLDER + Loader.getPlatform() + "/" + System.mapLibraryName("jnitensorflow"))) {
                preloadFromInstalledJar();
            }
            String library;
            try {
                library = Loader.load(org.tensorflow.internal.c_api.global.tensorflow.class);
            } catch (UnsatisfiedLinkError | RuntimeException ex) {
                throw new Failures.EngineUnavailableException("Cannot load the TensorFlow native library for "
                        + Loader.getPlatform() + ": is the matching org.tensorflow:" + NATIVE_ARTIFACT + " jar "
                        + "(classifier " + Loader.getPlatform() + ") on the class path? " + ex.getMessage(), ex);
            }
            if (library != null) {
                System.setProperty("TENSORFLOW_LIBRARY_PATH", Paths.get(library).getParent().toString());
            }
            return Engine.getEngine(ENGINE_NAME);
        });
    }

    /**
     * Extracts the libraries of the installed {@code tensorflow-core-native} jar (not on the class path) into
     * JavaCPP's cache and tells JavaCPP to load them from there.
     */
    private static void preloadFromInstalledJar() {
        String platform = Loader.getPlatform();
        Class<?>[] loadedFrom = {TensorFlowRuntime.class, Loader.class, Engine.class};
        Path jar = NativeJars.find(NATIVE_ARTIFACT, platform, loadedFrom).orElseThrow(() -> new Failures.EngineUnavailableException(
                "Cannot find the TensorFlow native library for " + platform + ": the jar " + NATIVE_ARTIFACT + "-*-"
                        + platform + ".jar is neither on the class path nor in " + NativeJars.searched(loadedFrom)
                        + ". Install EmotiJ with 'mvn install -Dscijava.app.directory=APP' (add "
                        + "-Dtensorflow-native.classifier=" + platform + " on another system)", null));
        Path folder = null;
        String prefix = NATIVE_FOLDER + platform + "/";
        try (ZipFile zip = new ZipFile(jar.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                String name = entry.getName();
                if (!name.startsWith(prefix) || name.indexOf('/', prefix.length()) >= 0 || !isLibrary(name)) continue;
                // JavaCPP's own extraction: kept up to date by size and date, safe against concurrent starts
                folder = Loader.cacheResource(new URL("jar:" + jar.toUri() + "!/" + name)).toPath().getParent();
            }
        } catch (IOException ex) {
            throw new Failures.EngineUnavailableException("Cannot extract the TensorFlow native library from " + jar + " into "
                    + System.getProperty("org.bytedeco.javacpp.cachedir") + ": " + ex.getMessage()
                    + ". Free disk space there or set -D" + CacheFolder.PROPERTY + "=DIR to a writable folder", ex);
        }
        if (folder == null) throw new Failures.EngineUnavailableException(jar + " holds no TensorFlow library for " + platform + ": reinstall EmotiJ", null);
        // what DJL does for a library it downloaded: JavaCPP then finds the preloads and the JNI library there
        System.setProperty("org.bytedeco.javacpp.platform.preloadpath", folder.toString());
        Loader.loadProperties(true);
    }

    private static boolean isLibrary(String name) {
        return name.contains(".so") || name.endsWith(".dylib") || name.endsWith(".dll");
    }

    private static void setIfAbsent(String key, String value) {
        if (System.getProperty(key) == null && System.getenv(key) == null) System.setProperty(key, value);
    }

    /** Runs {@code task} with this plugin's class loader as the thread's context class loader. */
    public static <T> T withPluginClassLoader(Callable<T> task) {
        return withContextClassLoader(TensorFlowRuntime.class.getClassLoader(), task);
    }

    static <T> T withContextClassLoader(ClassLoader loader, Callable<T> task) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
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
