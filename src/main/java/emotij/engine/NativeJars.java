package emotij.engine;

import java.io.IOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Finds a native-library jar that is installed but not on the class path.
 *
 * <p>{@code mvn install -Dscijava.app.directory=APP} puts the platform's native jars in {@code APP/jars/<platform>/}
 * ({@code linux64}, {@code win64}, ...). Fiji's launcher puts that folder on the class path; plain ImageJ 1.x,
 * started as {@code java -jar APP/jars/ij-*.jar}, only puts {@code jars/} and {@code plugins/} there, so the
 * engines' usual look-up (a resource on the class path) misses them. The app folder is the one above the folders
 * the plugin jar and the engine jars were loaded from.
 */
final class NativeJars {

    private NativeJars() {
    }

    /**
     * Whether the class loader that loaded EmotiJ sees {@code resource}: then the native jar is on the class path
     * (Fiji, Maven, {@code bin/emotij}) and the engine finds its library the usual way.
     */
    static boolean onClassPath(String resource) {
        return NativeJars.class.getClassLoader().getResource(resource) != null;
    }

    /**
     * The installed jar {@code ARTIFACT-VERSION-CLASSIFIER.jar} in a platform folder of {@code jars/} of the app
     * folders these classes were loaded from (the newest name when there are several), if any.
     */
    static Optional<Path> find(String artifact, String classifier, Class<?>... loadedFrom) {
        return find(artifact, classifier, appFolders(loadedFrom));
    }

    /** The installed jar {@code ARTIFACT-VERSION-CLASSIFIER.jar} in {@code APP/jars/<platform>/} of these app folders. */
    static Optional<Path> find(String artifact, String classifier, Collection<Path> apps) {
        List<Path> found = new ArrayList<>();
        for (Path app : apps) {
            try (Stream<Path> platforms = Files.list(app.resolve("jars"))) {
                for (Path platform : platforms.filter(Files::isDirectory).collect(Collectors.toList())) {
                    try (Stream<Path> jars = Files.list(platform)) {
                        jars.filter(j -> isJar(j.getFileName().toString(), artifact, classifier)).forEach(found::add);
                    }
                }
            } catch (IOException notAnAppFolder) {
                // no jars/ folder there: look in the next candidate
            }
        }
        return found.stream().max((a, b) -> a.getFileName().toString().compareTo(b.getFileName().toString()));
    }

    static boolean isJar(String fileName, String artifact, String classifier) {
        return fileName.startsWith(artifact + "-") && fileName.endsWith("-" + classifier + ".jar");
    }

    /** The folders two levels above the jars of these classes: {@code APP} for {@code APP/plugins/x.jar} or {@code APP/jars/y.jar}. */
    static Set<Path> appFolders(Class<?>... loadedFrom) {
        Set<Path> apps = new LinkedHashSet<>();
        for (Class<?> c : loadedFrom) {
            location(c).map(Path::getParent).map(Path::getParent).ifPresent(apps::add);
        }
        return apps;
    }

    private static Optional<Path> location(Class<?> c) {
        CodeSource source = c.getProtectionDomain().getCodeSource();
        URL url = source == null ? null : source.getLocation();
        if (url == null || !"file".equals(url.getProtocol())) return Optional.empty();
        try {
            return Optional.of(Paths.get(url.toURI()).toAbsolutePath());
        } catch (URISyntaxException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** Where it looked, for an error message. */
    static String searched(Class<?>... loadedFrom) {
        return appFolders(loadedFrom).stream().map(a -> a.resolve("jars") + "/*/").collect(Collectors.joining(", "));
    }
}
