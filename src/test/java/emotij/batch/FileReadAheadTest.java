package emotij.batch;

import emotij.testing.TestImages;
import emotij.io.ImageFiles;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files read ahead come in order, each as the reader opens it; a bad one fails at its turn only. */
class FileReadAheadTest {

    @TempDir
    Path tmp;

    @ParameterizedTest(name = "{0} reader thread(s)")
    @ValueSource(ints = {1, 2})
    void filesComeInOrderAndABadOneFailsAtItsTurnWithoutLosingTheOthers(int threads) throws IOException {
        Path broken = Files.writeString(tmp.resolve("broken.png"), "not a PNG");
        List<Path> files = List.of(TestImages.SAMPLES.resolve("astronaut.png"), broken,
                TestImages.SAMPLES.resolve("cameraman.png"), TestImages.SAMPLES.resolve("classroom_tanzania.jpg"));
        try (FileReadAhead reader = new FileReadAhead(files, new ImageJReader(), threads, UnaryOperator.identity())) {
            ImageSource first = reader.next();
            assertEquals(ImageFiles.open(TestImages.SAMPLES.resolve("astronaut.png")).getWidth(), first.width());
            IOException e = assertThrows(IOException.class, reader::next);
            String direct = assertThrows(IOException.class, () -> ImageFiles.open(broken)).getMessage();
            assertEquals(direct, e.getMessage(), "the same message as opening it directly");
            assertTrue(java.util.Arrays.equals(reader.next().plane(1).toArray(),
                    new ImageJReader().open(files.get(2)).plane(1).toArray()), "cameraman.png, the same pixels");
            ImageSource last = reader.next();
            assertTrue(java.util.Arrays.equals(last.plane(1).toArray(),
                    new ImageJReader().open(files.get(3)).plane(1).toArray()), "classroom_tanzania.jpg, the same pixels");
            assertThrows(IllegalStateException.class, reader::next, "no more files");
        }
    }
}
