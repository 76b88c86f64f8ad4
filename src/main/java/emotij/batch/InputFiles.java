package emotij.batch;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.stream.Stream;

/** The image files of a batch's inputs: files as they are, folders' image files by extension. */
public final class InputFiles {

    /** Extensions taken from a folder (what ImageJ opens); a file named on its own is always tried. */
    public static final Set<String> IMAGE_EXTENSIONS = Set.of("tif", "tiff", "png", "jpg", "jpeg", "gif", "bmp",
            "pgm", "ppm", "pbm", "dcm", "fits", "fit", "fts", "avi", "zip", "lsm");

    private InputFiles() {
    }

    /** True if the file's extension is one of {@link #IMAGE_EXTENSIONS}. */
    public static boolean looksLikeImage(Path file) {
        String n = file.getFileName().toString();
        int dot = n.lastIndexOf('.');
        return dot > 0 && IMAGE_EXTENSIONS.contains(n.substring(dot + 1).toLowerCase(Locale.ROOT));
    }

    /**
     * The files to process for the given inputs: a file as it is, a folder's image files (by extension, sorted,
     * not hidden; subfolders when {@code recursive}).
     */
    public static List<Path> expand(List<Path> inputs, boolean recursive) throws IOException {
        List<Path> files = new ArrayList<>();
        for (Path in : inputs) {
            if (Files.isDirectory(in)) {
                try (Stream<Path> s = recursive ? Files.walk(in) : Files.list(in)) {
                    s.filter(Files::isRegularFile)
                            .filter(p -> !p.getFileName().toString().startsWith("."))
                            .filter(InputFiles::looksLikeImage)
                            .sorted().forEach(files::add);
                }
            } else {
                files.add(in);
            }
        }
        return files;
    }

    /** The items of the inputs: folders give their image files, named by their path inside the folder. */
    public static List<FolderBatch.Item> items(List<Path> inputs, boolean recursive) throws IOException {
        List<FolderBatch.Item> items = new ArrayList<>();
        for (Path in : inputs) {
            for (Path f : expand(List.of(in), recursive)) {
                items.add(new FolderBatch.Item(f, Files.isDirectory(in) ? in.relativize(f).toString().replace('\\', '/')
                        : f.getFileName().toString()));
            }
        }
        return items;
    }
}
