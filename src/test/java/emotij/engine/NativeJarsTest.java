package emotij.engine;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Finding the native jars where {@code mvn install -Dscijava.app.directory=APP} puts them ({@code APP/jars/linux64/}).
 * That the engines then start from them in plain ImageJ 1.x is checked by {@code tools/imagej-check.sh}, which
 * {@code .ci/run} runs (real ImageJ under Xvfb).
 */
class NativeJarsTest {

    @TempDir
    Path app;

    @Test
    void theJarOfThisPlatformIsFoundInThePlatformFolderOfJars() throws IOException {
        Path linux = Files.createDirectories(app.resolve("jars/linux64"));
        Path windows = Files.createDirectories(app.resolve("jars/win64"));
        Files.createFile(app.resolve("jars/tensorflow-core-native-1.0.0.jar"));  // the Java part, no classifier
        Files.createFile(windows.resolve("tensorflow-core-native-1.0.0-windows-x86_64.jar"));
        Files.createFile(linux.resolve("tensorflow-core-native-0.5.0-linux-x86_64.jar"));
        Path newest = Files.createFile(linux.resolve("tensorflow-core-native-1.0.0-linux-x86_64.jar"));
        Files.createFile(linux.resolve("pytorch-native-cpu-2.7.1-linux-x86_64.jar"));
        assertEquals(Optional.of(newest), NativeJars.find("tensorflow-core-native", "linux-x86_64", List.of(app)));
        assertEquals(Optional.of(linux.resolve("pytorch-native-cpu-2.7.1-linux-x86_64.jar")),
                NativeJars.find("pytorch-native-cpu", "linux-x86_64", List.of(app)));
        assertEquals(Optional.empty(), NativeJars.find("tensorflow-core-native", "macosx-arm64", List.of(app)));
        assertEquals(Optional.empty(), NativeJars.find("tensorflow-core-native", "linux-x86_64", List.of(app.resolve("nowhere"))));
    }

    @Test
    void theAppFolderIsTheOneAboveTheFolderOfTheLoadedJar() {
        // DJL's api jar, from the local Maven repository here: .../ai/djl/api/VERSION/api-VERSION.jar
        Path jar = Path.of(ai.djl.engine.Engine.class.getProtectionDomain().getCodeSource().getLocation().getPath());
        assertTrue(NativeJars.appFolders(ai.djl.engine.Engine.class).contains(jar.getParent().getParent()), jar.toString());
    }
}
