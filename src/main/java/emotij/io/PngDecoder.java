package emotij.io;

import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Decodes the PNG files that movie frames and photos nearly always are (8-bit gray or RGB, not interlaced, no
 * transparency) straight into ImageJ's pixel arrays: 2-3 times faster than ImageIO, whose reader goes through
 * rasters (about a quarter of the work on a 720x576 frame). Every other file, and any file this decoder finds
 * anything wrong with, is left to ImageIO ({@link #decode} gives null), so that damaged files get ImageIO's
 * warnings and errors. The pixels are ImageIO's: gamma and colour profile chunks are not applied, as ImageIO does
 * not apply them either.
 */
final class PngDecoder {

    private static final byte[] SIGNATURE = {(byte) 0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    private static final int GRAY = 0;
    private static final int RGB = 2;

    private PngDecoder() {
    }

    /** The image in {@code png}, or null where ImageIO must read it (see the class comment). */
    static ImageProcessor decode(byte[] png) {
        try {
            return decodeOrNull(png);
        } catch (DataFormatException | RuntimeException damaged) {
            return null;
        }
    }

    private static ImageProcessor decodeOrNull(byte[] png) throws DataFormatException {
        if (png.length < SIGNATURE.length + 25) return null;
        for (int i = 0; i < SIGNATURE.length; i++) if (png[i] != SIGNATURE[i]) return null;
        int pos = SIGNATURE.length;
        if (int32(png, pos) != 13 || !type(png, pos, "IHDR")) return null;
        int width = int32(png, pos + 8);
        int height = int32(png, pos + 12);
        int bitDepth = png[pos + 16] & 0xff;
        int colorType = png[pos + 17] & 0xff;
        int interlace = png[pos + 20] & 0xff;
        if (bitDepth != 8 || (colorType != GRAY && colorType != RGB) || interlace != 0) return null;
        if (width <= 0 || height <= 0 || (long) width * height > Integer.MAX_VALUE / 4) return null;
        int channels = colorType == RGB ? 3 : 1;
        int rowBytes = width * channels;
        pos += 8 + 13 + 4;
        Inflater inflater = new Inflater();
        try {
            // a row: its filter type, then its bytes; the row above is kept unfiltered for the next one's filter
            byte[] row = new byte[rowBytes + 1];
            byte[] prior = new byte[rowBytes + 1];
            int[] rgb = channels == 3 ? new int[width * height] : null;
            byte[] gray = channels == 1 ? new byte[width * height] : null;
            int filled = 0;
            for (int y = 0; y < height; ) {
                if (inflater.needsInput()) {
                    // the next image data chunk; anything else before it is skipped, a transparency chunk sent to ImageIO
                    int[] chunk = nextDataChunk(png, pos);
                    if (chunk == null) return null;
                    pos = chunk[1];
                    inflater.setInput(png, chunk[0], chunk[1] - 4 - chunk[0]);
                    continue;
                }
                int n = inflater.inflate(row, filled, row.length - filled);
                if (n == 0 && (inflater.finished() || inflater.needsDictionary())) return null;
                filled += n;
                if (filled < row.length) continue;
                if (!unfilter(row, prior, channels)) return null;
                if (rgb != null) {
                    for (int x = 0, i = 1, o = y * width; x < width; x++, i += 3) {
                        // opaque, as ImageJ's own copy of a BufferedImage is
                        rgb[o + x] = 0xff000000 | (row[i] & 0xff) << 16 | (row[i + 1] & 0xff) << 8 | (row[i + 2] & 0xff);
                    }
                } else {
                    System.arraycopy(row, 1, gray, y * width, width);
                }
                byte[] unfiltered = row;
                row = prior;
                prior = unfiltered;
                filled = 0;
                y++;
            }
            // more image data than the rows hold is a damaged file, for ImageIO to report
            if (!inflater.finished() && inflater.inflate(new byte[1]) != 0) return null;
            return rgb != null ? new ColorProcessor(width, height, rgb) : new ByteProcessor(width, height, gray);
        } finally {
            inflater.end();
        }
    }

    /**
     * From {@code pos} (a chunk's start), the next IDAT chunk: {start of its data, start of the chunk after it}, or
     * null where a chunk that changes the pixels (transparency, palette) or the end comes first, or the file ends.
     */
    private static int[] nextDataChunk(byte[] png, int pos) {
        while (pos + 12 <= png.length) {
            int length = int32(png, pos);
            if (length < 0 || pos + 12L + length > png.length) return null;
            if (type(png, pos, "IDAT")) return new int[] {pos + 8, pos + 12 + length};
            if (type(png, pos, "tRNS") || type(png, pos, "PLTE") || type(png, pos, "IEND")) return null;
            pos += 12 + length;
        }
        return null;
    }

    /**
     * Undoes the filter of {@code row} (its filter type, then its bytes) in place, against {@code prior} (the row
     * above, unfiltered, the same layout; zeros above the first row); false for an unknown filter.
     */
    private static boolean unfilter(byte[] row, byte[] prior, int bpp) {
        int n = row.length;
        switch (row[0]) {
            case 0:
                return true;
            case 1:
                for (int i = 1 + bpp; i < n; i++) row[i] += row[i - bpp];
                return true;
            case 2:
                for (int i = 1; i < n; i++) row[i] += prior[i];
                return true;
            case 3:
                for (int i = 1; i < n; i++) {
                    int left = i > bpp ? row[i - bpp] & 0xff : 0;
                    row[i] += (byte) ((left + (prior[i] & 0xff)) >> 1);
                }
                return true;
            case 4:
                for (int i = 1; i < n; i++) {
                    int left = i > bpp ? row[i - bpp] & 0xff : 0;
                    int aboveLeft = i > bpp ? prior[i - bpp] & 0xff : 0;
                    row[i] += (byte) paeth(left, prior[i] & 0xff, aboveLeft);
                }
                return true;
            default:
                return false;
        }
    }

    private static int paeth(int a, int b, int c) {
        int p = a + b - c;
        int pa = Math.abs(p - a);
        int pb = Math.abs(p - b);
        int pc = Math.abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }

    private static int int32(byte[] b, int pos) {
        return (b[pos] & 0xff) << 24 | (b[pos + 1] & 0xff) << 16 | (b[pos + 2] & 0xff) << 8 | (b[pos + 3] & 0xff);
    }

    private static boolean type(byte[] b, int pos, String type) {
        for (int i = 0; i < 4; i++) if (b[pos + 4 + i] != type.charAt(i)) return false;
        return true;
    }
}
