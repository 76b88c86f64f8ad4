package emotij.track;

import emotij.image.PixelImage;
import emotij.pipeline.FaceResult;
import emotij.testing.TestImages;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Synthetic movies made of the sample photos' faces on a gray 640x480 background: faces moving, crossing, leaving
 * and coming back, a frame with no face, a cut to another person.
 */
class FaceTrackerTest {

    private static FaceEmbedder embedder;
    /** Face patches of three different people (RGB, 170x170). */
    private static PixelImage astronaut;
    private static PixelImage girlRight;
    private static PixelImage girlLeft;

    @BeforeAll
    static void load() throws Exception {
        embedder = FaceEmbedder.withShippedModel();
        astronaut = patch(TestImages.sample("astronaut.png"), 225, 130, 200);
        PixelImage laos = TestImages.sample("laos_two_people.jpg");
        girlRight = patch(laos, 667, 348, 330);
        girlLeft = patch(laos, 194, 415, 330);
    }

    @AfterAll
    static void close() {
        embedder.close();
    }

    /** A square of side {@code side} around (cx, cy), resampled to 170x170. */
    static PixelImage patch(PixelImage img, double cx, double cy, double side) {
        float[] out = new float[170 * 170 * 3];
        emotij.image.Sampler.sample(img, cx, cy, side, side, 0, false, 170, 170, emotij.image.Sampler.Output.RGB, 1f, 0f, out, 0);
        return PixelImage.ofFloats(out, 170, 170, 3);
    }

    /** The face of a single-face sample photo, as a patch with the face in the middle half (like the others). */
    static PixelImage facePatch(String sample) {
        PixelImage img = TestImages.sample(sample);
        List<FaceResult> faces = TestImages.analyzer().analyzeChecked(List.of(img)).get(0);
        assertEquals(1, faces.size(), sample);
        emotij.detect.Box b = faces.get(0).face().box();
        return patch(img, b.centreX(), b.centreY(), 2 * Math.max(b.width, b.height));
    }

    /** A frame with the given patches at the given top-left corners (later ones on top). */
    static PixelImage frame(Object... patchThenXY) {
        int w = 640;
        int h = 480;
        float[] d = new float[w * h * 3];
        java.util.Arrays.fill(d, 0.45f);
        for (int k = 0; k < patchThenXY.length; k += 3) {
            PixelImage p = (PixelImage) patchThenXY[k];
            int x0 = (Integer) patchThenXY[k + 1];
            int y0 = (Integer) patchThenXY[k + 2];
            float[] src = p.toArray();
            for (int y = 0; y < p.height(); y++) {
                for (int x = 0; x < p.width(); x++) {
                    int X = x + x0;
                    int Y = y + y0;
                    if (X < 0 || Y < 0 || X >= w || Y >= h) continue;
                    System.arraycopy(src, (y * p.width() + x) * 3, d, (Y * w + X) * 3, 3);
                }
            }
        }
        return PixelImage.ofFloats(d, w, h, 3);
    }

    /** Runs detection + classification + tracking; returns per frame the track ids by face centre x. */
    static List<Map<Integer, Integer>> track(List<PixelImage> frames, FaceTracker tracker) {
        List<Map<Integer, Integer>> out = new ArrayList<>();
        for (int f = 0; f < frames.size(); f++) {
            List<FaceResult> faces = TestImages.analyzer().analyzeChecked(List.of(frames.get(f))).get(0);
            Map<Integer, Integer> byX = new HashMap<>();
            for (TrackedFace t : tracker.update(f + 1, frames.get(f), faces)) {
                byX.put((int) Math.round(t.result.face().box().centreX()), t.track());
            }
            out.add(byX);
        }
        return out;
    }

    /** The track of the face nearest to x in a frame (-1 if none within 60 px). */
    static int trackNear(Map<Integer, Integer> frame, int x) {
        int best = -1;
        int dist = 60;
        for (Map.Entry<Integer, Integer> e : frame.entrySet()) {
            if (Math.abs(e.getKey() - x) < dist) {
                dist = Math.abs(e.getKey() - x);
                best = e.getValue();
            }
        }
        return best;
    }

    @Test
    void facesCrossingKeepTheirIds() {
        // the astronaut goes right, the girl left, at nearly the same height: they overlap mid-way
        List<PixelImage> frames = new ArrayList<>();
        int n = 24;
        for (int f = 0; f < n; f++) {
            int xa = 20 + f * 18;
            int xg = 450 - f * 18;
            frames.add(frame(astronaut, xa, 150, girlRight, xg, 170));
        }
        FaceTracker tracker = new FaceTracker(new TrackerOptions(), embedder);
        List<Map<Integer, Integer>> ids = track(frames, tracker);
        int a = trackNear(ids.get(0), 20 + 85);
        int g = trackNear(ids.get(0), 450 + 85);
        assertNotEquals(a, g);
        int a2 = trackNear(ids.get(n - 1), 20 + (n - 1) * 18 + 85);
        int g2 = trackNear(ids.get(n - 1), 450 - (n - 1) * 18 + 85);
        assertEquals(a, a2, "the astronaut keeps its id after crossing: " + ids);
        assertEquals(g, g2, "the girl keeps her id after crossing: " + ids);
        assertEquals(2, tracker.finish().size(), "two tracks");
    }

    @Test
    void aFaceThatLeavesForTenFramesComesBackWithItsId() {
        List<PixelImage> frames = new ArrayList<>();
        for (int f = 0; f < 8; f++) frames.add(frame(girlLeft, 60 + f * 4, 150, astronaut, 420, 150));
        // the girl leaves for 10 frames (one of them has no face at all), then comes back elsewhere
        for (int f = 0; f < 10; f++) frames.add(f == 5 ? frame() : frame(astronaut, 420, 150));
        for (int f = 0; f < 6; f++) frames.add(frame(girlLeft, 200, 260 - f * 3, astronaut, 420, 150));
        FaceTracker tracker = new FaceTracker(new TrackerOptions(), embedder);
        List<Map<Integer, Integer>> ids = track(frames, tracker);
        int girl = trackNear(ids.get(0), 60 + 85);
        int astro = trackNear(ids.get(0), 420 + 85);
        assertEquals(girl, trackNear(ids.get(frames.size() - 1), 200 + 85), "re-identified after the gap: " + ids);
        assertEquals(astro, trackNear(ids.get(frames.size() - 1), 420 + 85));
        assertTrue(ids.get(8 + 5).isEmpty(), "the empty frame has no face");
        assertTrue(tracker.embeddingsComputed() < 4 * frames.size(), "appearance only where needed: " + tracker.embeddingsComputed());
    }

    @Test
    void aCutToAnotherPersonStartsANewTrack() {
        List<PixelImage> frames = new ArrayList<>();
        for (int f = 0; f < 6; f++) frames.add(frame(astronaut, 230, 150));
        // cut: another person at the same place
        for (int f = 0; f < 6; f++) frames.add(frame(girlRight, 230, 150));
        FaceTracker tracker = new FaceTracker(new TrackerOptions(), embedder);
        List<Map<Integer, Integer>> ids = track(frames, tracker);
        int before = trackNear(ids.get(5), 315);
        int after = trackNear(ids.get(6), 315);
        assertNotEquals(before, after, "a new person gets a new id: " + ids);
        assertEquals(after, trackNear(ids.get(11), 315));
    }

    @Test
    void cutsBetweenSimilarPeopleAtTheSamePlaceStartNewTracks() {
        // three young women, all frontal, one after the other at the same place and size: their faceres
        // similarities (0.64-0.66) are far from "someone else" for a coarse test, so appearance must decide
        PixelImage woman = facePatch("woman_portrait.jpg");
        List<PixelImage> frames = new ArrayList<>();
        for (PixelImage person : List.of(girlLeft, girlRight, woman)) {
            for (int f = 0; f < 6; f++) frames.add(frame(person, 230, 150));
        }
        FaceTracker tracker = new FaceTracker(new TrackerOptions(), embedder);
        List<Map<Integer, Integer>> ids = track(frames, tracker);
        Set<Integer> perPerson = new HashSet<>();
        for (int person = 0; person < 3; person++) {
            int id = trackNear(ids.get(6 * person), 315);
            for (int f = 6 * person; f < 6 * person + 6; f++) assertEquals(id, trackNear(ids.get(f), 315), "frame " + (f + 1) + ": " + ids);
            perPerson.add(id);
        }
        assertEquals(3, perPerson.size(), "one track per person: " + ids);
        assertEquals(3, tracker.finish().size());

        // the same when the detector runs on every 3rd frame only: the faces in between are where the tracks
        // predict them, and the cuts (frames 7 and 13) fall on such frames
        TrackingAnalyzer every3 = new TrackingAnalyzer(TestImages.analyzer(), new FaceTracker(new TrackerOptions(), embedder), 3);
        List<Integer> tracks = new ArrayList<>();
        for (int f = 0; f < frames.size(); f++) {
            List<TrackedFace> faces = every3.next(f + 1, frames.get(f));
            assertEquals(1, faces.size(), "frame " + (f + 1));
            tracks.add(faces.get(0).track());
        }
        for (int person = 0; person < 3; person++) {
            assertEquals(Set.of(tracks.get(6 * person)), new HashSet<>(tracks.subList(6 * person, 6 * person + 6)), "every 3rd frame: " + tracks);
        }
        assertEquals(3, new HashSet<>(tracks).size(), "every 3rd frame: " + tracks);
    }

    @Test
    void aCameraPanAndZoomKeepsEachPersonsId() {
        // the real photo of two girls seen by a camera that pans, zooms in 1.5x and dims: each face changes size,
        // place, sampling and brightness from frame to frame, yet stays one person, so appearance must not split
        PixelImage laos = TestImages.sample("laos_two_people.jpg");
        List<PixelImage> frames = new ArrayList<>();
        int n = 20;
        for (int f = 0; f < n; f++) {
            double w = 950 - 300.0 * f / (n - 1);
            float[] d = new float[640 * 427 * 3];
            emotij.image.Sampler.sample(laos, 430 + f, 330 + f, w, w * 427 / 640, 0, false, 640, 427,
                    emotij.image.Sampler.Output.RGB, 1f - 0.015f * f, 0f, d, 0);
            frames.add(PixelImage.ofFloats(d, 640, 427, 3));
        }
        FaceTracker tracker = new FaceTracker(new TrackerOptions(), embedder);
        List<Map<Integer, Integer>> ids = track(frames, tracker);
        Set<Integer> all = new HashSet<>();
        for (Map<Integer, Integer> frame : ids) {
            assertEquals(2, frame.size(), "both girls in every frame: " + ids);
            all.addAll(frame.values());
        }
        assertEquals(Set.of(1, 2), all, "one id per girl all along: " + ids);
        assertTrue(tracker.embeddingsComputed() >= 4, "appearance was checked: " + tracker.embeddingsComputed());
    }

    /**
     * Two real frames of one shot of a movie (SFEW, in ../shared only), about 20 frames apart: the person moved and
     * changed expression in between (faceres similarity 0.84-0.87), and keeps the id.
     */
    @ParameterizedTest
    @CsvSource({"Happy/DeepBlueSea_002031240, 69, 90", "Surprise/GirlWithAPearlEarring_004432000, 9, 28"})
    void realMovieFramesOfOnePersonKeepTheirId(String shot, int first, int second) throws Exception {
        java.nio.file.Path dir = java.nio.file.Paths.get("../shared/data/sfew-frames");
        Assumptions.assumeTrue(java.nio.file.Files.isDirectory(dir), "no " + dir);
        // the frames between count as frames without a detection
        FaceTracker tracker = new FaceTracker(new TrackerOptions().withMaxGap(second - first), embedder);
        Set<Integer> ids = new HashSet<>();
        for (int frame : new int[] {first, second}) {
            PixelImage image = emotij.io.ImageConversion.plane(emotij.io.ImageFiles.open(
                    dir.resolve(String.format("%s_%08d.png", shot, frame))), 1);
            List<FaceResult> faces = TestImages.analyzer().analyzeChecked(List.of(image)).get(0);
            assertEquals(1, faces.size(), shot + " frame " + frame);
            for (TrackedFace t : tracker.update(frame, image, faces)) ids.add(t.track());
        }
        assertEquals(Set.of(1), ids, shot);
        assertEquals(2, tracker.embeddingsComputed(), "appearance compared");
    }

    @Test
    void theSummaryMatchesThePerFrameRows() {
        List<PixelImage> frames = new ArrayList<>();
        for (int f = 0; f < 10; f++) frames.add(frame(astronaut, 100 + 5 * f, 150, girlLeft, 400, 150));
        FaceTracker tracker = new FaceTracker(new TrackerOptions().withSmoothing(0.5), embedder);
        track(frames, tracker);
        List<TrackSummary> summary = tracker.finish();
        assertEquals(2, summary.size());
        for (TrackSummary s : summary) {
            List<TrackedFace> rows = new ArrayList<>();
            for (TrackedFace f : tracker.faces()) if (f.track() == s.track) rows.add(f);
            assertEquals(rows.size(), s.framesSeen);
            assertEquals(rows.get(0).frame, s.firstFrame);
            assertEquals(rows.get(rows.size() - 1).frame, s.lastFrame);
            double[] mean = new double[7];
            int[] top = new int[7];
            for (TrackedFace f : rows) {
                float[] p = f.result.expression().probabilities();
                for (int i = 0; i < 7; i++) mean[i] += p[i] / rows.size();
                top[f.result.expression().top().ordinal()]++;
            }
            for (int i = 0; i < 7; i++) {
                // probabilities (scale 1) averaged in another order and precision; shares are ratios of counts
                assertEquals(mean[i], s.meanProbability[i], 1e-5);
                assertEquals((double) top[i] / rows.size(), s.share[i], 1e-12);
            }
        }
        Set<Integer> ids = new HashSet<>();
        for (TrackSummary s : summary) ids.add(s.track);
        assertEquals(2, ids.size());
    }

    @Test
    void detectingEveryThirdFrameFollowsTheSameFacesWithFewerDetections() {
        List<PixelImage> frames = new ArrayList<>();
        for (int f = 0; f < 12; f++) frames.add(frame(astronaut, 60 + 6 * f, 150, girlLeft, 420 - 4 * f, 160));
        TrackingAnalyzer every3 = new TrackingAnalyzer(TestImages.analyzer(), new FaceTracker(new TrackerOptions(), embedder), 3);
        List<TrackedFace> rows = new ArrayList<>();
        for (int f = 0; f < frames.size(); f++) rows.addAll(every3.next(f + 1, frames.get(f)));
        assertEquals(24, rows.size(), "both faces in every frame");
        assertTrue(every3.detectedFrames() <= 5, "detected on " + every3.detectedFrames() + " of 12 frames");
        Set<Integer> ids = new HashSet<>();
        for (TrackedFace t : rows) ids.add(t.track());
        assertEquals(Set.of(1, 2), ids);
        for (TrackedFace t : rows) {
            // the astronaut (track 1) stays on the left, moving right 6 px a frame
            double expected = t.track() == 1 ? 60 + 6 * (t.frame - 1) + 85 : 420 - 4 * (t.frame - 1) + 85;
            // boxes predicted between detections: within a tenth of the 170-pixel face patch (15 pixels)
            assertEquals(expected, t.result.face().box().centreX(), 0.09 * 170, "track " + t.track() + " frame " + t.frame);
        }
    }

    @Test
    void shortTracksAreDropped() {
        List<PixelImage> frames = new ArrayList<>();
        for (int f = 0; f < 6; f++) frames.add(f == 2 ? frame(astronaut, 100, 150, girlLeft, 400, 150) : frame(astronaut, 100, 150));
        FaceTracker tracker = new FaceTracker(new TrackerOptions().withMinTrackLength(3), embedder);
        track(frames, tracker);
        List<TrackSummary> summary = tracker.finish();
        assertEquals(1, summary.size(), "the girl seen in one frame is not a track");
        assertTrue(tracker.faces().stream().anyMatch(f -> f.track() == 0));
    }
}
