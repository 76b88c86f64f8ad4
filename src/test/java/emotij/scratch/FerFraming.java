package emotij.scratch;

import emotij.classify.ClassifierOptions;
import emotij.dataset.LabelledImageFolder;
import emotij.detect.DetectedFace;
import emotij.detect.DetectorOptions;
import emotij.ij.ImageConversion;
import emotij.ij.ImageFiles;
import emotij.image.PixelImage;
import emotij.pipeline.FaceAnalyzer;

import java.nio.file.Paths;
import java.util.List;

public class FerFraming {
    public static void main(String[] args) throws Exception {
        System.setProperty("emotij.models.dir", "models");
        double pad = Double.parseDouble(args[0]);
        double thr = Double.parseDouble(args[1]);
        LabelledImageFolder d = LabelledImageFolder.read(Paths.get("../shared/data/fer2013-publictest"));
        try (FaceAnalyzer a = FaceAnalyzer.withShippedModels(new DetectorOptions(), new ClassifierOptions())) {
            int n = 0, found = 0; double sumS = 0, sumDx = 0, sumDy = 0, sumS2 = 0;
            for (int i = 0; i < d.samples().size(); i += 5) {
                PixelImage img = ImageConversion.plane(ImageFiles.open(d.samples().get(i).file), 1);
                PixelImage c = img.padded(pad);
                n++;
                List<DetectedFace> f = a.detector().detectAll(List.of(c), new DetectorOptions().withMinFaceSize(0.3 * c.width()).withScoreThreshold(thr)).get(0);
                if (f.isEmpty()) continue;
                found++;
                DetectedFace best = f.get(0);
                double s = Math.max(best.box().width, best.box().height);
                sumS += s; sumS2 += s * s;
                sumDx += (best.box().centreX() - c.width() / 2.0) / s;
                sumDy += (best.box().centreY() - c.height() / 2.0) / s;
            }
            double m = sumS / found;
            System.out.printf("pad %.1f thr %.2f: found %d/%d, box side mean %.1f (sd %.1f) -> framing %.3f, centre offset dx %.3f dy %.3f (in box sides)%n",
                    pad, thr, found, n, m, Math.sqrt(sumS2 / found - m * m), 48 / m, sumDx / found, sumDy / found);
        }
    }
}
