import emotij.classify.ClassifierOptions;
import emotij.classify.Expression;
import emotij.detect.DetectedFace;
import emotij.detect.DetectorOptions;
import emotij.image.PixelImage;
import emotij.io.ImageConversion;
import emotij.io.ImageFiles;
import emotij.pipeline.FaceAnalyzer;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Where one image's time goes, stage by stage, on this thread alone: reading and decoding the file, conversion to
 * floats, detection, classification (default options), in ms per image, averaged over the folder's PNG and JPEG
 * files; four passes, the first one a warm-up. Run from the project root after building, with a built-in model name:
 *
 *   java -cp "target/EmotiJ_-0.1.0-SNAPSHOT.jar:target/dependency/*" bench/detection/FrameStages.java FOLDER [fast|accurate]
 */
public class FrameStages {
    public static void main(String[] args) throws Exception {
        List<Path> files = new ArrayList<>();
        try (Stream<Path> s = Files.walk(Paths.get(args[0]))) {
            s.filter(p -> p.toString().toLowerCase().matches(".*\\.(png|jpe?g)$")).sorted().forEach(files::add);
        }
        String model = args.length > 1 ? args[1] : null;
        try (FaceAnalyzer analyzer = FaceAnalyzer.withModels(new DetectorOptions(), new ClassifierOptions(), model)) {
            for (int pass = 0; pass < 4; pass++) {
                double read = 0, convert = 0, detect = 0, classify = 0;
                int faces = 0;
                for (Path f : files) {
                    long t0 = System.nanoTime();
                    ij.ImagePlus imp = ImageFiles.open(f);
                    long t1 = System.nanoTime();
                    PixelImage image = ImageConversion.plane(imp, 1);
                    long t2 = System.nanoTime();
                    List<DetectedFace> found = analyzer.detector().detect(image);
                    long t3 = System.nanoTime();
                    List<Expression> expressions = analyzer.classifier().classifyFaces(image, found);
                    long t4 = System.nanoTime();
                    faces += expressions.size();
                    read += t1 - t0;
                    convert += t2 - t1;
                    detect += t3 - t2;
                    classify += t4 - t3;
                }
                double n = files.size() * 1e6;
                System.out.printf("pass %d%s: read %.2f, convert %.2f, detect %.2f, classify %.2f ms an image; %d faces in %d images%n",
                        pass, pass == 0 ? " (warm-up)" : "", read / n, convert / n, detect / n, classify / n, faces, files.size());
            }
        }
    }
}
