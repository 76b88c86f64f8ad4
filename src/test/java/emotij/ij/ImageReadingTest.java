package emotij.ij;

import emotij.classify.Emotion;
import emotij.image.PixelImage;
import emotij.pipeline.FaceResult;
import emotij.testing.TestImages;
import ij.IJ;
import ij.ImagePlus;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.awt.image.IndexColorModel;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

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
}
