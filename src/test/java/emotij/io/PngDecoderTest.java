package emotij.io;

import emotij.testing.TestImages;
import ij.ImagePlus;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import javax.imageio.ImageIO;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

/** The fast PNG path gives ImageIO's pixels, and leaves every file it does not fully understand to ImageIO. */
class PngDecoderTest {

    @TempDir
    Path tmp;

    /** ImageIO's pixels as ImageFiles makes them (opaque packed RGB, or gray bytes). */
    private static ImageProcessor imageIO(byte[] png) throws IOException {
        BufferedImage image = ImageIO.read(new ByteArrayInputStream(png));
        return ImageFiles.toImagePlus("reference", image).getProcessor();
    }

    private static void assertSamePixels(ImageProcessor expected, ImageProcessor actual) {
        assertNotNull(actual, "decoded");
        assertEquals(expected.getClass(), actual.getClass());
        assertEquals(expected.getWidth(), actual.getWidth());
        assertEquals(expected.getHeight(), actual.getHeight());
        if (expected instanceof ColorProcessor) {
            assertArrayEquals((int[]) expected.getPixels(), (int[]) actual.getPixels());
        } else {
            assertArrayEquals((byte[]) expected.getPixels(), (byte[]) actual.getPixels());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"astronaut.png", "cameraman.png", "solvay_conference_1927.png"})
    void theSamplesComeOutAsImageIOReadsThem(String name) throws IOException {
        byte[] png = Files.readAllBytes(TestImages.SAMPLES.resolve(name));
        assertSamePixels(imageIO(png), PngDecoder.decode(png));
    }

    /**
     * A PNG written here with each of the five row filters in turn (ImageIO's writer picks its own), over noise and
     * a smooth ramp, in several IDAT chunks: decoded as ImageIO decodes it, and as the pixels were.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 3})
    void everyRowFilterIsUndone(int channels) throws IOException {
        int w = 37;
        int h = 20;
        byte[] pixels = new byte[w * h * channels];
        Random random = new Random(7);
        for (int i = 0; i < pixels.length; i++) pixels[i] = (byte) (i < pixels.length / 2 ? random.nextInt(256) : i * 3);
        byte[] png = png(w, h, channels, pixels, 8, channels == 3 ? 2 : 0, null);
        ImageProcessor decoded = PngDecoder.decode(png);
        assertSamePixels(imageIO(png), decoded);
        for (int i = 0; i < w * h; i++) {
            if (channels == 3) {
                int expected = 0xff000000 | (pixels[3 * i] & 0xff) << 16 | (pixels[3 * i + 1] & 0xff) << 8 | (pixels[3 * i + 2] & 0xff);
                assertEquals(expected, ((int[]) decoded.getPixels())[i], "pixel " + i);
            } else {
                assertEquals(pixels[i], ((byte[]) decoded.getPixels())[i], "pixel " + i);
            }
        }
    }

    @Test
    void filesOfOtherKindsAreLeftToImageIO() throws IOException {
        byte[] rgb = new byte[8 * 8 * 3];
        Arrays.fill(rgb, (byte) 100);
        // 16 bits a sample, RGBA, a palette, interlaced, and a transparent colour: ImageIO's own handling
        assertNull(PngDecoder.decode(png(8, 8, 3, new byte[8 * 8 * 6], 16, 2, null)));
        assertNull(PngDecoder.decode(png(8, 8, 4, new byte[8 * 8 * 4], 8, 6, null)));
        assertNull(PngDecoder.decode(png(8, 8, 1, new byte[8 * 8], 8, 3, null)));
        byte[] interlaced = png(8, 8, 3, rgb, 8, 2, null);
        interlaced[8 + 8 + 12] = 1;
        assertNull(PngDecoder.decode(interlaced));
        assertNull(PngDecoder.decode(png(8, 8, 3, rgb, 8, 2, new byte[] {0, 100, 0, 100, 0, 100})));
        assertNull(PngDecoder.decode("not a PNG at all, just text".getBytes(StandardCharsets.US_ASCII)));
    }

    @Test
    void aTruncatedFileIsLeftToImageIOWhichSaysWhatIsMissing() throws IOException {
        byte[] whole = Files.readAllBytes(TestImages.SAMPLES.resolve("astronaut.png"));
        byte[] cut = Arrays.copyOf(whole, whole.length * 2 / 3);
        assertNull(PngDecoder.decode(cut));
        Path file = tmp.resolve("cut.png");
        Files.write(file, cut);
        // ImageIO reads what is there, with a warning (or fails with a message that names the file)
        try {
            ImagePlus imp = ImageFiles.open(file);
            assertEquals(1, ImageFiles.readWarnings(imp).size(), "a damaged-file warning");
        } catch (IOException e) {
            assertEquals(true, e.getMessage().startsWith(file.toString()), e.getMessage());
        }
        // an intact file goes the fast way, with the file's name as ImageJ gives it
        Path intact = tmp.resolve("intact.png");
        Files.write(intact, whole);
        ImagePlus imp = ImageFiles.open(intact);
        assertEquals("intact.png", imp.getTitle());
        assertEquals("intact.png", imp.getOriginalFileInfo().fileName);
        assertSamePixels(imageIO(whole), imp.getProcessor());
    }

    /**
     * A PNG of the given header fields; rows of 8-bit samples filtered with filter {@code row % 5}; {@code trns}
     * adds a transparency chunk; a text chunk comes first, the data is split into 3 IDAT chunks.
     */
    private static byte[] png(int w, int h, int channels, byte[] samples, int bitDepth, int colorType, byte[] trns)
            throws IOException {
        int bytesPerPixel = channels * bitDepth / 8;
        int rowBytes = w * bytesPerPixel;
        ByteArrayOutputStream raw = new ByteArrayOutputStream();
        byte[] above = new byte[rowBytes];
        for (int y = 0; y < h; y++) {
            byte[] row = Arrays.copyOfRange(samples, y * rowBytes, (y + 1) * rowBytes);
            int filter = y % 5;
            raw.write(filter);
            for (int i = 0; i < rowBytes; i++) {
                int a = i >= bytesPerPixel ? row[i - bytesPerPixel] & 0xff : 0;
                int b = above[i] & 0xff;
                int c = i >= bytesPerPixel ? above[i - bytesPerPixel] & 0xff : 0;
                int predicted;
                switch (filter) {
                    case 1: predicted = a; break;
                    case 2: predicted = b; break;
                    case 3: predicted = (a + b) / 2; break;
                    case 4: {
                        int p = a + b - c;
                        int pa = Math.abs(p - a);
                        int pb = Math.abs(p - b);
                        int pc = Math.abs(p - c);
                        predicted = pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
                        break;
                    }
                    default: predicted = 0;
                }
                raw.write((row[i] & 0xff) - predicted & 0xff);
            }
            above = row;
        }
        Deflater deflater = new Deflater();
        deflater.setInput(raw.toByteArray());
        deflater.finish();
        ByteArrayOutputStream z = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        while (!deflater.finished()) z.write(buf, 0, deflater.deflate(buf));
        deflater.end();
        byte[] data = z.toByteArray();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'});
        chunk(out, "IHDR", ByteBuffer.allocate(13).putInt(w).putInt(h).put((byte) bitDepth).put((byte) colorType)
                .put((byte) 0).put((byte) 0).put((byte) 0).array());
        if (colorType == 3) chunk(out, "PLTE", new byte[] {0, 0, 0, (byte) 255, (byte) 255, (byte) 255});
        if (trns != null) chunk(out, "tRNS", trns);
        chunk(out, "tEXt", "Comment\0a chunk the decoder skips".getBytes(StandardCharsets.ISO_8859_1));
        int third = data.length / 3;
        chunk(out, "IDAT", Arrays.copyOfRange(data, 0, third));
        chunk(out, "IDAT", Arrays.copyOfRange(data, third, 2 * third));
        chunk(out, "IDAT", Arrays.copyOfRange(data, 2 * third, data.length));
        chunk(out, "IEND", new byte[0]);
        return out.toByteArray();
    }

    private static void chunk(ByteArrayOutputStream out, String type, byte[] data) throws IOException {
        byte[] t = type.getBytes(StandardCharsets.US_ASCII);
        out.write(ByteBuffer.allocate(4).putInt(data.length).array());
        out.write(t);
        out.write(data);
        CRC32 crc = new CRC32();
        crc.update(t);
        crc.update(data);
        out.write(ByteBuffer.allocate(4).putInt((int) crc.getValue()).array());
    }
}
