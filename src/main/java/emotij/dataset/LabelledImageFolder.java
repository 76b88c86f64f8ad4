package emotij.dataset;

import emotij.classify.Emotion;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * A folder with one subfolder per emotion (names as in FER-2013 or SFEW, any case: {@code angry}, {@code Angry},
 * {@code anger}...), each holding that class's images. Lists the images; reading them is the caller's business.
 */
public final class LabelledImageFolder {

    /** One image file and its class. */
    public static final class Sample {
        public final Path file;
        public final Emotion label;

        public Sample(Path file, Emotion label) {
            this.file = file;
            this.label = label;
        }
    }

    private final Path root;
    private final List<Sample> samples;
    private final Map<Emotion, Integer> counts;

    private LabelledImageFolder(Path root, List<Sample> samples, Map<Emotion, Integer> counts) {
        this.root = root;
        this.samples = samples;
        this.counts = counts;
    }

    /**
     * Reads the layout of {@code root}.
     *
     * @throws IOException naming the folder and the problem: missing, no class folders, a subfolder that is not
     *                     an emotion, two folders of one emotion, an empty class folder
     */
    public static LabelledImageFolder read(Path root) throws IOException {
        if (!Files.isDirectory(root)) {
            throw new IOException("Dataset folder not found: " + root);
        }
        List<Path> classDirs = new ArrayList<>();
        try (Stream<Path> s = Files.list(root)) {
            s.filter(Files::isDirectory).filter(p -> !p.getFileName().toString().startsWith(".")).sorted().forEach(classDirs::add);
        }
        if (classDirs.isEmpty()) {
            throw new IOException("Dataset folder " + root + " has no class subfolders: expected one folder per "
                    + "emotion (" + String.join(", ", Emotion.labels()) + ")");
        }
        List<Sample> samples = new ArrayList<>();
        Map<Emotion, Integer> counts = new EnumMap<>(Emotion.class);
        Map<Emotion, Path> seen = new EnumMap<>(Emotion.class);
        for (Path dir : classDirs) {
            String name = dir.getFileName().toString();
            Emotion e = Emotion.parse(name);
            if (e == null) {
                throw new IOException("Dataset folder " + root + ": subfolder '" + name + "' is not an emotion; "
                        + "class folders must be named " + String.join(", ", Emotion.labels()) + " (any case)");
            }
            if (seen.containsKey(e)) {
                throw new IOException("Dataset folder " + root + ": both '" + seen.get(e).getFileName() + "' and '"
                        + name + "' name the class " + e.label());
            }
            seen.put(e, dir);
            List<Path> files = new ArrayList<>();
            try (Stream<Path> s = Files.list(dir)) {
                s.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                        .sorted().forEach(files::add);
            }
            if (files.isEmpty()) {
                throw new IOException("Dataset folder " + root + ": class folder '" + name + "' is empty");
            }
            for (Path f : files) samples.add(new Sample(f, e));
            counts.put(e, files.size());
        }
        return new LabelledImageFolder(root, samples, counts);
    }

    public Path root() {
        return root;
    }

    public List<Sample> samples() {
        return samples;
    }

    /** Number of files per class present. */
    public Map<Emotion, Integer> counts() {
        return counts;
    }

    /** e.g. {@code angry 467, disgust 56, ...} */
    public String describeCounts() {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<Emotion, Integer> c : counts.entrySet()) {
            if (s.length() > 0) s.append(", ");
            s.append(c.getKey().label()).append(' ').append(c.getValue());
        }
        return s.append(" (").append(samples.size()).append(" images)").toString().toLowerCase(Locale.ROOT);
    }
}
