package emotij.macros;

import emotij.testing.TestImages;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ImageProcessor;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The macros in {@code macros/} and recorded option strings, run headlessly by {@code bin/emotij macro} (ImageJ
 * 1.x patched for headless mode, with the packaged plugin jar installed), as a user would. Runs after
 * {@code mvn package} (failsafe).
 */
class MacrosIT {

    @TempDir
    static Path tmp;
    private static Path movie;

    /** Output (stdout and stderr) of one bin/emotij call; fails on a hang. */
    static String emotij(String... args) throws IOException, InterruptedException {
        return emotijWithJavaOptions(null, args);
    }

    static String emotijWithJavaOptions(String javaOptions, String... args) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", "bin/emotij"));
        cmd.addAll(List.of(args));
        Path log = Files.createTempFile(tmp, "out", ".txt");
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        if (javaOptions != null) pb.environment().put("EMOTIJ_JAVA_OPTS", javaOptions);
        Process p = pb.start();
        if (!p.waitFor(240, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("bin/emotij " + String.join(" ", args) + " hung:\n" + Files.readString(log));
        }
        return Files.readString(log, StandardCharsets.UTF_8);
    }

    /** A 10-frame TIFF stack of the two Laos faces moving right, 8 pixels a frame. */
    @BeforeAll
    static void makeMovie() {
        ImagePlus laos = IJ.openImage(TestImages.SAMPLES.resolve("laos_two_people.jpg").toString());
        ImageProcessor ip = laos.getProcessor();
        ip.setInterpolationMethod(ImageProcessor.BILINEAR);
        ImageProcessor small = ip.resize(640, 427, true);
        ImageStack stack = new ImageStack(640, 480);
        for (int f = 0; f < 10; f++) {
            ImageProcessor frame = small.createProcessor(640, 480);
            frame.insert(small, f * 8 - 40, 26);
            stack.addSlice("frame " + (f + 1), frame);
        }
        movie = tmp.resolve("movie.tif");
        new FileSaver(new ImagePlus("movie", stack)).saveAsTiffStack(movie.toString());
    }

    @Test
    void classifyFolderSkipsABadFileAndWritesTheCsvOfTheRest() throws Exception {
        Path in = Files.createDirectories(tmp.resolve("folder"));
        Files.copy(TestImages.SAMPLES.resolve("astronaut.png"), in.resolve("a.png"));
        Files.writeString(in.resolve("b_broken.jpg"), "not a JPEG");
        byte[] png = Files.readAllBytes(TestImages.SAMPLES.resolve("cameraman.png"));
        Files.write(in.resolve("c_truncated.png"), java.util.Arrays.copyOf(png, 5000));
        Files.copy(TestImages.SAMPLES.resolve("laos_two_people.jpg"), in.resolve("d.jpg"));
        Path out = tmp.resolve("folder-out");
        String log = emotij("macro", "macros/classify_folder.ijm", "input=" + in + " output=" + out);
        assertTrue(log.contains("EmotiJ: results in"), "the macro ran to its end:\n" + log);
        List<String> rows = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(4, rows.size(), "header + 1 + 2 faces: " + rows);
        String summary = Files.readString(out.resolve("summary.txt"));
        assertTrue(summary.contains("b_broken.jpg: cannot be read as an image"), summary);
        assertTrue(summary.contains("c_truncated.png: cannot be read as an image"), summary);
        assertTrue(Files.exists(out.resolve("d_annotated.png")));
    }

    @Test
    void classifyMovieGivesTheSameRowsAsTheCommandLine() throws Exception {
        Path csv = tmp.resolve("movie-macro.csv");
        String log = emotij("macro", "macros/classify_movie.ijm", "input=" + movie + " output=" + csv);
        assertTrue(log.contains("20 faces in 10 planes"), log);
        Path cliOut = tmp.resolve("movie-cli");
        emotij("classify", movie.toString(), "--out", cliOut.toString(), "--no-images");
        List<String[]> macroRows = rows(csv);
        List<String[]> cliRows = rows(cliOut.resolve("results.csv"));
        assertEquals(cliRows.size(), macroRows.size());
        int mSlice = column(csv, "slice");
        int mX = column(csv, "x");
        int mEmotion = column(csv, "emotion");
        for (int i = 0; i < cliRows.size(); i++) {
            String[] c = cliRows.get(i);
            String[] m = macroRows.get(i);
            assertEquals(c[1], m[mSlice], "slice of row " + i);
            // both print x to 0.1 pixel; the CLI detects 8 frames at a time, the macro one, and another batch size's
            // float kernels (about 1e-6 of the image's width) can tip the last printed digit: one step, and the
            // decimal parsing's rounding on top
            assertEquals(Double.parseDouble(c[3]), Double.parseDouble(m[mX]), 0.1 * (1 + 1e-9), "x of row " + i);
            assertEquals(c[8], m[mEmotion], "emotion of row " + i);
        }
    }

    @Test
    void classifyMovieReadsAnAviAsAVirtualStackAndTracksItsFaces() throws Exception {
        Path avi = tmp.resolve("movie.avi");
        new ij.plugin.filter.AVI_Writer().writeImage(IJ.openImage(movie.toString()), avi.toString(),
                ij.plugin.filter.AVI_Writer.JPEG_COMPRESSION, 90);
        Path csv = tmp.resolve("avi.csv");
        String log = emotij("macro", "macros/classify_movie.ijm", "input=" + avi + " output=" + csv + " track=true");
        assertTrue(log.contains("20 faces in 10 planes") && log.contains("2 tracks"), log);
        int track = column(csv, "track");
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (String[] row : rows(csv)) ids.add(row[track]);
        assertEquals(java.util.Set.of("1", "2"), ids);
    }

    @Test
    void trainClassifierMacroSavesAModelThatClassifyExpressionsUses() throws Exception {
        Path data = emotij.testing.SfewLayout.build(TestImages.FER_SAMPLE, tmp.resolve("macro-sfew"), 4, 2);
        Path model = tmp.resolve("macro-model");
        String log = emotij("macro", "macros/train_classifier.ijm", "dataset=" + data + " model=" + model
                + " mode=frozen epochs=3");
        assertTrue(log.contains("val accuracy") && log.contains("EmotiJ: model saved in"), log);
        assertTrue(Files.exists(model.resolve("emotij-model.json")) && Files.exists(model.resolve("confusion.png")), log);
        Path macro = tmp.resolve("with-model.ijm");
        Files.writeString(macro, "open(getArgument());\n"
                + "run(\"Classify Expressions\", \"faces=detect min_face=60 threshold=0.50 max_faces=3 framing=1.00 flip align model=["
                + model + "]\");\nprint(\"rows=\" + nResults + \" emotion=\" + getResultString(\"emotion\", 0));\n");
        log = emotij("macro", macro.toString(), TestImages.SAMPLES.resolve("astronaut.png").toAbsolutePath().toString());
        assertTrue(log.contains("rows=1 emotion="), log);
    }

    @Test
    void classifyRoisTakesTheUsersRectangles() throws Exception {
        String log = emotij("macro", "macros/classify_rois.ijm",
                "input=" + TestImages.SAMPLES.resolve("astronaut.png").toAbsolutePath() + " rois=165,70,120,130");
        assertTrue(log.contains("face 1: happy"), log);
    }

    @Test
    void recordedOptionStringsWork() throws Exception {
        Path macro = tmp.resolve("recorded.ijm");
        Files.writeString(macro, "open(getArgument());\n"
                + "run(\"Classify Expressions\", \"faces=detect min_face=60 threshold=0.50 max_faces=3 framing=1.00 flip align\");\n"
                + "print(\"rows=\" + nResults);\n"
                + "run(\"Clear Results\");\n"
                + "run(\"Detect Faces\", \"min_face=60 threshold=0.90 max_faces=100 landmarks\");\n"
                + "print(\"strict=\" + nResults + \" overlay=\" + Overlay.size);\n");
        String log = emotij("macro", macro.toString(), TestImages.SAMPLES.resolve("solvay_conference_1927.png").toAbsolutePath().toString());
        assertTrue(log.contains("rows=3"), log);
        int strict = Integer.parseInt(log.replaceAll("(?s).*strict=(\\d+).*", "$1"));
        assertTrue(strict > 0 && strict < 29, log);
    }

    @Test
    void aBadOptionValueStopsTheMacroWithAClearMessage() throws Exception {
        assertMacroStops("faces=detect min_face=-5 threshold=0.5 max_faces=10 framing=1 flip align",
                "min_face=-5.0 is not valid");
    }

    @Test
    void anUnknownChoiceValueIsReportedNotIgnored() throws Exception {
        assertMacroStops("faces=everywhere min_face=60 threshold=0.5 max_faces=10 framing=1 flip align",
                "faces=everywhere is not valid: use one of detect, selection, manager");
    }

    /** Classify Expressions with these options on the astronaut stops the macro with this message. */
    private static void assertMacroStops(String options, String message) throws Exception {
        Path macro = Files.createTempFile(tmp, "bad-options", ".ijm");
        Files.writeString(macro, "open(getArgument());\n"
                + "run(\"Classify Expressions\", \"" + options + "\");\n"
                + "print(\"should not get here\");\n");
        String log = emotij("macro", macro.toString(), TestImages.SAMPLES.resolve("astronaut.png").toAbsolutePath().toString());
        assertTrue(log.contains(message), log);
        assertTrue(!log.contains("should not get here"), log);
    }

    @Test
    void noImageOpenGivesAMessageNotAHang() throws Exception {
        Path macro = tmp.resolve("no-image.ijm");
        Files.writeString(macro, "run(\"Classify Expressions\", \"faces=detect\");\nprint(\"after\");\n");
        String log = emotij("macro", macro.toString());
        assertTrue(log.toLowerCase().contains("no image") || log.contains("open image"), log);
    }

    @Test
    void aThousandFrameVirtualStackIsProcessedWithAFewFramesInMemory() throws Exception {
        // 1000 frames of 640x480 are 307 MB: with a 256 MB heap the run only fits if frames are read one by one
        ImageStack stack = TestImages.laosMovie(1000);
        Path big = tmp.resolve("thousand.tif");
        new FileSaver(new ImagePlus("thousand", stack)).saveAsTiffStack(big.toString());
        stack = null;
        Path macro = tmp.resolve("virtual.ijm");
        Files.writeString(macro, "run(\"TIFF Virtual Stack...\", \"open=[\" + getArgument() + \"]\");\n"
                + "print(\"virtual=\" + is(\"Virtual Stack\") + \" frames=\" + nSlices);\n"
                + "run(\"Classify Expressions\", \"faces=detect min_face=60 threshold=0.5 max_faces=10 process=all framing=1 flip align\");\n"
                + "print(\"rows=\" + nResults);\n");
        String log = emotijWithJavaOptions("-Xmx256m", "macro", macro.toString(), big.toString());
        assertTrue(log.contains("virtual=1 frames=1000"), log);
        int rows = Integer.parseInt(log.replaceAll("(?s).*rows=(\\d+).*", "$1"));
        assertTrue(rows >= 1900, "two faces in (nearly) every frame: " + log);
    }

    private static List<String[]> rows(Path csv) throws IOException {
        List<String> lines = Files.readAllLines(csv);
        List<String[]> out = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) out.add(l.split(","));
        return out;
    }

    private static int column(Path csv, String name) throws IOException {
        String[] header = Files.readAllLines(csv).get(0).split(",");
        for (int i = 0; i < header.length; i++) if (header[i].equals(name)) return i;
        throw new AssertionError("no column " + name + " in " + String.join(",", header));
    }

    static Path root() {
        return Paths.get("").toAbsolutePath();
    }
}
