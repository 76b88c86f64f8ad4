package emotij.testing;

import emotij.io.ImageConversion;
import emotij.io.ImageFiles;
import emotij.image.PixelImage;
import emotij.pipeline.FaceAnalyzer;
import emotij.classify.ClassifierOptions;
import emotij.detect.DetectorOptions;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/** Shared test fixtures: the project's sample images, FER-2013 fixtures, and one analyzer for all tests. */
public final class TestImages {

    public static final Path SAMPLES = Paths.get("sample-images");
    public static final Path FER_SAMPLE = Paths.get("src/test/resources/fer2013-sample");
    /** Present in CI and on the developers' machines, absent in a user's clone: tests using it skip. */
    public static final Path SHARED_FER = Paths.get("../shared/data/fer2013-publictest");

    private static FaceAnalyzer analyzer;

    private TestImages() {
    }

    public static PixelImage sample(String name) {
        try {
            return ImageConversion.plane(ImageFiles.open(SAMPLES.resolve(name)), 1);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** One analyzer with the shipped models and default options, shared by the tests (loading costs ~1 s). */
    public static synchronized FaceAnalyzer analyzer() {
        if (analyzer == null) {
            try {
                analyzer = FaceAnalyzer.withShippedModels(new DetectorOptions(), new ClassifierOptions());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return analyzer;
    }

    public static boolean sharedFerAvailable() {
        return Files.isDirectory(SHARED_FER);
    }

    /**
     * A gray 640x480 movie of the two Laos faces (scaled to 640x427), shifting by up to 10 pixels left and right:
     * two faces in every frame.
     */
    public static ij.ImageStack laosMovie(int frames) {
        ij.process.ImageProcessor ip = ij.IJ.openImage(SAMPLES.resolve("laos_two_people.jpg").toString()).getProcessor()
                .convertToByteProcessor();
        ip.setInterpolationMethod(ij.process.ImageProcessor.BILINEAR);
        ij.process.ImageProcessor small = ip.resize(640, 427, true);
        ij.ImageStack stack = new ij.ImageStack(640, 480);
        for (int f = 0; f < frames; f++) {
            ij.process.ImageProcessor frame = small.createProcessor(640, 480);
            frame.insert(small, f % 20 - 10, 26);
            stack.addSlice(frame);
        }
        return stack;
    }
}
