package emotij.spark;

import emotij.batch.FileReadAhead;
import emotij.batch.ImageReader;
import emotij.batch.ImageSource;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The files of one task, read one ahead ({@link FileReadAhead}, as a batch reads them): the per-file batch opens
 * each through this reader while the one before is still being analysed. Files must be opened in order.
 */
final class TaskFiles implements ImageReader, AutoCloseable {

    private final List<Path> files;
    private final FileReadAhead ahead;
    private int next;

    TaskFiles(List<Path> files, ImageReader reader) {
        this.files = files;
        this.ahead = new FileReadAhead(files, reader);
    }

    @Override
    public ImageSource open(Path file) throws IOException {
        if (next >= files.size() || !files.get(next).equals(file)) {
            throw new IllegalStateException(file + " opened out of the task's order");
        }
        next++;
        return ahead.next();
    }

    @Override
    public void close() {
        ahead.close();
    }
}
