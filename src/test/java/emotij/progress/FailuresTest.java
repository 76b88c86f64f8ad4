package emotij.progress;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.util.concurrent.CancellationException;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** One mapping from a failure to the user's words: input problems say what to do, bugs are called bugs. */
class FailuresTest {

    @Test
    void expectedFailuresAreTheirMessage() {
        assertEquals("a.png: the file is empty (0 bytes)", Failures.message(new IOException("a.png: the file is empty (0 bytes)")));
        assertEquals("x.tif: broken", Failures.message(new UncheckedIOException(new IOException("x.tif: broken"))));
        assertEquals("min face: at least 8", Failures.message(new IllegalArgumentException("min face: at least 8")));
        assertEquals("stopped", Failures.message(new CancellationException("stopped")));
        assertEquals("/data/out: permission denied", Failures.message(new AccessDeniedException("/data/out")),
                "Java's message of an access denied is the bare path");
        assertTrue(Failures.message(new OutOfMemoryError("Java heap space")).contains("give Java more memory"));
    }

    @Test
    void aBugIsCalledABugAndIsNeverTurnedIntoBadInput() {
        NullPointerException npe = new NullPointerException("x is null");
        assertTrue(Failures.bug(npe));
        String m = Failures.message(npe);
        assertTrue(m.startsWith("unexpected error java.lang.NullPointerException: x is null") && m.contains("report"), m);
        assertSame(npe, Failures.forCommand(npe), "a command rethrows a bug as it is");
        RuntimeException bad = Failures.forCommand(new IOException("d: no such folder"));
        assertTrue(bad instanceof IllegalArgumentException && bad.getMessage().equals("d: no such folder"), bad.toString());
        assertFalse(Failures.bug(new Failures.EngineUnavailableException("Cannot load TensorFlow: ...", null)),
                "an engine that cannot start on this machine is not a bug of EmotiJ");
    }
}
