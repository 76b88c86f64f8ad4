package emotij.dataset;

import emotij.classify.Emotion;
import emotij.classify.FaceCrop;
import emotij.image.ImageChecks;
import emotij.image.InvalidImageException;
import emotij.image.PixelImage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * A training set for an expression classifier: either the SFEW 2.0 layout (a root with {@code Train/} and
 * {@code Val/}, optionally {@code Test/}, each with one folder per emotion), or one folder of class folders, of
 * which a fraction is held out for validation (whole groups, see {@link Grouping}). Images are face
 * crops (as SFEW ships them) or whole frames, from which a {@link FaceFinder} takes the largest face. Unreadable
 * files are listed and skipped.
 */
public final class ExpressionDataset {

    /** Reads one image file into pixels (the ImageJ layer reads every format ImageJ opens; the core uses ImageIO). */
    public interface ImageReader {
        PixelImage read(Path file) throws IOException;
    }

    /** Finds the face to learn from in a whole frame: the largest one, or null when there is none. */
    public interface FaceFinder {
        FaceCrop largestFace(PixelImage image);
    }

    private final Path root;
    private final List<FaceSample> train;
    private final List<FaceSample> val;
    private final boolean heldOutValidation;
    private final List<String> skipped;
    private final Grouping grouping;

    private ExpressionDataset(Path root, List<FaceSample> train, List<FaceSample> val, boolean heldOutValidation,
                              List<String> skipped, Grouping grouping) {
        this.root = root;
        this.grouping = grouping;
        this.train = train;
        this.val = val;
        this.heldOutValidation = heldOutValidation;
        this.skipped = skipped;
    }

    /** Whether {@code root} has the SFEW layout (a {@code Train} folder, any case). */
    public static boolean isSplitLayout(Path root) throws IOException {
        return split(root, "train") != null;
    }

    /**
     * Reads the dataset at {@code root}.
     *
     * @param validationFraction for a plain folder of class folders: the part held out as validation
     * @param faces              null when the images are face crops; else finds the face in each whole frame
     * @param grouping           which faces belong together (a movie): splits keep them on one side
     * @param log                one line per split with its counts, and one per skipped file
     * @param cancelled          checked between images
     * @throws IOException naming the folder and what is wrong: missing, no Train or Val, empty or misnamed class
     *                     folders, no readable image
     */
    public static ExpressionDataset read(Path root, double validationFraction, ImageReader reader, FaceFinder faces,
                                         Grouping grouping, long seed, Consumer<String> log, BooleanSupplier cancelled)
            throws IOException {
        if (!Files.isDirectory(root)) throw new IOException("Dataset folder not found: " + root);
        List<String> skipped = new ArrayList<>();
        Path trainDir = split(root, "train");
        if (trainDir != null) {
            Path valDir = split(root, "val");
            if (valDir == null) {
                throw new IOException("Dataset folder " + root + " has a Train folder but no Val folder: the SFEW layout "
                        + "needs both (or point at a single folder of class folders to hold out a validation part)");
            }
            List<FaceSample> train = load(LabelledImageFolder.read(trainDir), reader, faces, grouping, skipped, log, cancelled);
            List<FaceSample> val = load(LabelledImageFolder.read(valDir), reader, faces, grouping, skipped, log, cancelled);
            log.accept("grouping of Train " + grouping.describe() + ": " + Splits.describeGroups(train));
            return new ExpressionDataset(root, train, val, false, skipped, grouping);
        }
        Path valDir = split(root, "val");
        if (valDir != null) {
            throw new IOException("Dataset folder " + root + " has a Val folder but no Train folder");
        }
        if (!(validationFraction > 0 && validationFraction < 1)) {
            throw new IOException("validation fraction must be between 0 and 1, not " + validationFraction);
        }
        List<FaceSample> all = load(LabelledImageFolder.read(root), reader, faces, grouping, skipped, log, cancelled);
        log.accept("grouping " + grouping.describe() + ": " + Splits.describeGroups(all));
        List<List<FaceSample>> parts;
        try {
            parts = Splits.holdOut(all, validationFraction, seed);
        } catch (IllegalArgumentException e) {
            throw new IOException("Dataset folder " + root + ": " + e.getMessage(), e);
        }
        log.accept("held out " + parts.get(1).size() + " images (" + Math.round(validationFraction * 100)
                + "% asked; " + Splits.groupCount(parts.get(1)) + " whole groups) as validation");
        return new ExpressionDataset(root, parts.get(0), parts.get(1), true, skipped, grouping);
    }

    private static Path split(Path root, String name) throws IOException {
        try (Stream<Path> s = Files.list(root)) {
            return s.filter(Files::isDirectory).filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).equals(name))
                    .findFirst().orElse(null);
        }
    }

    private static List<FaceSample> load(LabelledImageFolder folder, ImageReader reader, FaceFinder faces,
                                         Grouping grouping, List<String> skipped, Consumer<String> log, BooleanSupplier cancelled)
            throws IOException {
        List<FaceSample> out = new ArrayList<>();
        Map<Emotion, Integer> counts = new EnumMap<>(Emotion.class);
        for (LabelledImageFolder.Sample s : folder.samples()) {
            if (cancelled.getAsBoolean()) throw new java.util.concurrent.CancellationException("reading the dataset was cancelled");
            String name = folder.root().getParent() == null ? s.file.getFileName().toString()
                    : folder.root().getParent().relativize(s.file).toString();
            try {
                PixelImage img = reader.read(s.file);
                ImageChecks.requireUsable(img, name);
                FaceCrop crop = faces == null ? FaceCrop.wholeImage(img) : faces.largestFace(img);
                if (crop == null) {
                    skipped.add(name + ": no face found");
                    log.accept("skipped " + name + ": no face found");
                    continue;
                }
                out.add(new FaceSample(crop, s.label, grouping.groupOf(s.file.getFileName().toString()), name));
                counts.merge(s.label, 1, Integer::sum);
            } catch (IOException | InvalidImageException | RuntimeException e) {
                skipped.add(name + ": " + e.getMessage());
                log.accept("skipped " + name + ": " + e.getMessage());
            }
        }
        if (out.isEmpty()) throw new IOException("Dataset folder " + folder.root() + " has no readable image");
        log.accept(folder.root() + ": " + describe(counts));
        return out;
    }

    /** e.g. {@code angry 170, disgust 50, ... (860 faces)} */
    public static String describe(Map<Emotion, Integer> counts) {
        StringBuilder s = new StringBuilder();
        int total = 0;
        for (Map.Entry<Emotion, Integer> c : counts.entrySet()) {
            if (s.length() > 0) s.append(", ");
            s.append(c.getKey().label().toLowerCase(Locale.ROOT)).append(' ').append(c.getValue());
            total += c.getValue();
        }
        return s.append(" (").append(total).append(" faces)").toString();
    }

    public static Map<Emotion, Integer> counts(List<FaceSample> samples) {
        Map<Emotion, Integer> c = new EnumMap<>(Emotion.class);
        for (FaceSample s : samples) c.merge(s.label, 1, Integer::sum);
        return c;
    }

    public Path root() {
        return root;
    }

    public List<FaceSample> train() {
        return Collections.unmodifiableList(train);
    }

    /**
     * The faces to cross-validate on: Train, or, for a plain folder of class folders, all of them (the held-out
     * part is Train's too).
     */
    public List<FaceSample> crossValidationFaces() {
        if (!heldOutValidation) return train();
        List<FaceSample> all = new ArrayList<>(train);
        all.addAll(val);
        return Collections.unmodifiableList(all);
    }

    /** The dataset's {@code Val/} split, or the held-out part of a plain folder. */
    public List<FaceSample> val() {
        return Collections.unmodifiableList(val);
    }

    /** True when {@link #val()} was held out of a plain folder rather than read from {@code Val/}. */
    public boolean heldOutValidation() {
        return heldOutValidation;
    }

    /** How the faces are grouped for splits. */
    public Grouping grouping() {
        return grouping;
    }

    /** Files skipped, each with the reason. */
    public List<String> skipped() {
        return Collections.unmodifiableList(skipped);
    }

    /** Reads PNG, JPEG, BMP and GIF with ImageIO (no ImageJ needed). */
    public static PixelImage readWithImageIO(Path file) throws IOException {
        java.awt.image.BufferedImage image;
        try {
            image = javax.imageio.ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new IOException("cannot be read as an image (corrupt or truncated file: " + e.getMessage() + ")", e);
        }
        if (image == null) throw new IOException("cannot be read as an image (unsupported format or corrupt file)");
        int w = image.getWidth();
        int h = image.getHeight();
        if (image.getType() == java.awt.image.BufferedImage.TYPE_BYTE_GRAY) {
            byte[] px = ((java.awt.image.DataBufferByte) image.getRaster().getDataBuffer()).getData();
            return PixelImage.ofGray8(px.clone(), w, h);
        }
        return PixelImage.ofRgb(image.getRGB(0, 0, w, h, null, 0, w), w, h);
    }

    /** A shuffled copy (fixed seed). */
    static <T> List<T> shuffled(List<T> list, long seed) {
        List<T> copy = new ArrayList<>(list);
        Collections.shuffle(copy, new Random(seed));
        return copy;
    }
}
