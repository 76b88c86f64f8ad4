package emotij.convert;

import emotij.engine.TfModel;
import emotij.model.ModelStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The converted graph comes back from the cache as converted, and a changed or damaged entry is converted again. */
class ConvertedGraphCacheTest {

    private static List<Path> entries(Path cache) throws IOException {
        try (Stream<Path> s = Files.list(cache.resolve("onnx"))) {
            return s.filter(p -> p.toString().endsWith(".onnx")).sorted().collect(Collectors.toList());
        }
    }

    @Test
    void aSecondLoadReadsWhatTheFirstConverted(@TempDir Path tmp) throws IOException {
        Path pb = ModelStore.locate(ModelStore.EXPRESSION).resolve("saved_model.pb");
        OnnxGraphConverter.Converted first = ConvertedGraphCache.converted(pb, tmp);
        List<Path> written = entries(tmp);
        assertEquals(1, written.size(), "one entry: " + written);
        OnnxGraphConverter.Converted second = ConvertedGraphCache.converted(pb, tmp);
        assertArrayEquals(first.model, second.model);
        assertEquals(first.input, second.input);
        assertEquals(written, entries(tmp), "nothing written again");
    }

    @Test
    void aChangedModelGetsAnEntryOfItsOwn(@TempDir Path tmp) throws IOException {
        byte[] bytes = Files.readAllBytes(ModelStore.locate(ModelStore.EXPRESSION).resolve("saved_model.pb"));
        Path copy = Files.createDirectories(tmp.resolve("model")).resolve("saved_model.pb");
        Files.write(copy, bytes);
        ConvertedGraphCache.converted(copy, tmp.resolve("cache"));
        Path other = Files.createDirectories(tmp.resolve("other")).resolve("saved_model.pb");
        Files.write(other, changed(bytes));
        ConvertedGraphCache.converted(other, tmp.resolve("cache"));
        assertEquals(2, entries(tmp.resolve("cache")).size());
    }

    /** The same SavedModel with another schema version: other bytes, the same graph. */
    private static byte[] changed(byte[] bytes) throws IOException {
        org.tensorflow.proto.SavedModel m = org.tensorflow.proto.SavedModel.parseFrom(bytes);
        return m.toBuilder().setSavedModelSchemaVersion(m.getSavedModelSchemaVersion() + 1).build().toByteArray();
    }

    @Test
    void aDamagedEntryIsConvertedAgainAndTheModelRuns(@TempDir Path tmp) throws IOException {
        Path pb = ModelStore.locate(ModelStore.EXPRESSION).resolve("saved_model.pb");
        OnnxGraphConverter.Converted first = ConvertedGraphCache.converted(pb, tmp);
        Path entry = entries(tmp).get(0);
        byte[] whole = Files.readAllBytes(entry);
        Files.write(entry, java.util.Arrays.copyOf(whole, whole.length / 2));
        OnnxGraphConverter.Converted again = ConvertedGraphCache.converted(pb, tmp);
        assertArrayEquals(first.model, again.model);
        assertEquals(whole.length, Files.size(entry), "the entry was written whole again");
        assertNotEquals(0, again.model.length);
        String before = System.getProperty("emotij.cache.dir");
        System.setProperty("emotij.cache.dir", tmp.toString());
        try (TfModel model = TfModel.load(pb.getParent(), TfModel.Engine.ONNX_RUNTIME)) {
            float[] p = model.run(new float[64 * 64], 1, 64, 64, 1).get("probabilities");
            double sum = 0;
            for (float v : p) sum += v;
            assertEquals(1, sum, 1e-5, "probabilities of a blank face sum to 1");
        } finally {
            if (before == null) System.clearProperty("emotij.cache.dir");
            else System.setProperty("emotij.cache.dir", before);
        }
        assertTrue(Files.isRegularFile(entry));
    }
}
