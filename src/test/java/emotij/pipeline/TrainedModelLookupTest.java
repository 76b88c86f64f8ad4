package emotij.pipeline;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Inference finds the trained-model format through META-INF/services, without a compile-time tie to training. */
class TrainedModelLookupTest {

    @Test
    void aFolderThatIsNoModelIsNamedByTheTrainedModelReader(@TempDir Path tmp) throws IOException {
        Path empty = Files.createDirectory(tmp.resolve("not-a-model"));
        IOException e = assertThrows(IOException.class, () -> ExpressionModels.open(empty.toString()));
        // the message comes from emotij.train.TrainedModel, so the service registration was found
        assertTrue(e.getMessage().contains(empty + " is not a trained EmotiJ model"), e.getMessage());
        assertTrue(e.getMessage().contains("emotij-model.json"), e.getMessage());
    }

    @Test
    void aMissingFolderIsNamed(@TempDir Path tmp) {
        Path missing = tmp.resolve("no-such-model");
        IOException e = assertThrows(IOException.class, () -> ExpressionModels.open(missing.toString()));
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }
}
