package emotij.cli;

import emotij.io.ResultColumns;
import emotij.testing.TestImages;
import ij.ImagePlus;
import ij.ImageStack;
import ij.io.FileSaver;
import ij.process.ByteProcessor;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class EmotiJCliTest {

    @TempDir
    Path tmp;

    /** Exit code, standard output and standard error of one command. */
    static final class Run {
        int code;
        String out;
        String err;
    }

    static Run cli(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        Run r = new Run();
        r.code = EmotiJCli.run(args, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        r.out = out.toString(StandardCharsets.UTF_8);
        r.err = err.toString(StandardCharsets.UTF_8);
        return r;
    }

    @Test
    void classifyWritesOneRowPerFaceAndAnAnnotatedImage() throws IOException {
        Path out = tmp.resolve("out");
        Run r = cli("classify", TestImages.SAMPLES.resolve("astronaut.png").toString(),
                TestImages.SAMPLES.resolve("laos_two_people.jpg").toString(), "--out", out.toString());
        assertEquals(0, r.code, r.err);
        List<String> rows = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(String.join(",", ResultColumns.csvColumns()), rows.get(0));
        assertEquals("image,slice,face,x,y,width,height,detection_score,emotion,confidence,angry,disgust,fear,happy,sad,surprise,neutral,channel,z,t", rows.get(0));
        assertEquals(4, rows.size(), rows.toString());
        assertTrue(rows.get(1).startsWith("astronaut.png,1,1,"), rows.get(1));
        assertTrue(rows.get(1).contains(",happy,"), rows.get(1));
        assertTrue(Files.size(out.resolve("astronaut_annotated.png")) > 1000);
        assertTrue(Files.exists(out.resolve("laos_two_people_annotated.png")));
        assertTrue(r.out.contains("2 images"), r.out);
    }

    @Test
    void aBadFileInAFolderIsReportedAndTheRestIsProcessed() throws IOException {
        Path in = Files.createDirectories(tmp.resolve("in"));
        Files.copy(TestImages.SAMPLES.resolve("astronaut.png"), in.resolve("a_good.png"));
        Files.write(in.resolve("b_corrupt.png"), "not an image".getBytes());
        new FileSaver(new ImagePlus("tiny", new ByteProcessor(1, 1))).saveAsTiff(in.resolve("c_tiny.tif").toString());
        Files.copy(TestImages.SAMPLES.resolve("cameraman.png"), in.resolve("d_good.png"));
        // 20000x20000 (400 megapixels, a small file: PNG compresses a blank image well)
        new FileSaver(new ImagePlus("huge", new ByteProcessor(20000, 20000))).saveAsPng(in.resolve("c_huge.png").toString());
        Files.writeString(in.resolve("notes.txt"), "not an image, and not named like one: not taken");
        Path out = tmp.resolve("out");
        Run r = cli("classify", in.toString(), "--out", out.toString());
        assertEquals(1, r.code, "a failed file makes the exit code 1");
        List<String> rows = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(3, rows.size(), rows.toString());
        assertTrue(rows.get(1).startsWith("a_good.png,"));
        assertTrue(rows.get(2).startsWith("d_good.png,"));
        String summary = Files.readString(out.resolve("summary.txt"));
        assertTrue(summary.contains("b_corrupt.png: cannot be read as an image"), summary);
        assertTrue(summary.contains("c_tiny.tif: the image is 1x1 pixels, too small"), summary);
        assertTrue(summary.contains("c_huge.png: the image is 20000x20000 (400 megapixels)"), summary);
        assertTrue(!summary.contains("notes.txt"), summary);
    }

    @Test
    void everySliceOfAStackIsProcessed() throws IOException {
        ImagePlus astronaut = new ImagePlus(TestImages.SAMPLES.resolve("astronaut.png").toString());
        ByteProcessor gray = astronaut.getProcessor().convertToByteProcessor();
        ImageStack stack = new ImageStack(gray.getWidth(), gray.getHeight());
        stack.addSlice(gray);
        stack.addSlice(new ByteProcessor(gray.getWidth(), gray.getHeight()));  // a black frame
        ByteProcessor shifted = (ByteProcessor) gray.duplicate();
        shifted.translate(-60, 30);
        stack.addSlice(shifted);
        Path tif = tmp.resolve("stack.tif");
        new FileSaver(new ImagePlus("stack", stack)).saveAsTiffStack(tif.toString());
        Path out = tmp.resolve("out");
        Run r = cli("classify", tif.toString(), "--out", out.toString());
        assertEquals(0, r.code, r.err + r.out);
        List<String> rows = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(3, rows.size(), rows.toString());
        assertTrue(rows.get(1).startsWith("stack.tif,1,1,"));
        assertTrue(rows.get(2).startsWith("stack.tif,3,1,"));
        double x1 = Double.parseDouble(rows.get(1).split(",")[3]);
        double x3 = Double.parseDouble(rows.get(2).split(",")[3]);
        double width = Double.parseDouble(rows.get(1).split(",")[5]);
        // the detector sees the shifted face on another part of its anchor grid: a few per cent of the face's width
        assertEquals(x1 - 60, x3, 0.06 * width, "the face moved 60 pixels left in slice 3");
        assertTrue(r.out.contains("slice 2") && r.out.contains("all black"), r.out);
        assertTrue(Files.exists(out.resolve("stack_annotated.tif")));
    }

    @Test
    void trackedClassifyWritesTrackIdsAndOneSummaryRowPerTrack() throws IOException {
        ImagePlus laos = new ImagePlus(TestImages.SAMPLES.resolve("laos_two_people.jpg").toString());
        ImageStack stack = new ImageStack(laos.getWidth(), laos.getHeight());
        for (int f = 0; f < 6; f++) {
            var frame = laos.getProcessor().duplicate();
            frame.translate(-f * 5, f * 2);
            stack.addSlice(frame);
        }
        Path tif = tmp.resolve("movie.tif");
        new FileSaver(new ImagePlus("movie", stack)).saveAsTiffStack(tif.toString());
        Path out = tmp.resolve("tracked");
        Run r = cli("classify", tif.toString(), "--out", out.toString(), "--track", "--smooth", "0.5", "--no-images");
        assertEquals(0, r.code, r.err);
        List<String> rows = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(String.join(",", ResultColumns.csvColumns(true)), rows.get(0));
        assertEquals(13, rows.size());
        java.util.Set<String> ids = new java.util.HashSet<>();
        for (String row : rows.subList(1, rows.size())) ids.add(row.split(",")[3]);
        assertEquals(java.util.Set.of("1", "2"), ids);
        List<String> tracks = Files.readAllLines(out.resolve("tracks.csv"));
        assertEquals(3, tracks.size(), tracks.toString());
        assertTrue(tracks.get(1).startsWith("movie.tif,1,1,6,6,"), tracks.get(1));
        r = cli("classify", tif.toString(), "--out", out.toString(), "--smooth", "0.5");
        assertEquals(2, r.code);
        assertTrue(r.err.contains("need --track"), r.err);
    }

    @Test
    void anAviMovieIsReadAsAVirtualStackAndTracked() throws Exception {
        ImagePlus laos = new ImagePlus(TestImages.SAMPLES.resolve("laos_two_people.jpg").toString());
        ImageStack stack = new ImageStack(640, 426);
        var small = laos.getProcessor().resize(640, 426, true);
        for (int f = 0; f < 8; f++) {
            var frame = small.duplicate();
            frame.translate(f * 4, 0);
            stack.addSlice(frame);
        }
        Path avi = tmp.resolve("movie.avi");
        new ij.plugin.filter.AVI_Writer().writeImage(new ImagePlus("movie", stack), avi.toString(),
                ij.plugin.filter.AVI_Writer.JPEG_COMPRESSION, 90);
        assertTrue(emotij.io.ImageFiles.open(avi).getStack().isVirtual(), "AVI frames are read one at a time");
        Path out = tmp.resolve("avi");
        Run r = cli("classify", avi.toString(), "--out", out.toString(), "--track", "--no-images");
        assertEquals(0, r.code, r.err);
        List<String> rows = Files.readAllLines(out.resolve("results.csv"));
        assertEquals(17, rows.size(), "2 faces in each of 8 frames: " + rows);
        assertEquals(3, Files.readAllLines(out.resolve("tracks.csv")).size());
    }

    @Test
    void evaluatePrintsTheConfusionMatrixAndTheAccuracyLast() {
        Run r = cli("evaluate", TestImages.FER_SAMPLE.toString(), "--detect", "none");
        assertEquals(0, r.code, r.err);
        String[] lines = r.out.trim().split("\n");
        String last = lines[lines.length - 1];
        assertTrue(last.matches("accuracy: 0\\.\\d{4}"), last);
        assertTrue(Double.parseDouble(last.substring(10)) >= 0.55, last);
        assertTrue(r.out.contains("confusion matrix"), r.out);
        assertTrue(r.out.contains("surprise"), r.out);
    }

    @Test
    void evaluateWithDetectionFindsTheFacesOfPaddedCrops() {
        Run r = cli("evaluate", TestImages.FER_SAMPLE.toString(), "--detect", "auto", "--pad", "2");
        assertEquals(0, r.code, r.err);
        String[] lines = r.out.trim().split("\n");
        double accuracy = Double.parseDouble(lines[lines.length - 1].substring(10));
        assertTrue(accuracy >= 0.45, r.out);
    }

    @Test
    void malformedDatasetsGiveClearErrors() throws IOException {
        Path ds = tmp.resolve("ds");
        Files.createDirectories(ds.resolve("happy"));
        Files.copy(TestImages.SAMPLES.resolve("astronaut.png"), ds.resolve("happy/a.png"));
        Files.createDirectories(ds.resolve("bored"));
        Run r = cli("evaluate", ds.toString());
        assertEquals(2, r.code);
        assertTrue(r.err.contains("'bored' is not an emotion"), r.err);

        Files.delete(ds.resolve("bored"));
        Files.createDirectories(ds.resolve("Sad"));
        r = cli("evaluate", ds.toString());
        assertEquals(2, r.code);
        assertTrue(r.err.contains("'Sad' is empty"), r.err);

        r = cli("evaluate", tmp.resolve("nowhere").toString());
        assertEquals(2, r.code);
        assertTrue(r.err.contains("not found"), r.err);
    }

    @Test
    void badArgumentsExitWithCodeTwoAndSayWhy() {
        Run r = cli();
        assertEquals(2, r.code);
        assertTrue(r.err.contains("usage: emotij COMMAND"));
        r = cli("frobnicate");
        assertEquals(2, r.code);
        assertTrue(r.err.contains("unknown command 'frobnicate'"));
        r = cli("classify", TestImages.SAMPLES.toString());
        assertEquals(2, r.code);
        assertTrue(r.err.contains("needs --out"), r.err);
        r = cli("classify", TestImages.SAMPLES.toString(), "--out", tmp.toString(), "--threshold", "2");
        assertEquals(2, r.code);
        assertTrue(r.err.contains("--threshold must be between 0 and 1, not 2"), r.err);
        r = cli("classify", TestImages.SAMPLES.toString(), "--out", tmp.toString(), "--min-face", "big");
        assertEquals(2, r.code);
        assertTrue(r.err.contains("--min-face needs a number, not 'big'"), r.err);
        r = cli("classify", "no/such/file.png", "--out", tmp.toString());
        assertEquals(2, r.code);
        assertTrue(r.err.contains("input not found: no/such/file.png"), r.err);
        r = cli("evaluate", TestImages.FER_SAMPLE.toString(), "--detect", "sometimes");
        assertEquals(2, r.code);
        assertTrue(r.err.contains("--detect must be 'none' or 'auto'"), r.err);
        r = cli("classify", TestImages.SAMPLES.toString(), "--out", tmp.toString(), "--colour", "red");
        assertEquals(2, r.code);
        assertTrue(r.err.contains("unknown option --colour"), r.err);
    }

    @Test
    void trainChecksItsModelFolderBeforeReadingTheDataset() throws IOException {
        Path inTheWay = Files.writeString(tmp.resolve("a-file"), "a file where the model folder's parent should be");
        Path model = inTheWay.resolve("model");
        Run r = cli("train", TestImages.FER_SAMPLE.toString(), "--out", model.toString(), "--epochs", "1");
        assertEquals(2, r.code, r.err + r.out);
        assertTrue(r.err.contains("--out " + model + ": cannot create this output folder"), r.err);
        assertEquals("", r.out, "nothing was read or trained");
    }

    @Test
    void trainPrintsOneLinePerEpochEndsWithValAccuracyAndItsModelClassifies() throws IOException {
        Path data = emotij.testing.SfewLayout.build(TestImages.FER_SAMPLE, tmp.resolve("sfew"), 6, 3);
        Path model = tmp.resolve("model");
        Run r = cli("train", data.toString(), "--out", model.toString(), "--epochs", "5", "--patience", "0");  // the default backbones
        assertEquals(0, r.code, r.err + r.out);
        String[] lines = r.out.trim().split("\n");
        assertTrue(lines[lines.length - 1].matches("val_accuracy: 0\\.\\d{4}"), lines[lines.length - 1]);
        assertEquals(5, r.out.lines().filter(l -> l.startsWith("epoch ")).count(), r.out);
        assertTrue(r.out.contains("Train: angry 6"), r.out);
        // the features went to the tests' cache under target/ (pom.xml: EMOTIJ_CACHE_DIR), not the user's
        Path features = emotij.train.FeatureCache.standardDir().toAbsolutePath();
        assertTrue(features.startsWith(Path.of("target").toAbsolutePath()), features.toString());
        try (java.util.stream.Stream<Path> cached = Files.list(features)) {
            assertTrue(cached.findAny().isPresent(), "features cached in " + features);
        }

        Path out = tmp.resolve("classified");
        Run c = cli("classify", TestImages.SAMPLES.resolve("astronaut.png").toString(), "--out", out.toString(),
                "--model", model.toString());
        assertEquals(0, c.code, c.err);
        assertEquals(2, Files.readAllLines(out.resolve("results.csv")).size());
        Run e = cli("evaluate", data.resolve("Val").toString(), "--model", model.toString());
        assertEquals(0, e.code, e.err);
        assertTrue(e.out.contains("classifier: trained frozen faceres+emotion"), e.out);

        Run bad = cli("classify", TestImages.SAMPLES.resolve("astronaut.png").toString(), "--out", out.toString(),
                "--model", tmp.toString());
        assertEquals(2, bad.code);
        assertTrue(bad.err.contains("is not a trained EmotiJ model folder"), bad.err);
        Run badOption = cli("train", data.toString(), "--out", model.toString(), "--tap", "middle");
        assertEquals(2, badOption.code);
        assertTrue(badOption.err.contains("tap must be one of pooled, l2, concat, classifier, not 'middle'"), badOption.err);
        // the classifier tap starts from the emotion net's own classifier: another backbone cannot have it, said at once
        Run badPair = cli("train", data.toString(), "--out", model.toString(), "--backbone", "faceres", "--tap", "classifier");
        assertEquals(2, badPair.code);
        assertTrue(badPair.err.contains("tap=classifier needs backbone=emotion") && badPair.err.contains("tap=pooled"), badPair.err);
    }
}
