package emotij.cli;

import emotij.model.ModelStore;
import emotij.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static emotij.cli.EmotiJCliTest.cli;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Errors of the command line name what is wrong and say what to do, before any long work. */
class ClearMessagesTest {

    @TempDir
    Path tmp;

    @Test
    void anOutputFolderThatCannotBeMadeIsReportedFirstWithTheReason() throws IOException {
        Path file = Files.writeString(tmp.resolve("a-file"), "in the way");
        String old = System.getProperty(ModelStore.MODELS_DIR_PROPERTY);
        // no models here: had the models been loaded first, their error would come instead
        System.setProperty(ModelStore.MODELS_DIR_PROPERTY, Files.createDirectories(tmp.resolve("no-models")).toString());
        try {
            EmotiJCliTest.Run r = cli("classify", TestImages.SAMPLES.resolve("astronaut.png").toString(),
                    "--out", file.resolve("results").toString());
            assertEquals(2, r.code, r.err);
            assertTrue(r.err.contains("--out " + file.resolve("results") + ": cannot create this output folder"), r.err);
            assertTrue(r.err.contains("not a directory"), r.err);
            assertTrue(r.err.contains("choose a folder you can write to"), r.err);
            assertFalse(r.err.contains("blazeface"), r.err);
        } finally {
            if (old == null) System.clearProperty(ModelStore.MODELS_DIR_PROPERTY);
            else System.setProperty(ModelStore.MODELS_DIR_PROPERTY, old);
        }
    }

    @Test
    void anOutputPathThatIsAFileIsReported() throws IOException {
        Path file = Files.writeString(tmp.resolve("results.txt"), "in the way");
        EmotiJCliTest.Run r = cli("classify", TestImages.SAMPLES.resolve("astronaut.png").toString(), "--out", file.toString());
        assertEquals(2, r.code, r.err);
        assertTrue(r.err.contains("--out " + file + ": exists and is not a folder"), r.err);
    }

    @Test
    void aMinimumFaceTooSmallToSeeIsRefusedBeforeAnyWork() {
        EmotiJCliTest.Run r = cli("classify", TestImages.SAMPLES.resolve("astronaut.png").toString(),
                "--out", tmp.resolve("out").toString(), "--min-face", "1");
        assertEquals(2, r.code, r.err);
        assertTrue(r.err.contains("--min-face must be between 8 and 100000, not 1: smaller faces are too small for the"
                + " detector; scale the image up to find them"), r.err);
    }
}
