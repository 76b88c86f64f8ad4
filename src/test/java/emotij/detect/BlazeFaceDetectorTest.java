package emotij.detect;

import emotij.image.PixelImage;
import emotij.progress.Progress;
import emotij.testing.TestImages;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class BlazeFaceDetectorTest {

    private static FaceDetector detector() {
        return TestImages.analyzer().detector();
    }

    @Test
    void anchorsCoverBothFeatureMapsOfAnyShape() {
        // 256x256: 16x16 cells of 2 and 8x8 of 6; 288x256: 18x16 of 2 and 9x8 of 6
        assertEquals(896, BlazeFaceDetector.anchors(256, 256).length / 2);
        float[] wide = BlazeFaceDetector.anchors(288, 256);
        assertEquals(18 * 16 * 2 + 9 * 8 * 6, wide.length / 2);
        // the last anchor of the stride-16 grid sits in its bottom-right cell
        assertEquals(288 - 8, wide[2 * (18 * 16 * 2) - 2]);
        assertEquals(256 - 8, wide[2 * (18 * 16 * 2) - 1]);
    }

    @ParameterizedTest
    @ValueSource(strings = {"astronaut.png", "cameraman.png", "model_face.jpg", "woman_portrait.jpg"})
    void singleFaceSamplesGiveExactlyOneFace(String name) {
        List<DetectedFace> faces = detector().detect(TestImages.sample(name));
        assertEquals(1, faces.size(), name + ": " + faces);
    }

    @Test
    void astronautFaceBoxAndLandmarksAreOnTheFace() {
        // hand-measured on the 512x512 image: the face spans about x 175..275, y 80..190
        Box truth = Box.fromCorners(175, 80, 275, 190);
        DetectedFace face = detector().detect(TestImages.sample("astronaut.png")).get(0);
        assertTrue(face.box().iou(truth) > 0.5, "box " + face.box() + " vs " + truth);
        assertTrue(face.score() > 0.7, "score " + face.score());
        Box b = face.box();
        for (Landmark l : new Landmark[] {Landmark.RIGHT_EYE, Landmark.LEFT_EYE, Landmark.NOSE_TIP, Landmark.MOUTH}) {
            double x = face.landmarkX(l);
            double y = face.landmarkY(l);
            assertTrue(x > b.x && x < b.x + b.width && y > b.y && y < b.y + b.height, l + " outside the box");
        }
        // the subject's right eye is on the image's left, eyes above the nose, nose above the mouth
        assertTrue(face.landmarkX(Landmark.RIGHT_EYE) < face.landmarkX(Landmark.LEFT_EYE));
        assertTrue(face.landmarkY(Landmark.LEFT_EYE) < face.landmarkY(Landmark.NOSE_TIP));
        assertTrue(face.landmarkY(Landmark.NOSE_TIP) < face.landmarkY(Landmark.MOUTH));
    }

    @Test
    void findsMostFacesOfTheSolvayGroupPhoto() {
        List<DetectedFace> faces = detector().detect(TestImages.sample("solvay_conference_1927.png"));
        // 29 people; every face is 75-110 pixels wide in this 3000x2171 photo
        long faceSized = faces.stream().filter(f -> f.box().width > 60 && f.box().width < 130).count();
        assertTrue(faceSized >= 25, "found " + faceSized + " face-sized detections of 29: " + faces.size() + " in all");
        assertTrue(faces.size() <= 33, "too many detections: " + faces.size());
    }

    @Test
    void smallerMinimumFaceSizeFindsTheSmallChildrenAtTheBack() {
        PixelImage classroom = TestImages.sample("classroom_tanzania.jpg");
        int byDefault = detector().detect(classroom).size();
        int withSmall = detector().detectAll(List.of(classroom), detector().options().withMinFaceSize(36)).get(0).size();
        assertTrue(withSmall >= byDefault + 4, "default " + byDefault + ", with min face 36: " + withSmall);
    }

    @Test
    void maxFacesAndThresholdAreHonoured() {
        PixelImage solvay = TestImages.sample("solvay_conference_1927.png");
        List<DetectedFace> five = detector().detectAll(List.of(solvay), detector().options().withMaxFaces(5)).get(0);
        assertEquals(5, five.size());
        List<DetectedFace> strict = detector().detectAll(List.of(solvay), detector().options().withScoreThreshold(0.85)).get(0);
        assertTrue(strict.stream().allMatch(f -> f.score() >= 0.85));
        assertTrue(strict.size() < 29);
    }

    @Test
    void batchedImagesGiveTheSameFacesAsSingleOnes() {
        PixelImage a = TestImages.sample("astronaut.png");
        PixelImage b = TestImages.sample("laos_two_people.jpg");
        List<List<DetectedFace>> both = detector().detectAll(List.of(a, b));
        List<DetectedFace> single = detector().detect(b);
        assertEquals(single.size(), both.get(1).size());
        for (int i = 0; i < single.size(); i++) {
            // another batch size takes other float kernels, which move the raw boxes by about 1e-6 of their scale
            // (256 input pixels, stretched to the image): relative to the image's width; scores are below 1
            assertEquals(single.get(i).box().x, both.get(1).get(i).box().x, 1e-4 * b.width(), "box x");
            assertEquals(single.get(i).score(), both.get(1).get(i).score(), 1e-5, "score");
        }
    }

    @Test
    void aFaceIsFoundWhereverItIsInAWideImage() {
        // the astronaut pasted at the right edge of a wide black canvas: aspect ratio and position must not matter
        PixelImage face = TestImages.sample("astronaut.png");
        int w = 2000;
        int h = 600;
        float[] canvas = new float[w * h * 3];
        float[] src = face.toArray();
        for (int y = 0; y < face.height(); y++) {
            System.arraycopy(src, y * face.width() * 3, canvas, ((y + 40) * w + (w - face.width())) * 3, face.width() * 3);
        }
        List<DetectedFace> faces = detector().detect(PixelImage.ofFloats(canvas, w, h, 3));
        assertEquals(1, faces.size(), faces.toString());
        Box truth = Box.fromCorners(w - 512 + 175, 40 + 80, w - 512 + 275, 40 + 190);
        assertTrue(faces.get(0).box().iou(truth) > 0.5, faces.get(0).box() + " vs " + truth);
    }

    /** The windows the detector ran on one image: the last progress report. */
    private static int windowsRun(PixelImage image) {
        int[] last = {0, 0};
        ((BlazeFaceDetector) detector()).detectAll(List.of(image), detector().options(), Progress.NONE, new DetectionMeter(Progress.NONE) {
            @Override
            void windowsDone(int done, int all) {
                last[0] = done;
                last[1] = all;
            }
        });
        assertEquals(last[1], last[0], "the last report is the total");
        return last[0];
    }

    /** The astronaut scaled {@code scale} times (its face, about 100x110 pixels, with it) at (x, y) of a black 720x576 frame. */
    private static PixelImage movieFrame(double scale, int x, int y) {
        int side = (int) Math.round(512 * scale);
        ij.process.ImageProcessor small = ij.IJ.openImage(TestImages.SAMPLES.resolve("astronaut.png").toString())
                .getProcessor().resize(side, side, true);
        float[] src = emotij.io.ImageConversion.toPixelImage(small, 0, 255).toArray();
        int w = 720;
        float[] canvas = new float[w * 576 * 3];
        for (int r = 0; r < side; r++) System.arraycopy(src, r * side * 3, canvas, ((r + y) * w + x) * 3, side * 3);
        return PixelImage.ofFloats(canvas, w, 576, 3);
    }

    @Test
    void anImageUpToOneWindowIsSeenInOneSquareWindowAsBefore() {
        // 640 pixels at the default minimum: the 256x256 window, letterboxed, whatever the engine
        for (boolean anySize : new boolean[] {true, false}) {
            List<BlazeFaceDetector.Window> views = BlazeFaceDetector.windows(0, 143, 181, detector().options(), anySize);
            assertEquals(1, views.size());
            assertEquals(256, views.get(0).inputWidth);
            assertEquals(256, views.get(0).inputHeight);
            assertEquals(181.0 / 256, views.get(0).scale, 1e-12);
        }
        assertEquals(1, BlazeFaceDetector.windows(0, 640, 480, detector().options(), true).size());
    }

    @Test
    void aMovieFrameIsSeenInOneViewOfItsOwnShapeAndAgainWhereAFaceIsNearTheMinimum() {
        // 720x576 at the default 60-pixel minimum: at the scale where 60 pixels are 24 it is 288x230 input pixels,
        // and its largest possible face (576) is 230, which the network sees: one 288x256 view
        List<BlazeFaceDetector.Window> views = BlazeFaceDetector.windows(0, 720, 576, detector().options(), true);
        assertEquals(1, views.size());
        assertEquals(288, views.get(0).inputWidth);
        assertEquals(256, views.get(0).inputHeight);
        // an engine with the network's saved size only: the whole frame letterboxed and 2 tiles of 640
        assertEquals(3, BlazeFaceDetector.windows(0, 720, 576, detector().options(), false).size());
        // a 104-pixel face: the view alone finds it
        PixelImage large = movieFrame(1, 100, 30);
        assertEquals(1, windowsRun(large));
        assertEquals(1, detector().detect(large).size());
        // faces of 65-83 pixels, up to 1.5 times the minimum: a second look (the whole frame in a 256x256 window),
        // and the face is found wherever it is
        for (int[] at : new int[][] {{0, 0}, {720 - 384, 576 - 384}, {200, 130}}) {
            PixelImage small = movieFrame(0.75, at[0], at[1]);
            assertEquals(2, windowsRun(small), "at " + at[0] + "," + at[1]);
            List<DetectedFace> faces = detector().detect(small);
            assertEquals(1, faces.size(), "at " + at[0] + "," + at[1] + ": " + faces);
            Box truth = Box.fromCorners(at[0] + 175 * 0.75, at[1] + 80 * 0.75, at[0] + 275 * 0.75, at[1] + 190 * 0.75);
            assertTrue(faces.get(0).box().iou(truth) > 0.5, faces.get(0).box() + " vs " + truth);
        }
    }

    @Test
    void aLargeImageIsSeenWholeAndAtFinerLevelsInViewsOrTiles() {
        // 3000x2171 (Solvay) at the default minimum: a 256x256 whole view (faces of 640 pixels and more), then
        // finer levels down to 2.5 image pixels an input pixel; levels up to 1024 input pixels long are one view
        List<BlazeFaceDetector.Window> views = BlazeFaceDetector.windows(0, 3000, 2171, detector().options(), true);
        assertEquals(256, views.get(0).inputWidth);
        assertEquals(256, views.get(0).inputHeight);
        assertTrue(views.stream().anyMatch(v -> v.inputWidth > 256 && v.inputWidth != v.inputHeight), "a level in one view");
        BlazeFaceDetector.Window finest = views.get(views.size() - 1);
        assertEquals(2.5, finest.scale, 1e-9);
        assertEquals(BlazeFaceDetector.INPUT_SIZE, finest.inputWidth, "1200 input pixels are tiled");
        for (BlazeFaceDetector.Window v : views) {
            assertTrue(v.inputWidth <= BlazeFaceDetector.MAX_VIEW_SIDE && v.inputHeight <= BlazeFaceDetector.MAX_VIEW_SIDE);
            assertEquals(0, v.inputWidth % BlazeFaceDetector.INPUT_STEP);
            assertEquals(0, v.inputHeight % BlazeFaceDetector.INPUT_STEP);
        }
        int squares = BlazeFaceDetector.windows(0, 3000, 2171, detector().options(), false).size();
        assertTrue(views.size() < squares, views.size() + " views vs " + squares + " squares");
    }
}
