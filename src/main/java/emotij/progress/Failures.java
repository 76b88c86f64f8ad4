package emotij.progress;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.util.Locale;
import java.util.concurrent.CancellationException;

/**
 * What a user is told when something fails: the one place that turns a {@link Throwable} into words. An expected
 * failure (a bad file or image, a bad option value, the engine unable to start, a cancel) says what its message
 * says, which names the input and what to do; running out of memory asks for more; anything else is a bug and is
 * said to be one, with its class, so that it is reported rather than taken for a problem of the input.
 */
public final class Failures {

    private Failures() {
    }

    /**
     * True for the failures a user can act on: I/O ({@link IOException}, {@link UncheckedIOException}), bad input
     * (any exception whose class is named {@code InvalidImageException}, {@link IllegalArgumentException} from
     * the option checks), {@link CancellationException}, {@link EngineUnavailableException}.
     */
    public static boolean expected(Throwable e) {
        return e instanceof IOException || e instanceof UncheckedIOException || e instanceof IllegalArgumentException
                || e instanceof CancellationException || e instanceof EngineUnavailableException
                || e.getClass().getSimpleName().equals("InvalidImageException");
    }

    /** True for a bug: neither an expected failure nor running out of memory. */
    public static boolean bug(Throwable e) {
        return !expected(e) && !(e instanceof OutOfMemoryError);
    }

    /** What to tell the user about {@code e}, in one text (see the class comment). */
    public static String message(Throwable e) {
        if (e instanceof OutOfMemoryError) return "not enough memory (give Java more memory)";
        if (bug(e)) return unexpected(e);
        if (e instanceof UncheckedIOException && e.getCause() != null) return reason(e.getCause());
        return reason(e);
    }

    /** The reason an expected failure gives: its message, or for a file system error, the file and what is wrong. */
    public static String reason(Throwable e) {
        if (e instanceof FileSystemException) {
            FileSystemException f = (FileSystemException) e;
            // Java's own messages of these are the bare path
            if (e instanceof AccessDeniedException) return f.getFile() + ": permission denied";
            if (e instanceof FileAlreadyExistsException) return "a file named " + f.getFile() + " is in the way";
            if (e instanceof NoSuchFileException) return f.getFile() + ": no such file or folder";
            if (f.getReason() != null) return f.getFile() + ": " + f.getReason().toLowerCase(Locale.ROOT);
        }
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** A bug's text: its class (the message alone may be empty or cryptic), its message, and what to do. */
    public static String unexpected(Throwable e) {
        return "unexpected error " + e.getClass().getName() + (e.getMessage() == null ? "" : ": " + e.getMessage())
                + " (a bug in EmotiJ or in a library it uses, such as ImageJ's reader for a file: please report it"
                + " with the stack trace in the log)";
    }

    /** The stack trace of a bug, for the log (a bug report needs it). */
    public static String stackTrace(Throwable e) {
        StringWriter trace = new StringWriter();
        e.printStackTrace(new PrintWriter(trace));
        return trace.toString().stripTrailing();
    }

    /**
     * The exception a command (SciJava) throws for {@code e}: an expected failure becomes an
     * {@link IllegalArgumentException} with the user's message (SciJava shows it as a bad input); a bug stays what
     * it is (a checked one wrapped in an {@link IllegalStateException}), so that its trace is not taken for bad input.
     */
    public static RuntimeException forCommand(Exception e) {
        if (!bug(e)) return e instanceof IllegalArgumentException ? (IllegalArgumentException) e : new IllegalArgumentException(message(e), e);
        return e instanceof RuntimeException ? (RuntimeException) e : new IllegalStateException(unexpected(e), e);
    }

    /** A native engine (TensorFlow, PyTorch) could not start on this machine; the message says why and what to do. */
    public static final class EngineUnavailableException extends IllegalStateException {
        public EngineUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
