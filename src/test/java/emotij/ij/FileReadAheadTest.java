package emotij.ij;

import emotij.testing.TestImages;
import ij.ImagePlus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files read ahead come in order, each as ImageFiles.open gives it; a bad one fails at its turn only. */
class FileReadAheadTest {

    @TempDir
    Path tmp;

    @Test
    void filesComeInOrderAndABadOneFailsAtItsTurnWithoutLosingTheOthers() throws IOException {
        Path broken = Files.writeString(tmp.resolve("broken.png"), "not a PNG");
        List<Path> files = List.of(TestImages.SAMPLES.resolve("astronaut.png"), broken,
                TestImages.SAMPLES.resolve("cameraman.png"), TestImages.SAMPLES.resolve("classroom_tanzania.jpg"));
        try (FileReadAhead reader = new FileReadAhead(files)) {
            ImagePlus first = reader.next();
            assertEquals("astronaut.png", first.getTitle());
            assertEquals(ImageFiles.open(TestImages.SAMPLES.resolve("astronaut.png")).getWidth(), first.getWidth());
            IOException e = assertThrows(IOException.class, reader::next);
            String direct = assertThrows(IOException.class, () -> ImageFiles.open(broken)).getMessage();
            assertEquals(direct, e.getMessage(), "the same message as opening it directly");
            assertEquals("cameraman.png", reader.next().getTitle());
            ImagePlus last = reader.next();
            assertEquals("classroom_tanzania.jpg", last.getTitle());
            assertTrue(java.util.Arrays.equals((int[]) last.getProcessor().getPixels(),
                    (int[]) ImageFiles.open(files.get(3)).getProcessor().getPixels()), "the same pixels");
            assertThrows(IllegalStateException.class, reader::next, "no more files");
        }
    }
}
