package emotij.io;

import emotij.batch.FolderBatch;
import emotij.batch.ImageJReader;
import emotij.classify.ClassifierOptions;
import emotij.classify.Emotion;
import emotij.detect.DetectorOptions;
import emotij.image.PixelImage;
import emotij.pipeline.FaceResult;
import emotij.testing.TestImages;
import ij.IJ;
import ij.ImagePlus;
import ij.io.FileSaver;
import ij.process.ShortProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Files are read as they look: low bit depths, display ranges and damaged files. */
class ImageReadingTest {

    @TempDir
    Path tmp;

    /** The astronaut sample as a gray PNG of {@code bits} bits per pixel, written by ImageIO; returns the file. */
    private Path lowBitDepthAstronaut(int bits) throws IOException {
        BufferedImage src = ImageIO.read(TestImages.SAMPLES.resolve("astronaut.png").toFile());
        int levels = 1 << bits;
        byte[] ramp = new byte[levels];
        for (int i = 0; i < levels; i++) ramp[i] = (byte) (i * 255 / (levels - 1));
        BufferedImage low = new BufferedImage(src.getWidth(), src.getHeight(), BufferedImage.TYPE_BYTE_BINARY,
                new IndexColorModel(bits, levels, ramp, ramp, ramp));
        for (int y = 0; y < src.getHeight(); y++) {
            for (int x = 0; x < src.getWidth(); x++) {
                int rgb = src.getRGB(x, y);
                double lum = 0.299 * ((rgb >> 16) & 255) + 0.587 * ((rgb >> 8) & 255) + 0.114 * (rgb & 255);
                low.getRaster().setSample(x, y, 0, (int) Math.round(lum * (levels - 1) / 255));
            }
        }
        Path f = tmp.resolve("astronaut-" + bits + "bit.png");
        ImageIO.write(low, "png", f.toFile());
        return f;
    }

    private static double mean(PixelImage img) {
        double sum = 0;
        for (int y = 0; y < img.height(); y++) for (int x = 0; x < img.width(); x++) sum += img.gray(x, y);
        return sum / ((double) img.width() * img.height());
    }

    @Test
    void lowBitDepthGrayPngsAreScaledToTheFullRange() throws IOException {
        double eightBit = mean(TestImages.sample("astronaut.png"));
        for (int bits : new int[] {1, 2, 4}) {
            Path f = lowBitDepthAstronaut(bits);
            // as EmotiJ opens files (CLI, Classify Folder) and as ImageJ's File > Open does (macros)
            for (ImagePlus imp : List.of(ImageFiles.open(f), IJ.openImage(f.toString()))) {
                double m = mean(ImageConversion.plane(imp, 1));
                // quantising to 2..16 levels moves the mean brightness by a fraction of a level, not the x1/17 (or
                // less) of raw indexes read as 8-bit values; 1 bit (black or white) may move it by up to a third
                double tolerance = bits == 1 ? 0.35 : 0.1;
                assertEquals(eightBit, m, tolerance * eightBit, bits + "-bit " + imp.getTitle());
            }
        }
    }

    @Test
    void aFourBitPngShowsTheSameExpressionAsTheEightBitOne() throws Exception {
        PixelImage img = ImageConversion.plane(ImageFiles.open(lowBitDepthAstronaut(4)), 1);
        List<FaceResult> faces = TestImages.analyzer().analyze(img, "astronaut-4bit.png");
        assertFalse(faces.isEmpty(), "the astronaut's face is found in 4 bits");
        assertEquals(Emotion.HAPPY, faces.get(0).expression().top(), "the astronaut smiles in 4 bits too");
    }

    /** Runs a batch on files of {@code dir} (named by their path inside it, as a folder input is); returns the report. */
    private FolderBatch.Report batch(Path dir, DetectorOptions detection, List<String> log) throws IOException {
        return FolderBatch.run(FolderBatch.items(List.of(dir), false), tmp.resolve("out"),
                TestImages.analyzer().withOptions(detection, new ClassifierOptions()), null,
                FolderBatch.Settings.untracked(false, false), new ImageJReader(), log::add);
    }

    @Test
    void aTruncatedJpegIsAnalysedAsFarAsItGoesWithAWarningNamingTheFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        byte[] whole = Files.readAllBytes(TestImages.SAMPLES.resolve("classroom_tanzania.jpg"));
        Files.write(dir.resolve("classroom-cut.jpg"), java.util.Arrays.copyOf(whole, whole.length * 2 / 3));
        List<String> log = new ArrayList<>();
        FolderBatch.Report r = batch(dir, new DetectorOptions(), log);
        assertTrue(r.failed.isEmpty(), "still analysed: " + r.failed);
        assertEquals(1, r.warnings.size(), r.warnings.toString());
        assertTrue(r.warnings.get(0).startsWith("classroom-cut.jpg: the file is damaged"), r.warnings.get(0));
        assertTrue(r.summary.contains("warnings 1:\n  classroom-cut.jpg: the file is damaged"), r.summary);
        assertTrue(log.stream().anyMatch(l -> l.contains("WARNING: classroom-cut.jpg: the file is damaged")), log.toString());
        // an intact file gives no warning
        assertTrue(ImageFiles.readWarnings(ImageFiles.open(TestImages.SAMPLES.resolve("classroom_tanzania.jpg"))).isEmpty());
    }

    @Test
    void reachingTheFaceCapIsSaid() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        Files.copy(TestImages.SAMPLES.resolve("classroom_tanzania.jpg"), dir.resolve("classroom.jpg"));
        FolderBatch.Report r = batch(dir, new DetectorOptions().withMaxFaces(2), new ArrayList<>());
        assertEquals(2, r.faces);
        assertEquals(1, r.warnings.size(), r.warnings.toString());
        assertTrue(r.warnings.get(0).startsWith("classroom.jpg: the maximum of 2 faces per image was reached"), r.warnings.get(0));
        assertTrue(r.warnings.get(0).contains("--max-faces"), r.warnings.get(0));
    }

    @Test
    void aFailedFileIsNamedOnceInTheReport() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        ImagePlus dot = new ImagePlus("1x1", new ij.process.ByteProcessor(1, 1));
        new FileSaver(dot).saveAsPng(dir.resolve("1x1.png").toString());
        FolderBatch.Report r = batch(dir, new DetectorOptions(), new ArrayList<>());
        assertEquals(1, r.failed.size());
        assertTrue(r.failed.get(0).startsWith("1x1.png: the image is 1x1 pixels"), r.failed.get(0));
    }

    /** The astronaut as 16-bit pixels 0..1000, saved as a TIFF with the given display range. */
    private Path sixteenBitAstronaut(Path dir, double displayMax) {
        ij.process.ImageProcessor gray = IJ.openImage(TestImages.SAMPLES.resolve("astronaut.png").toString())
                .getProcessor().convertToByte(true);
        ShortProcessor sp = new ShortProcessor(gray.getWidth(), gray.getHeight());
        for (int i = 0; i < gray.getPixelCount(); i++) sp.set(i, Math.round(gray.get(i) * 1000f / 255));
        ImagePlus imp = new ImagePlus("astronaut16", sp);
        imp.setDisplayRange(0, displayMax);
        Path f = dir.resolve("astronaut16-" + (int) displayMax + ".tif");
        new FileSaver(imp).saveAsTiff(f.toString());
        return f;
    }

    @Test
    void sixteenBitImagesAreReadThroughTheirDisplayRangeAndADarkOneIsSaid() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("in"));
        sixteenBitAstronaut(dir, 1000);
        sixteenBitAstronaut(dir, 65535);
        FolderBatch.Report r = batch(dir, new DetectorOptions(), new ArrayList<>());
        // 0..1000 shown as 0..1000: the face as in the 8-bit sample, no warning
        assertFalse(r.noFace.contains("astronaut16-1000.tif"), r.summary);
        // 0..1000 shown as 0..65535: nearly black, and the summary says what to do
        assertEquals(1, r.warnings.size(), r.warnings.toString());
        assertTrue(r.warnings.get(0).startsWith("astronaut16-65535.tif: the image is nearly black as displayed"), r.warnings.get(0));
        assertTrue(r.warnings.get(0).contains("Brightness/Contrast"), r.warnings.get(0));
    }

    /** The processor ImageJ itself makes of a decoded image. */
    private static ij.process.ImageProcessor asImageJMakesIt(BufferedImage image) {
        return new ImagePlus("reference", image).getProcessor();
    }

    @Test
    void decodedRastersAreCopiedWithTheSamePixelsImageJWouldMake() throws IOException {
        List<BufferedImage> images = new ArrayList<>();
        for (String name : List.of("astronaut.png", "cameraman.png", "classroom_tanzania.jpg")) {
            images.add(ImageIO.read(TestImages.SAMPLES.resolve(name).toFile()));
        }
        BufferedImage rgb = images.get(0);
        // packed ints, and a window into a larger raster (which the copy must not take as a whole buffer)
        BufferedImage ints = new BufferedImage(rgb.getWidth(), rgb.getHeight(), BufferedImage.TYPE_INT_RGB);
        ints.getGraphics().drawImage(rgb, 0, 0, null);
        images.add(ints);
        images.add(rgb.getSubimage(10, 20, 100, 50));
        assertEquals(BufferedImage.TYPE_3BYTE_BGR, images.get(0).getType(), "a colour PNG decodes to BGR bytes");
        assertEquals(BufferedImage.TYPE_BYTE_GRAY, images.get(1).getType(), "a gray PNG decodes to gray bytes");
        for (BufferedImage image : images) {
            ij.process.ImageProcessor expected = asImageJMakesIt(image);
            ij.process.ImageProcessor copied = ImageFiles.toImagePlus("copied", image).getProcessor();
            assertEquals(expected.getClass(), copied.getClass(), "type " + image.getType());
            assertEquals(expected.getWidth(), copied.getWidth());
            assertEquals(expected.getHeight(), copied.getHeight());
            assertEquals(expected.isInvertedLut(), copied.isInvertedLut());
            Object e = expected.getPixels();
            Object c = copied.getPixels();
            if (e instanceof int[]) {
                assertTrue(java.util.Arrays.equals((int[]) e, (int[]) c), "RGB pixels of type " + image.getType());
            } else {
                assertTrue(java.util.Arrays.equals((byte[]) e, (byte[]) c), "gray pixels of type " + image.getType());
            }
        }
    }
}
