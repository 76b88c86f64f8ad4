import emotij.classify.ClassifierOptions;
import emotij.detect.DetectedFace;
import emotij.detect.DetectorOptions;
import emotij.image.PixelImage;
import emotij.image.Sampler;
import emotij.io.ImageConversion;
import emotij.io.ImageFiles;
import emotij.pipeline.FaceAnalyzer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Faces just above the default minimum face size (60 pixels), where detection is least sure: each image's best face
 * is shrunk, with its whole image, to 62, 66, 70 and 76 pixels and pasted at 3 random places (fixed seed) into the
 * image itself; counts how often a face is found there. Run from the project root after building:
 *
 *   java -cp "target/EmotiJ_-0.1.0-SNAPSHOT.jar:target/dependency/*" bench/detection/PastedSmallFaces.java FOLDER...
 */
public class PastedSmallFaces {
    /** Places per face and size: -Dplaces=N (default 3). */
    static final int PLACES = Integer.getInteger("places", 3);

    public static void main(String[] args) throws Exception {
        List<Path> files = new ArrayList<>();
        for (String dir : args) {
            try (Stream<Path> s = Files.walk(Paths.get(dir))) {
                s.filter(p -> p.toString().toLowerCase().matches(".*\\.(png|jpe?g)$")).sorted().forEach(files::add);
            }
        }
        Random random = new Random(5);
        int found = 0;
        int pasted = 0;
        try (FaceAnalyzer analyzer = FaceAnalyzer.withModels(new DetectorOptions(), new ClassifierOptions(), "fast")) {
            for (Path f : files) {
                PixelImage image = ImageConversion.plane(ImageFiles.open(f), 1);
                if (image.channels() != 3) continue;
                DetectedFace best = analyzer.detector().detect(image).stream()
                        .max(Comparator.comparingDouble(DetectedFace::score)).orElse(null);
                if (best == null) continue;
                float[] src = image.toArray();
                int w = image.width();
                int h = image.height();
                for (double side : new double[] {62, 66, 70, 76}) {
                    double s = side / best.box().width;
                    if (s > 0.8) continue;
                    int sw = (int) (w * s);
                    int sh = (int) (h * s);
                    float[] small = new float[sw * sh * 3];
                    Sampler.sample(image, w / 2.0, h / 2.0, sw / s, sh / s, 0, false, sw, sh, Sampler.Output.RGB, 1f, 0f, small, 0);
                    for (int k = 0; k < PLACES; k++) {
                        int ox = random.nextInt(w - sw);
                        int oy = random.nextInt(h - sh);
                        float[] canvas = src.clone();
                        for (int y = 0; y < sh; y++) System.arraycopy(small, y * sw * 3, canvas, ((y + oy) * w + ox) * 3, sw * 3);
                        double cx = ox + (best.box().x + best.box().width / 2) * s;
                        double cy = oy + (best.box().y + best.box().height / 2) * s;
                        pasted++;
                        for (DetectedFace d : analyzer.detector().detect(PixelImage.ofFloats(canvas, w, h, 3))) {
                            if (Math.abs(d.box().x + d.box().width / 2 - cx) < side / 3 && Math.abs(d.box().y + d.box().height / 2 - cy) < side / 3) {
                                found++;
                                break;
                            }
                        }
                    }
                }
            }
        }
        System.out.println("pasted faces of 62-76 pixels found: " + found + " of " + pasted);
    }
}
