package emotij.io;

import ij.IJ;
import ij.ImagePlus;
import ij.io.Opener;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.ImageProcessor;

import javax.imageio.ImageIO;
import javax.imageio.ImageReader;
import javax.imageio.stream.ImageInputStream;

import java.awt.image.BufferedImage;
import java.awt.image.DataBufferByte;
import java.awt.image.DataBufferInt;
import java.awt.image.PixelInterleavedSampleModel;
import java.awt.image.SinglePixelPackedSampleModel;
import java.awt.image.WritableRaster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/** Opens image files through ImageJ 1.x (every format it reads). */
public final class ImageFiles {

    /** ImageJ's file types that are no images, or not ones it can tell. */
    private static final Set<Integer> NOT_IMAGES = Set.of(Opener.UNKNOWN, Opener.TEXT, Opener.JAVA_OR_TEXT,
            Opener.TABLE, Opener.ROI, Opener.LUT, Opener.OJJ, Opener.RAW);

    /** The image property that holds {@link #readWarnings}. */
    private static final String READ_WARNINGS = "EmotiJ.readWarnings";

    /** TIFF files larger than this are opened as virtual stacks. */
    static final long VIRTUAL_ABOVE_BYTES = 256L << 20;

    private ImageFiles() {
    }

    /**
     * Opens one file; every failure is an IOException whose message names the file and the reason.
     * The result may be a stack; a virtual stack for AVI.
     */
    public static ImagePlus open(Path file) throws IOException {
        if (!Files.exists(file)) throw new IOException(file + ": file not found");
        if (!Files.isRegularFile(file)) throw new IOException(file + ": not a file");
        if (!Files.isReadable(file)) throw new IOException(file + ": not readable (check its permissions)");
        if (Files.size(file) == 0) throw new IOException(file + ": the file is empty (0 bytes)");
        int type = new Opener().getFileType(file.toString());
        if (NOT_IMAGES.contains(type)) {
            // ImageJ would report this with IJ.error, which aborts a running macro: say it here instead
            throw new IOException(file + ": cannot be read as an image (unsupported format or corrupt file)");
        }
        if (type == Opener.AVI || (type == Opener.TIFF && Files.size(file) > VIRTUAL_ABOVE_BYTES)) {
            // movies and large stacks are read plane by plane, never whole
            return openVirtual(file, type);
        }
        if (type == Opener.PNG || type == Opener.JPEG || type == Opener.BMP) {
            // decoded here, not by ImageJ's Opener, whose error reports abort a running macro
            ImageProcessor png = type == Opener.PNG && Files.size(file) < Integer.MAX_VALUE - 64
                    ? PngDecoder.decode(Files.readAllBytes(file)) : null;
            return png != null ? withFileInfo(new ImagePlus(file.getFileName().toString(), png), file) : openWithImageIO(file);
        }
        ImagePlus imp;
        synchronized (ImageFiles.class) {
            // ImageJ keeps its last error in a static field: read it under the same lock
            IJ.redirectErrorMessages();
            try {
                imp = IJ.openImage(file.toString());
            } catch (RuntimeException | OutOfMemoryError e) {
                throw new IOException(file + ": cannot be read as an image (" + e + ")", e);
            }
            if (imp == null) {
                String why = IJ.getErrorMessage();
                why = why == null || why.isBlank() ? "unsupported format or corrupt file"
                        : why.replace(file.toString(), "").replace("\n", " ").replace(":", "").trim();
                throw new IOException(file + ": cannot be read as an image (" + why + ")");
            }
        }
        return imp;
    }

    private static ImagePlus openVirtual(Path file, int type) throws IOException {
        ImagePlus imp;
        synchronized (ImageFiles.class) {
            IJ.redirectErrorMessages();
            try {
                imp = type == Opener.AVI ? ij.plugin.AVI_Reader.openVirtual(file.toString()) : IJ.openVirtual(file.toString());
            } catch (RuntimeException e) {
                throw new IOException(file + ": cannot be read as a movie or stack (" + e + ")", e);
            }
        }
        if (imp == null || imp.getStackSize() == 0) {
            throw new IOException(file + ": cannot be read as a movie or stack (unsupported encoding or corrupt file)");
        }
        return imp;
    }

    private static ImagePlus openWithImageIO(Path file) throws IOException {
        BufferedImage image;
        List<String> warnings = new ArrayList<>();
        try (ImageInputStream in = ImageIO.createImageInputStream(file.toFile())) {
            java.util.Iterator<ImageReader> readers = in == null ? null : ImageIO.getImageReaders(in);
            if (readers == null || !readers.hasNext()) {
                throw new IOException(file + ": cannot be read as an image (unsupported format or corrupt file)");
            }
            ImageReader reader = readers.next();
            try {
                reader.setInput(in, true, true);
                // a damaged file often decodes with warnings only (a truncated JPEG's missing part comes out gray)
                reader.addIIOReadWarningListener((source, warning) -> warnings.add(warning));
                image = reader.read(0);
            } finally {
                reader.dispose();
            }
        } catch (IOException | RuntimeException e) {
            if (e.getMessage() != null && e.getMessage().startsWith(file + ": ")) throw e;
            throw new IOException(file + ": cannot be read as an image (corrupt or truncated file: " + e.getMessage() + ")", e);
        }
        ImagePlus imp = withFileInfo(toImagePlus(file.getFileName().toString(), image), file);
        if (!warnings.isEmpty()) {
            imp.setProperty(READ_WARNINGS, List.of("the file is damaged (" + String.join("; ", warnings)
                    + "): it was analysed as far as it could be decoded, a missing part shows as flat gray or noise; "
                    + "use an intact copy of the file"));
        }
        return imp;
    }

    /** {@code imp}, which says it came from {@code file} (as ImageJ's Opener leaves it). */
    private static ImagePlus withFileInfo(ImagePlus imp, Path file) {
        ij.io.FileInfo fi = new ij.io.FileInfo();
        fi.fileName = file.getFileName().toString();
        fi.directory = file.toAbsolutePath().getParent() + java.io.File.separator;
        imp.setFileInfo(fi);
        return imp;
    }

    /**
     * Loads what reading and converting images needs (ImageIO's readers, ImageJ's classes): 0.2-0.5 s on first
     * use, so a command can do it while the networks start on another thread, and open its first file at once.
     */
    public static void loadReaders() {
        ImageIO.getImageReadersByFormatName("png");
        ImageIO.getImageReadersByFormatName("jpeg");
        new Opener();
        ImageConversion.plane(new ImagePlus("", new ColorProcessor(16, 16)), 1);
    }

    /**
     * The decoded image as ImageJ would make it with {@code new ImagePlus(title, image)}, the same pixels; 8-bit
     * RGB and gray rasters (what ImageIO makes of nearly every PNG and JPEG) are copied straight from their data
     * buffer, as ImagePlus grabs every pixel twice through a PixelGrabber (about 3 times slower per movie frame).
     */
    static ImagePlus toImagePlus(String title, BufferedImage image) {
        ImageProcessor ip = copiedRaster(image);
        return ip != null ? new ImagePlus(title, ip) : new ImagePlus(title, image);
    }

    /** The pixels of an 8-bit RGB or gray image in one plain raster, or null for any other kind of image. */
    private static ImageProcessor copiedRaster(BufferedImage image) {
        int w = image.getWidth();
        int h = image.getHeight();
        WritableRaster raster = image.getRaster();
        // a plain raster: the whole buffer, rows back to back, no offsets (ImageIO's own result)
        if (raster.getParent() != null || raster.getSampleModelTranslateX() != 0 || raster.getSampleModelTranslateY() != 0
                || raster.getDataBuffer().getNumBanks() != 1 || raster.getDataBuffer().getOffset() != 0) {
            return null;
        }
        int type = image.getType();
        if ((type == BufferedImage.TYPE_3BYTE_BGR || type == BufferedImage.TYPE_BYTE_GRAY)
                && raster.getSampleModel() instanceof PixelInterleavedSampleModel) {
            PixelInterleavedSampleModel sm = (PixelInterleavedSampleModel) raster.getSampleModel();
            int bands = type == BufferedImage.TYPE_3BYTE_BGR ? 3 : 1;
            int[] offsets = sm.getBandOffsets();
            boolean bgr = bands == 1 ? offsets[0] == 0 : offsets[0] == 2 && offsets[1] == 1 && offsets[2] == 0;
            if (!bgr || sm.getPixelStride() != bands || sm.getScanlineStride() != w * bands) return null;
            byte[] data = ((DataBufferByte) raster.getDataBuffer()).getData();
            if (bands == 1) return new ByteProcessor(w, h, java.util.Arrays.copyOf(data, w * h));
            int[] rgb = new int[w * h];
            for (int i = 0, j = 0; i < rgb.length; i++, j += 3) {
                // opaque, as ImageJ's PixelGrabber copy is
                rgb[i] = 0xff000000 | (data[j + 2] & 0xff) << 16 | (data[j + 1] & 0xff) << 8 | (data[j] & 0xff);
            }
            return new ColorProcessor(w, h, rgb);
        }
        if (type == BufferedImage.TYPE_INT_RGB && raster.getSampleModel() instanceof SinglePixelPackedSampleModel
                && ((SinglePixelPackedSampleModel) raster.getSampleModel()).getScanlineStride() == w) {
            int[] data = ((DataBufferInt) raster.getDataBuffer()).getData();
            int[] rgb = new int[w * h];
            for (int i = 0; i < rgb.length; i++) rgb[i] = 0xff000000 | (data[i] & 0xffffff);
            return new ColorProcessor(w, h, rgb);
        }
        return null;
    }

    /**
     * What went wrong while reading a file that could still be opened (a truncated JPEG...), one text per problem
     * to show as a warning; empty for a sound file or an image not opened by {@link #open}.
     */
    @SuppressWarnings("unchecked")
    public static List<String> readWarnings(ImagePlus imp) {
        Object w = imp.getProperty(READ_WARNINGS);
        return w instanceof List ? (List<String>) w : List.of();
    }
}
