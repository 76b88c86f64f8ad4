package emotij.ij;

import emotij.progress.Progress;
import emotij.image.InvalidImageException;
import emotij.testing.TestImages;
import ij.CompositeImage;
import ij.IJ;
import ij.ImagePlus;
import ij.ImageStack;
import ij.gui.Overlay;
import ij.gui.Roi;
import ij.io.FileSaver;
import ij.measure.ResultsTable;
import ij.plugin.FolderOpener;
import ij.process.ByteProcessor;
import ij.process.ColorProcessor;
import ij.process.FloatProcessor;
import ij.process.ImageProcessor;
import ij.process.ShortProcessor;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ImageJ layer on every kind of image ImageJ opens, headless. */
class EmotiJRunTest {

    @TempDir
    Path tmp;

    @BeforeEach
    void clearResults() {
        ResultsTable.getResultsTable().reset();
    }

    private static ImagePlus astronaut() {
        return IJ.openImage(TestImages.SAMPLES.resolve("astronaut.png").toString());
    }

    private static EmotiJSettings settings(String process) {
        EmotiJSettings s = new EmotiJSettings();
        s.process = process;
        return s;
    }

    private static EmotiJRun.Result run(ImagePlus imp, EmotiJSettings s) throws Exception {
        return EmotiJRun.run(imp, s, true, Progress.NONE);
    }

    @Test
    void anRgbImageGetsOneRowOverlayAndNoPixelChange() throws Exception {
        ImagePlus imp = astronaut();
        int[] before = ((int[]) imp.getProcessor().getPixels()).clone();
        EmotiJRun.Result r = run(imp, settings("current"));
        assertEquals(1, r.outcome.faceCount());
        ResultsTable t = r.table;
        assertEquals(1, t.size());
        assertEquals("astronaut.png", t.getStringValue("image", 0));
        assertEquals("happy", t.getStringValue("emotion", 0));
        double sum = 0;
        for (String e : emotij.classify.Emotion.labels()) sum += t.getValue(e, 0);
        // float softmax probabilities (scale 1): their sum is 1 to a few float roundings (about 6e-8 each)
        assertEquals(1.0, sum, 1e-5);
        Overlay o = imp.getOverlay();
        Roi box = o.get(0);
        assertTrue(box.getName().startsWith("face 1: happy"), box.getName());
        assertEquals(emotij.classify.Emotion.HAPPY.color(), box.getStrokeColor());
        assertArrayEquals(before, (int[]) imp.getProcessor().getPixels(), "the user's pixels are unchanged");
    }

    @Test
    void eightSixteenThirtyTwoBitAndRgbGiveTheSameFace() throws Exception {
        ImagePlus rgb = astronaut();
        ByteProcessor gray8 = rgb.getProcessor().convertToByteProcessor();
        ShortProcessor gray16 = gray8.convertToShortProcessor();
        gray16.multiply(200);
        gray16.add(300);
        FloatProcessor gray32 = gray8.convertToFloatProcessor();
        gray32.multiply(0.01);
        List<ImagePlus> images = List.of(new ImagePlus("8", gray8), new ImagePlus("16", gray16), new ImagePlus("32", gray32));
        double x = run(rgb, settings("current")).outcome.planes.get(0).faces.get(0).face().box().x;
        for (ImagePlus imp : images) {
            imp.resetDisplayRange();
            EmotiJRun.Result r = run(imp, settings("current"));
            assertEquals(1, r.outcome.faceCount(), imp.getTitle() + "-bit");
            // the conversions to 8-bit for the detector round differently: a few per cent of the face's width
            double width = r.outcome.planes.get(0).faces.get(0).face().box().width;
            assertEquals(x, r.outcome.planes.get(0).faces.get(0).face().box().x, 0.04 * width, imp.getTitle() + "-bit box");
        }
    }

    @Test
    void stackRoisSitOnTheirSlice() throws Exception {
        ImagePlus a = astronaut();
        ImageStack stack = new ImageStack(512, 512);
        stack.addSlice(a.getProcessor().duplicate());
        ColorProcessor shifted = (ColorProcessor) a.getProcessor().duplicate();
        shifted.translate(-100, 40);
        stack.addSlice(shifted);
        ImagePlus imp = new ImagePlus("stack", stack);
        EmotiJRun.Result r = run(imp, settings("all"));
        assertEquals(2, r.outcome.faceCount());
        assertEquals(2, r.table.size());
        assertEquals(2, (int) r.table.getValue("slice", 1));
        List<Roi> boxes = new ArrayList<>();
        for (Roi roi : imp.getOverlay()) if ("face".equals(roi.getProperty(FaceOverlay.ROI_PROPERTY))) boxes.add(roi);
        assertEquals(2, boxes.size());
        assertEquals(1, boxes.get(0).getPosition());
        assertEquals(2, boxes.get(1).getPosition());
        // the detector sees the shifted face on another part of its anchor grid: a few per cent of the face's width
        assertEquals(boxes.get(0).getBounds().x - 100, boxes.get(1).getBounds().x, 0.06 * boxes.get(0).getBounds().width);
        assertTrue(r.plot != null, "a plot of the emotions per plane");
    }

    @Test
    void trackingGivesEachFaceOneIdAcrossTheStack() throws Exception {
        ImagePlus laos = IJ.openImage(TestImages.SAMPLES.resolve("laos_two_people.jpg").toString());
        ImageStack stack = new ImageStack(960, 640);
        for (int f = 0; f < 8; f++) {
            ColorProcessor frame = (ColorProcessor) laos.getProcessor().duplicate();
            frame.translate(f * 6, 0);
            stack.addSlice(frame);
        }
        ImagePlus movie = new ImagePlus("movie", stack);
        EmotiJSettings s = settings("all");
        s.track = true;
        s.smooth = 0.5;
        EmotiJRun.Result r = run(movie, s);
        assertEquals(16, r.table.size());
        java.util.Set<Integer> ids = new java.util.HashSet<>();
        for (int i = 0; i < r.table.size(); i++) ids.add((int) r.table.getValue("track", i));
        assertEquals(java.util.Set.of(1, 2), ids);
        assertEquals(2, r.tracks.size());
        assertEquals(8, (int) r.tracks.getValue("frames_seen", 0));
        assertEquals(2, r.trackPlots.size());
        boolean labelled = false;
        for (Roi roi : movie.getOverlay()) labelled |= roi.getName() != null && roi.getName().startsWith("track ");
        assertTrue(labelled, "overlay labels carry the track id");
    }

    @Test
    void aLongStackAnalysedTwoBatchesAtATimeKeepsItsPlanesInOrder() throws Exception {
        // 20 planes: batches of 8, 8 and 4, two analysed at once; rows, boxes and the track follow the plane order
        ImagePlus a = astronaut();
        ImageStack stack = new ImageStack(512, 512);
        for (int f = 0; f < 20; f++) {
            ColorProcessor frame = (ColorProcessor) a.getProcessor().duplicate();
            frame.translate(f * 4 - 40, 0);
            stack.addSlice(frame);
        }
        EmotiJSettings s = settings("all");
        s.track = true;
        EmotiJRun.Result r = run(new ImagePlus("twenty", stack), s);
        assertEquals(20, r.table.size());
        double width = r.table.getValue("width", 0);
        for (int i = 0; i < 20; i++) {
            assertEquals(i + 1, (int) r.table.getValue("slice", i), "row " + i);
            // the detector sees the moved face on another part of its anchor grid: a few per cent of its width
            assertEquals(r.table.getValue("x", 0) + 4 * i, r.table.getValue("x", i), 0.06 * width, "box of plane " + (i + 1));
            assertEquals(1, (int) r.table.getValue("track", i), "one face, one track");
        }
    }

    @Test
    void cancellingKeepsThePlanesDone() throws Exception {
        assertCancellingKeepsTwoPlanes(settings("all"));
    }

    @Test
    void cancellingATrackedStackKeepsThePlanesDone() throws Exception {
        // the planes are detected in batches, then tracked one by one: none after the cancel is kept or tracked
        EmotiJSettings s = settings("all");
        s.track = true;
        s.minTrack = 1;
        EmotiJRun.Result r = assertCancellingKeepsTwoPlanes(s);
        assertEquals(2, r.outcome.faceCount(), "one astronaut face on each plane kept");
        assertEquals(1, r.tracks.size());
        assertEquals(2, r.tracks.getValue("last_plane", 0), "the planes after the cancel were not tracked");
        assertEquals(2, r.tracks.getValue("frames_seen", 0));
    }

    private static EmotiJRun.Result assertCancellingKeepsTwoPlanes(EmotiJSettings s) throws Exception {
        ImageProcessor gray = astronaut().getProcessor().convertToByteProcessor();
        ImageStack stack = new ImageStack(512, 512);
        for (int i = 0; i < 6; i++) stack.addSlice(gray.duplicate());
        ImagePlus imp = new ImagePlus("six", stack);
        int[] done = {0};
        Progress cancelAfterTwo = new Progress() {
            @Override
            public void log(String line) {
            }

            @Override
            public void progress(double fraction, String status) {
                done[0]++;
            }

            @Override
            public boolean cancelled() {
                return done[0] >= 2;
            }
        };
        EmotiJRun.Result r = EmotiJRun.run(imp, s, true, cancelAfterTwo);
        assertTrue(r.outcome.cancelled);
        assertEquals(2, r.outcome.planes.size());
        assertEquals(2, r.table.size(), "the rows of the planes done are kept");
        return r;
    }

    @Test
    void aFiveDimensionalHyperstackIsProcessedPlaneByPlane() throws Exception {
        ByteProcessor gray = astronaut().getProcessor().convertToByteProcessor();
        ImageStack stack = new ImageStack(512, 512);
        for (int i = 0; i < 8; i++) stack.addSlice(gray.duplicate());  // c=2, z=2, t=2
        ImagePlus hyper = new ImagePlus("hyper", stack);
        hyper.setDimensions(2, 2, 2);
        ImagePlus comp = new CompositeImage(hyper, IJ.COMPOSITE);
        EmotiJRun.Result r = run(comp, settings("all"));
        assertEquals(4, r.outcome.planes.size());
        assertEquals(4, r.outcome.faceCount());
        for (Roi roi : comp.getOverlay()) {
            if (!"face".equals(roi.getProperty(FaceOverlay.ROI_PROPERTY))) continue;
            assertEquals(0, roi.getCPosition(), "all channels");
            assertTrue(roi.getZPosition() >= 1 && roi.getTPosition() >= 1);
        }
    }

    @Test
    void aVirtualStackIsReadPlaneByPlaneAndAMissingFileIsSkipped() throws Exception {
        Path dir = Files.createDirectories(tmp.resolve("frames"));
        ImageProcessor gray = astronaut().getProcessor().convertToByteProcessor();
        for (int i = 0; i < 5; i++) new FileSaver(new ImagePlus("f", gray)).saveAsTiff(dir.resolve("frame" + i + ".tif").toString());
        ImagePlus virtual = FolderOpener.open(dir.toString(), "virtual");
        assertTrue(virtual.getStack().isVirtual());
        Files.delete(dir.resolve("frame2.tif"));
        EmotiJRun.Result r = run(virtual, settings("all"));
        assertEquals(4, r.outcome.faceCount(), "4 readable frames");
        assertEquals(1, r.outcome.skipped.size(), r.outcome.skipped.toString());
    }

    @Test
    void classifiesTheUsersSelection() throws Exception {
        ImagePlus imp = astronaut();
        imp.setRoi(new Roi(165, 70, 120, 130));
        EmotiJSettings s = settings("current");
        s.faces = EmotiJSettings.FACES_SELECTION;
        EmotiJRun.Result r = run(imp, s);
        assertEquals(1, r.table.size());
        assertEquals("happy", r.table.getStringValue("emotion", 0));
        // the user's own box, passed through as it is: only the double's rounding
        assertEquals(165, r.table.getValue("x", 0), 1e-9 * 165);
    }

    @Test
    void badInputsGiveClearMessages() {
        EmotiJSettings s = settings("current");
        Exception e = assertThrows(IllegalArgumentException.class, () -> run(null, s));
        assertTrue(e.getMessage().contains("open image"), e.getMessage());
        e = assertThrows(InvalidImageException.class, () -> run(new ImagePlus("dot", new ByteProcessor(1, 1)), s));
        assertTrue(e.getMessage().contains("dot") && e.getMessage().contains("1x1"), e.getMessage());
        ImagePlus huge = new ImagePlus("huge", new ByteProcessor(20000, 20000));
        e = assertThrows(InvalidImageException.class, () -> run(huge, s));
        assertTrue(e.getMessage().contains("20000x20000") && e.getMessage().contains("scale it down"), e.getMessage());
        ImagePlus noFace = new ImagePlus("noise", new ByteProcessor(200, 200));
        noFace.getProcessor().noise(40);
        assertThrows(InvalidImageException.class, () -> run(new ImagePlus("black", new ByteProcessor(100, 100)), s));
        EmotiJSettings unknown = settings("sometimes");
        e = assertThrows(IllegalArgumentException.class, () -> run(astronaut(), unknown));
        assertTrue(e.getMessage().contains("process=sometimes") && e.getMessage().contains("current, slices, frames, all"), e.getMessage());
        EmotiJSettings selection = settings("current");
        selection.faces = EmotiJSettings.FACES_SELECTION;
        e = assertThrows(IllegalArgumentException.class, () -> run(astronaut(), selection));
        assertTrue(e.getMessage().contains("draw a rectangle"), e.getMessage());
    }

    @Test
    void anImageWithoutFacesGivesNoRowsAndNoError() throws Exception {
        ImagePlus noise = new ImagePlus("noise", new ByteProcessor(300, 300));
        noise.getProcessor().add(128);
        noise.getProcessor().noise(30);
        EmotiJRun.Result r = run(noise, settings("current"));
        assertEquals(0, r.outcome.faceCount());
        assertEquals(0, r.table.size());
    }
}
