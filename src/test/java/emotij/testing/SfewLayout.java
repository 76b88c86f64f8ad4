package emotij.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * Builds a small SFEW-layout dataset ({@code Train/} and {@code Val/}, SFEW's capitalised class names) from the
 * committed FER-2013 faces, for training tests.
 */
public final class SfewLayout {

    private SfewLayout() {
    }

    /** The first {@code train} faces of each class into Train, the next {@code val} into Val. */
    public static Path build(Path source, Path root, int train, int val) throws IOException {
        try (Stream<Path> classes = Files.list(source)) {
            for (Path c : classes.filter(Files::isDirectory).sorted().collect(Collectors.toList())) {
                String name = c.getFileName().toString();
                String sfewName = Character.toUpperCase(name.charAt(0)) + name.substring(1);
                List<Path> files;
                try (Stream<Path> f = Files.list(c)) {
                    files = f.filter(p -> p.toString().endsWith(".png")).sorted().collect(Collectors.toList());
                }
                for (int i = 0; i < Math.min(files.size(), train + val); i++) {
                    Path dir = root.resolve(i < train ? "Train" : "Val").resolve(sfewName);
                    Files.createDirectories(dir);
                    Files.copy(files.get(i), dir.resolve(files.get(i).getFileName()));
                }
            }
        }
        return root;
    }
}
