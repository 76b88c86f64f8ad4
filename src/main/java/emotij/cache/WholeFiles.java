package emotij.cache;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Files of the cache folder written whole or not at all: under a temporary name beside the target, then moved over
 * it in one step, so that a reader (another EmotiJ process included) never sees half a file, and a write that fails
 * leaves nothing behind.
 */
public final class WholeFiles {

    /** What goes into the file. */
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    private WholeFiles() {
    }

    /** Writes {@code target} (creating its folder) with {@code content}, replacing any file there. */
    public static void write(Path target, Content content) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path part = Files.createTempFile(dir, target.getFileName().toString(), ".part");
        try {
            try (OutputStream out = Files.newOutputStream(part)) {
                content.writeTo(out);
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(part);
        }
    }
}
