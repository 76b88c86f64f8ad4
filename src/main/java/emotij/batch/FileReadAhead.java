package emotij.batch;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Opens the files of a batch one ahead of their analysis, on a background thread, so that decoding the next file
 * overlaps the networks' work on the current one. Files are handed out in order; a file that cannot be opened
 * gives its {@link IOException} (or error) when its turn comes, as {@link ImageReader#open} would. Public for the
 * Spark job, whose tasks read their files one ahead in the same way.
 */
public final class FileReadAhead implements AutoCloseable {

    /** Files decoded ahead: one keeps the reader busy while the networks run, and memory to two images. */
    static final int AHEAD = 1;

    private final List<Path> files;
    private final ImageReader imageReader;
    private final ExecutorService reader = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "EmotiJ file reader");
        t.setDaemon(true);
        return t;
    });
    private final Deque<Future<ImageSource>> pending = new ArrayDeque<>();
    private int submitted;
    private int taken;

    public FileReadAhead(List<Path> files, ImageReader imageReader) {
        this.files = files;
        this.imageReader = imageReader;
        while (submitted < Math.min(files.size(), AHEAD + 1)) submitNext();
    }

    private void submitNext() {
        Path file = files.get(submitted++);
        pending.add(reader.submit(() -> imageReader.open(file)));
    }

    /** The next file, opened; files must be taken in order. */
    public ImageSource next() throws IOException {
        if (taken >= files.size()) throw new IllegalStateException("all " + files.size() + " files were taken");
        Future<ImageSource> f = pending.poll();
        taken++;
        if (submitted < files.size()) submitNext();
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException(files.get(taken - 1) + ": reading was interrupted", e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof IOException) throw (IOException) cause;
            if (cause instanceof RuntimeException) throw (RuntimeException) cause;
            if (cause instanceof Error) throw (Error) cause;
            throw new IOException(files.get(taken - 1) + ": " + cause, cause);
        }
    }

    /** Stops reading ahead (a cancelled batch leaves the files it did not take). */
    @Override
    public void close() {
        reader.shutdownNow();
    }
}
