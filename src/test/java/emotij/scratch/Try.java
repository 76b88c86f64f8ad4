package emotij.scratch;

import emotij.classify.ClassifierOptions;
import emotij.detect.DetectorOptions;
import emotij.ij.ImageConversion;
import emotij.image.PixelImage;
import emotij.pipeline.FaceAnalyzer;
import emotij.pipeline.FaceResult;
import ij.IJ;
import ij.ImagePlus;

import java.util.List;

public class Try {
    public static void main(String[] args) throws Exception {
        System.setProperty("emotij.models.dir", "models");
        double minFace = Double.parseDouble(System.getProperty("minFace", "40"));
        double thr = Double.parseDouble(System.getProperty("thr", "0.5"));
        try (FaceAnalyzer a = FaceAnalyzer.withShippedModels(new DetectorOptions().withMinFaceSize(minFace).withScoreThreshold(thr), new ClassifierOptions())) {
            for (String f : args) {
                ImagePlus imp = IJ.openImage(f);
                PixelImage img = ImageConversion.plane(imp, 1, 1);
                a.analyze(img, f);
                long t0 = System.nanoTime();
                List<FaceResult> r = a.analyze(img, f);
                long t1 = System.nanoTime();
                System.out.printf("%s %s faces=%d %.1f ms%n", f, img, r.size(), (t1 - t0) / 1e6);
                for (FaceResult x : r) System.out.println("  " + x);
                ij.process.ImageProcessor an = emotij.ij.Annotator.annotate(imp.getProcessor(), r, true); if (an.getWidth() > 1400) { an.setInterpolationMethod(ij.process.ImageProcessor.BILINEAR); an = an.resize(1400, an.getHeight() * 1400 / an.getWidth(), true); }
                new ij.io.FileSaver(new ImagePlus("a", an)).saveAsPng("/tmp/ann_" + new java.io.File(f).getName() + ".png");
            }
        }
    }
}
