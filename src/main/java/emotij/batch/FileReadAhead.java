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
import java.util.function.UnaryOperator;

/**
 * Opens the files of a batch one ahead of their analysis, on a background thread, so that decoding the next file
 * overlaps the networks' work on the current one. Files are handed out in order; a file that cannot be opened
 * gives its {@link IOException} (or error) when its turn comes, as {@link ImageReader#open} would. Public for the
 * Spark job, whose tasks read their files one ahead in the same way.
 */
public final class FileReadAhead implements AutoCloseable {

    private final List<Path> files;
    private final ImageReader imageReader;
    private final UnaryOperator<ImageSource> prepare;
    private final ExecutorService reader;
    private final Deque<Future<ImageSource>> pending = new ArrayDeque<>();
    private int submitted;
    private int taken;

    /** One file ahead: the reader stays busy while the networks run on the current one, memory holds two images. */
    public FileReadAhead(List<Path> files, ImageReader imageReader) {
        this(files, imageReader, 1, UnaryOperator.identity());
    }

    /**
     * Opens files ahead on {@code threads} threads, each file then passed through {@code prepare} on the same thread
     * (work that can run before the file's turn, such as analysing it); {@code threads} files ahead of the one
     * taken, so memory holds about {@code threads + 1} opened files.
     */
    public FileReadAhead(List<Path> files, ImageReader imageReader, int threads, UnaryOperator<ImageSource> prepare) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, not " + threads);
        this.files = files;
        this.imageReader = imageReader;
        this.prepare = prepare;
        this.reader = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "EmotiJ file reader");
            t.setDaemon(true);
            return t;
        });
        while (submitted < Math.min(files.size(), threads + 1)) submitNext();
    }

    private void submitNext() {
        Path file = files.get(submitted++);
        pending.add(reader.submit(() -> prepare.apply(imageReader.open(file))));
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
