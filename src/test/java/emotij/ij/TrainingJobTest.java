package emotij.ij;

import emotij.train.TrainingOptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ImageJ training job checks its model folder before the minutes of reading and training. */
class TrainingJobTest {

    @TempDir
    Path tmp;

    @Test
    void aModelFolderThatCannotBeMadeFailsBeforeTheDatasetIsRead() throws IOException {
        Path inTheWay = Files.writeString(tmp.resolve("a-file"), "a file where the model folder's parent should be");
        Path model = inTheWay.resolve("model");
        // the dataset is missing too: the model folder's error comes first, so it was checked before reading
        IOException e = assertThrows(IOException.class, () -> TrainingJob.run(tmp.resolve("no-dataset"), model,
                TrainingOptions.defaults(), false, false));
        assertTrue(e.getMessage().startsWith(model + ": cannot create this output folder"), e.getMessage());
    }

    @Test
    void anEmptyModelFolderThatExistsIsAcceptedAndLeftEmpty() throws IOException {
        Path model = Files.createDirectories(tmp.resolve("model"));
        IOException e = assertThrows(IOException.class, () -> TrainingJob.run(tmp.resolve("no-dataset"), model,
                TrainingOptions.defaults(), false, false));
        // past the model folder's check, the missing dataset is what fails
        assertTrue(e.getMessage().contains("Dataset folder not found"), e.getMessage());
        try (Stream<Path> left = Files.list(model)) {
            assertEquals(0, left.count(), "the write check leaves nothing in the folder");
        }
    }
}
