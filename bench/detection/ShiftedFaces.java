import emotij.classify.ClassifierOptions;
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
 * Faces found in each image and in 5 copies of it cut by 1-5 pixels at the top and left (default options), summed,
 * and in how many of those 6 positions at least one face was found (for face crops: how often the face was found):
 * near the minimum face size a face's score depends on where it falls on the detector's grid, so a change to the
 * detector's views is judged on the shifted copies too, not on one position per face. Run from the project root
 * after building:
 *
 *   java -cp "target/EmotiJ_-0.1.0-SNAPSHOT.jar:target/dependency/*" bench/detection/ShiftedFaces.java FOLDER...
 */
public class ShiftedFaces {
    public static void main(String[] args) throws Exception {
        List<Path> files = new ArrayList<>();
        for (String dir : args) {
            try (Stream<Path> s = Files.walk(Paths.get(dir))) {
                s.filter(p -> p.toString().toLowerCase().matches(".*\\.(png|jpe?g)$")).sorted().forEach(files::add);
            }
        }
        int total = 0;
        int totalPositions = 0;
        try (FaceAnalyzer analyzer = FaceAnalyzer.withModels(new DetectorOptions(), new ClassifierOptions(), "fast")) {
            for (Path f : files) {
                PixelImage image = ImageConversion.plane(ImageFiles.open(f), 1);
                float[] src = image.toArray();
                int w = image.width();
                int h = image.height();
                int c = image.channels();
                int found = 0;
                int positionsWithAFace = 0;
                for (int cut = 0; cut <= 5; cut++) {
                    int cw = w - cut;
                    int ch = h - cut;
                    float[] copy = new float[cw * ch * c];
                    for (int y = 0; y < ch; y++) System.arraycopy(src, ((y + cut) * w + cut) * c, copy, y * cw * c, cw * c);
                    int n = analyzer.detector().detect(PixelImage.ofFloats(copy, cw, ch, c)).size();
                    found += n;
                    if (n > 0) positionsWithAFace++;
                }
                total += found;
                totalPositions += positionsWithAFace;
                System.out.println(f.getFileName() + "\t" + found + "\t" + positionsWithAFace);
            }
        }
        System.out.println("total\t" + total + "\t" + totalPositions + "\tof " + files.size() + " images x 6 positions");
    }
}
