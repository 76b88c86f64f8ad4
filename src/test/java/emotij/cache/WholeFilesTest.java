package emotij.cache;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/** A cache file is written whole, replacing the old one, or not at all. */
class WholeFilesTest {

    private static long filesIn(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.count();
        }
    }

    @Test
    void aWriteReplacesTheFileAndLeavesNothingElse(@TempDir Path tmp) throws IOException {
        Path target = tmp.resolve("sub").resolve("entry.bin");
        WholeFiles.write(target, out -> out.write(new byte[] {1, 2, 3}));
        WholeFiles.write(target, out -> out.write(new byte[] {4, 5}));
        assertEquals(2, Files.size(target));
        assertEquals(1, filesIn(target.getParent()), "no temporary file left beside it");
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoPart(@TempDir Path tmp) throws IOException {
        Path target = tmp.resolve("entry.bin");
        WholeFiles.write(target, out -> out.write(new byte[] {1, 2, 3}));
        IOException e = assertThrows(IOException.class, () -> WholeFiles.write(target, out -> {
            out.write(new byte[] {9});
            throw new IOException("disk full");
        }));
        assertEquals("disk full", e.getMessage());
        assertEquals(3, Files.size(target), "the old file is untouched");
        assertEquals(1, filesIn(tmp), "the half-written part is gone");
    }
}
