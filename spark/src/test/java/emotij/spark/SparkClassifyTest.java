package emotij.spark;

import emotij.cli.EmotiJCli;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.process.ImageProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The Spark job in local mode (the embedded master, 2 threads) against {@code bin/emotij classify}'s code on the
 * same inputs: the same rows, byte for byte (the same batch code runs on the same models in one JVM), a bad file
 * reported while the others are written, and a re-run that rewrites the same files.
 */
class SparkClassifyTest {

    private static final Path SAMPLES = Paths.get("sample-images");
    private static final String LOCAL = "local[2]";

    @TempDir
    static Path dir;
    /** Three single-face sample images and a small movie of one of them moving. */
    private static List<String> inputs;

    @BeforeAll
    static void fixtures() throws IOException {
        Path images = Files.createDirectories(dir.resolve("images"));
        for (String name : List.of("cameraman.png", "woman_portrait.jpg", "model_face.jpg")) {
            Files.copy(SAMPLES.resolve(name), images.resolve(name));
        }
        Path movie = dir.resolve("movie.tif");
        writeMovie(movie, 6);
        inputs = List.of(images.toString(), movie.toString());
    }

    /** The cameraman, shifted 6 pixels per frame: one face to track. */
    private static void writeMovie(Path file, int frames) {
        ImageProcessor face = IJ.openImage(SAMPLES.resolve("cameraman.png").toString()).getProcessor();
        ImageStack stack = new ImageStack(548, 512);
        for (int f = 0; f < frames; f++) {
            ImageProcessor frame = face.createProcessor(548, 512);
            frame.insert(face, 6 * f, 0);
            stack.addSlice(frame);
        }
        assertTrue(IJ.saveAsTiff(new ImagePlus("movie", stack), file.toString()));
    }

    @Test
    void sameRowsAsTheCommandLine() throws IOException {
        Path cli = dir.resolve("cli");
        Path spark = dir.resolve("spark");
        assertEquals(0, cli(args(inputs, cli)));
        assertEquals(0, spark(args(inputs, spark)));
        assertSameFiles(cli, spark);
        // the movie's rows are there: one face in each of its 6 frames
        assertEquals(6, Files.readAllLines(spark.resolve("results.csv")).stream().filter(l -> l.startsWith("movie.tif,")).count());
    }

    @Test
    void sameRowsAndTracksAsTheCommandLineWithTracking() throws IOException {
        Path cli = dir.resolve("cli-track");
        Path spark = dir.resolve("spark-track");
        assertEquals(0, cli(args(inputs, cli, "--track", "--min-track", "2")));
        assertEquals(0, spark(args(inputs, spark, "--track", "--min-track", "2")));
        assertSameFiles(cli, spark);
        List<String> tracks = Files.readAllLines(spark.resolve("tracks.csv"));
        assertTrue(tracks.stream().anyMatch(l -> l.startsWith("movie.tif,1,1,6,")), String.join("\n", tracks));
    }

    @Test
    void aBadFileIsReportedAndTheOthersAreWritten() throws IOException {
        // a.png, b.png (no image), c.jpg, c.png: the bad file in the middle of the order
        Path mixed = Files.createDirectories(dir.resolve("mixed"));
        Files.copy(SAMPLES.resolve("cameraman.png"), mixed.resolve("a.png"));
        Files.write(mixed.resolve("b.png"), "not an image".getBytes(StandardCharsets.UTF_8));
        Files.copy(SAMPLES.resolve("model_face.jpg"), mixed.resolve("c.jpg"));
        // two inputs named alike: their annotated copies are c_annotated.png and c_2_annotated.png, as in a batch
        Files.copy(SAMPLES.resolve("woman_portrait.jpg"), mixed.resolve("c.png"));
        Path cli = dir.resolve("cli-bad");
        Path spark = dir.resolve("spark-bad");
        assertEquals(1, cli(args(List.of(mixed.toString()), cli)));
        assertEquals(1, spark(args(List.of(mixed.toString()), spark)));
        assertSameFiles(cli, spark);
        String summary = Files.readString(spark.resolve("summary.txt"));
        assertTrue(summary.startsWith("4 images (3 planes), 3 faces"), summary);
        assertTrue(summary.contains("failed 1:\n  b.png: "), summary);
        assertTrue(Files.exists(spark.resolve("c_2_annotated.png")), "numbered like the batch's: " + fileNames(spark));
        List<String> rows = Files.readAllLines(spark.resolve("results.csv"));
        assertEquals(List.of("a.png", "c.jpg", "c.png"), rows.stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).collect(Collectors.toList()));
    }

    @Test
    void aRerunRewritesTheSameFiles() throws IOException {
        Path out = dir.resolve("rerun");
        assertEquals(0, spark(args(inputs, out)));
        byte[] firstResults = Files.readAllBytes(out.resolve("results.csv"));
        List<String> firstFiles = fileNames(out);
        // an attempt that died before publishing, and a part left by an earlier run: neither may reach the results
        Path parts = Files.createDirectories(out.resolve(PartsFolder.PARTS));
        Files.createDirectories(parts.resolve(".00000000-dead-attempt"));
        Path stale = Files.createDirectories(parts.resolve(new FileToClassify(0, "x", "x").partName()));
        Files.writeString(stale.resolve(PartsFolder.RESULTS_CSV), "image,slice\nstale.png,1\n");
        assertEquals(0, spark(args(inputs, out)));
        assertArrayEquals(firstResults, Files.readAllBytes(out.resolve("results.csv")));
        assertEquals(firstFiles, fileNames(out));
        assertFalse(Files.exists(out.resolve(PartsFolder.PARTS)), "parts/ is removed after the merge");
    }

    @Test
    void aFailedJobListsTheFilesItDidNotClassify() throws IOException {
        // a file where the tasks must write their parts: every task fails, so the job does
        Path out = Files.createDirectories(dir.resolve("failed-job"));
        Files.writeString(out.resolve(PartsFolder.PARTS), "in the way");
        assertEquals(1, spark(args(List.of(SAMPLES.resolve("cameraman.png").toString()), out)));
        String summary = Files.readString(out.resolve("summary.txt"));
        assertTrue(summary.contains("failed 1:\n  cameraman.png: not classified: the Spark job failed: "), summary);
        assertEquals(1, Files.readAllLines(out.resolve("results.csv")).size(), "the header alone");
    }

    @Test
    void aStoppedRunKeepsTheFilesItFinished() throws IOException {
        // what the driver does on Ctrl-C: the parts published so far are merged, the rest left out
        Path out = dir.resolve("stopped");
        Files.createDirectories(out);
        List<FileToClassify> files = new ArrayList<>();
        for (String name : List.of("cameraman.png", "woman_portrait.jpg", "model_face.jpg")) {
            files.add(new FileToClassify(files.size(), SAMPLES.resolve(name).toAbsolutePath().toString(), name));
        }
        String[] options = {"--out", out.toString(), "--no-images", "unused-input"};
        FileTask task = new FileTask(options, Paths.get("").toAbsolutePath(), out);
        PartsFolder.startRun(out);
        task.call(files.subList(0, 2));
        PartsFolder.merge(out, files, false, true, null, 1.0);
        String summary = Files.readString(out.resolve("summary.txt"));
        assertTrue(summary.startsWith("2 images (2 planes), 2 faces") && summary.contains("cancelled after 2 of 3 images"), summary);
        List<String> rows = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(List.of("cameraman.png", "woman_portrait.jpg"), rows.stream().skip(1).map(l -> l.substring(0, l.indexOf(','))).collect(Collectors.toList()));
    }

    @Test
    void filesGoToTasksInInputOrderAndWhole() {
        List<FileToClassify> files = new ArrayList<>();
        for (int i = 0; i < 203; i++) files.add(new FileToClassify(i, "f" + i, "f" + i));
        // by default 4 tasks per core: 2 cores, 8 tasks of 26 files (the last one 21)
        List<List<FileToClassify>> tasks = SparkClassify.tasks(files, 0, 2);
        assertEquals(8, tasks.size());
        assertEquals(files, tasks.stream().flatMap(List::stream).collect(Collectors.toList()));
        assertEquals(203, SparkClassify.tasks(files, 1, 2).size());
        assertEquals(1, SparkClassify.tasks(files.subList(0, 3), 0, 64).get(0).size());
    }

    private static String[] args(List<String> in, Path out, String... options) {
        List<String> a = new ArrayList<>(List.of("classify"));
        a.addAll(in);
        a.addAll(List.of("--out", out.toString()));
        a.addAll(List.of(options));
        return a.toArray(new String[0]);
    }

    private static int cli(String[] args) {
        return EmotiJCli.run(args, new PrintStream(new ByteArrayOutputStream()), new PrintStream(new ByteArrayOutputStream()));
    }

    private static int spark(String[] args) {
        List<String> a = new ArrayList<>(List.of(args));
        a.addAll(List.of("--master", LOCAL));
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        try {
            return SparkClassify.run(a.toArray(new String[0]), new PrintStream(new ByteArrayOutputStream()), new PrintStream(err));
        } catch (Exception e) {
            throw new AssertionError("emotij-spark failed: " + e + "\n" + err, e);
        }
    }

    /** The same results.csv and tracks.csv, byte for byte, and the same annotated images (by name). */
    private static void assertSameFiles(Path cli, Path spark) throws IOException {
        assertEquals(fileNames(cli), fileNames(spark));
        for (String table : List.of("results.csv", "tracks.csv")) {
            if (Files.exists(cli.resolve(table))) {
                assertEquals(Files.readString(cli.resolve(table)), Files.readString(spark.resolve(table)), table);
            }
        }
        // the summaries agree but for the time and the folder
        assertEquals(summaryBody(cli), summaryBody(spark));
    }

    private static List<String> summaryBody(Path out) throws IOException {
        List<String> lines = Files.readAllLines(out.resolve("summary.txt"));
        List<String> body = new ArrayList<>();
        body.add(lines.get(0).replaceAll(" in [0-9.]+ s$", ""));
        for (String l : lines.subList(1, lines.size())) {
            if (!l.startsWith("results: ")) body.add(l);
        }
        return body;
    }

    private static List<String> fileNames(Path dir) throws IOException {
        try (Stream<Path> list = Files.list(dir)) {
            return list.map(p -> p.getFileName().toString()).sorted().collect(Collectors.toList());
        }
    }
}
