package emotij.image;

import emotij.engine.TfModel;
import emotij.io.ImageFiles;
import emotij.model.ModelStore;
import emotij.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every bad input fails with a message that names the input and the problem. */
class BadInputTest {

    @TempDir
    Path tmp;

    private static void assertMentions(Exception e, String... parts) {
        for (String p : parts) assertTrue(e.getMessage().contains(p), "'" + e.getMessage() + "' should mention '" + p + "'");
    }

    @Test
    void missingFile() {
        Path f = tmp.resolve("nothing-here.png");
        assertMentions(assertThrows(IOException.class, () -> ImageFiles.open(f)), "nothing-here.png", "not found");
    }

    @Test
    void emptyFile() throws IOException {
        Path f = Files.createFile(tmp.resolve("empty.png"));
        assertMentions(assertThrows(IOException.class, () -> ImageFiles.open(f)), "empty.png", "empty");
    }

    @Test
    void corruptFile() throws IOException {
        Path f = tmp.resolve("corrupt.png");
        Files.write(f, "this is not a PNG at all".getBytes());
        assertMentions(assertThrows(IOException.class, () -> ImageFiles.open(f)), "corrupt.png", "cannot be read");
    }

    @Test
    void truncatedFile() throws IOException {
        Path f = tmp.resolve("truncated.png");
        byte[] whole = Files.readAllBytes(TestImages.SAMPLES.resolve("astronaut.png"));
        Files.write(f, java.util.Arrays.copyOf(whole, 2000));
        assertMentions(assertThrows(IOException.class, () -> ImageFiles.open(f)), "truncated.png");
    }

    @Test
    void zeroSizeAndOnePixelImages() {
        PixelImage empty = PixelImage.ofGray8(new byte[0], 0, 0);
        assertMentions(assertThrows(InvalidImageException.class, () -> ImageChecks.requireUsable(empty, "e.tif")), "e.tif", "empty");
        PixelImage one = PixelImage.ofGray8(new byte[] {7}, 1, 1);
        assertMentions(assertThrows(InvalidImageException.class, () -> ImageChecks.requireUsable(one, "dot.png")), "dot.png", "1x1", "too small");
    }

    @Test
    void imageSmallerThanAFaceCouldBe() {
        PixelImage small = PixelImage.ofGray8(ramp(12 * 12), 12, 12);
        assertMentions(assertThrows(InvalidImageException.class, () -> TestImages.analyzer().analyze(small, "tiny.png")),
                "tiny.png", "12x12", "too small");
    }

    /** A 64x64 ramp with a NaN and a +Infinity pixel (and a -Infinity one if asked). */
    private static float[] rampWithNonFinite(boolean negativeInfinity) {
        float[] px = new float[64 * 64];
        for (int i = 0; i < px.length; i++) px[i] = i;
        px[100] = Float.NaN;
        px[200] = Float.POSITIVE_INFINITY;
        if (negativeInfinity) px[300] = Float.NEGATIVE_INFINITY;
        return px;
    }

    @Test
    void nanAndInfinitePixels() {
        PixelImage img = PixelImage.ofGray32(rampWithNonFinite(false), 64, 64, 0, 4096);
        assertMentions(assertThrows(InvalidImageException.class, () -> TestImages.analyzer().analyze(img, "nan.tif")),
                "nan.tif", "2 pixel values are NaN or infinite", "Remove NaNs");
    }

    @Test
    void infinitePixelsOfBothSignsAreCountedOnce() {
        // ImageJ's display range of this image is -Infinity..Infinity: every pixel used to be counted
        ij.ImagePlus imp = new ij.ImagePlus("inf.tif", new ij.process.FloatProcessor(64, 64, rampWithNonFinite(true)));
        assertMentions(assertThrows(InvalidImageException.class, () -> emotij.ij.ImageAnalysis.plane(imp, 1, 1)),
                "inf.tif: 3 pixel values are NaN or infinite");
    }

    @Test
    void allBlackAndUniformImages() {
        PixelImage black = PixelImage.ofGray8(new byte[100 * 100], 100, 100);
        assertMentions(assertThrows(InvalidImageException.class, () -> TestImages.analyzer().analyze(black, "black.png")),
                "black.png", "all black");
        byte[] gray = new byte[100 * 100];
        java.util.Arrays.fill(gray, (byte) 128);
        PixelImage uniform = PixelImage.ofGray8(gray, 100, 100);
        assertMentions(assertThrows(InvalidImageException.class, () -> ImageChecks.requireUsable(uniform, "flat.png")),
                "flat.png", "same value");
    }

    @Test
    void missingModelFolder() {
        Path dir = tmp.resolve("no-model");
        assertMentions(assertThrows(IOException.class, () -> TfModel.load(dir)), "no-model", "not found");
    }

    @Test
    void modelFolderWithoutSavedModel() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("not-a-model"));
        Files.writeString(dir.resolve("README.md"), "hello");
        assertMentions(assertThrows(IOException.class, () -> TfModel.load(dir)), "not-a-model", "saved_model.pb");
    }

    @Test
    void corruptModelFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("corrupt-model"));
        byte[] junk = new byte[4096];
        new java.util.Random(1).nextBytes(junk);
        Files.write(dir.resolve("saved_model.pb"), junk);
        assertMentions(assertThrows(IOException.class, () -> TfModel.load(dir)), "corrupt-model", "could not be loaded");
    }

    @Test
    void truncatedModelFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("truncated-model"));
        byte[] whole = Files.readAllBytes(ModelStore.locate(ModelStore.EXPRESSION).resolve("saved_model.pb"));
        Files.write(dir.resolve("saved_model.pb"), java.util.Arrays.copyOf(whole, whole.length / 2));
        assertMentions(assertThrows(IOException.class, () -> TfModel.load(dir)), "truncated-model");
    }

    @Test
    void missingModelInAConfiguredModelsFolder() {
        String old = System.getProperty(ModelStore.MODELS_DIR_PROPERTY);
        System.setProperty(ModelStore.MODELS_DIR_PROPERTY, tmp.toString());
        try {
            assertMentions(assertThrows(IOException.class, () -> ModelStore.locate(ModelStore.DETECTOR)), "blazeface", tmp.toString());
        } finally {
            if (old == null) System.clearProperty(ModelStore.MODELS_DIR_PROPERTY);
            else System.setProperty(ModelStore.MODELS_DIR_PROPERTY, old);
        }
    }

    @Test
    void theUsersPixelsAreNotChanged() {
        byte[] px = ramp(64 * 64);
        byte[] copy = px.clone();
        PixelImage img = PixelImage.ofGray8(px, 64, 64);
        img.padded(2);
        img.halvings(2);
        org.junit.jupiter.api.Assertions.assertArrayEquals(copy, px);
    }

    @Test
    void binaryModelSpec() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("binary-model"));
        byte[] junk = new byte[512];
        new java.util.Random(2).nextBytes(junk);
        Files.write(dir.resolve(emotij.train.TrainedModel.SPEC_FILE), junk);
        assertMentions(assertThrows(IOException.class, () -> emotij.train.TrainedModel.load(dir)),
                dir.resolve(emotij.train.TrainedModel.SPEC_FILE).toString(), "not a text (JSON) file", "retrain");
    }

    @Test
    void emptyModelSpec() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("empty-spec-model"));
        Files.writeString(dir.resolve(emotij.train.TrainedModel.SPEC_FILE), "{}");
        IOException e = assertThrows(IOException.class, () -> emotij.train.TrainedModel.load(dir));
        assertMentions(e, dir.resolve(emotij.train.TrainedModel.SPEC_FILE).toString(), "no \"format\"", "retrain");
        assertTrue(!e.getMessage().contains("null"), e.getMessage());
    }

    private static byte[] ramp(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 7);
        return b;
    }
}
