package emotij.scratch;

import emotij.classify.ClassifierOptions;
import emotij.classify.FaceCrop;
import emotij.detect.DetectedFace;
import emotij.detect.DetectorOptions;
import emotij.engine.TfModel;
import emotij.image.PixelImage;
import emotij.image.Sampler;
import emotij.model.ModelStore;
import emotij.pipeline.FaceAnalyzer;
import emotij.testing.TestImages;

import java.util.ArrayList;
import java.util.List;

public class Emb {
    public static void main(String[] args) throws Exception {
        System.setProperty("emotij.models.dir", "models");
        String key = args.length > 0 ? args[0] : "features";
        try (FaceAnalyzer a = FaceAnalyzer.withShippedModels(new DetectorOptions().withMinFaceSize(40), new ClassifierOptions());
             TfModel m = TfModel.load(ModelStore.locate(System.getProperty("model", "mobilefacenet")))) {
            List<float[]> embs = new ArrayList<>();
            List<String> names = new ArrayList<>();
            for (String s : new String[] {"astronaut.png", "laos_two_people.jpg", "cameraman.png", "classroom_tanzania.jpg"}) {
                PixelImage img = TestImages.sample(s);
                List<DetectedFace> faces = a.detector().detect(img);
                int k = 0;
                for (DetectedFace f : faces) {
                    if (k++ >= 3) break;
                    for (double jit : new double[] {0, 0.06}) {
                        FaceCrop c = FaceCrop.ofDetection(img, f, new ClassifierOptions().withFraming(1.0));
                        int S = System.getProperty("model", "mobilefacenet").equals("faceres") ? 224 : 112;
                        float sc = S == 224 ? 255f : 1f;
                        float[] in = new float[S * S * 3];
                        double side = Math.max(f.box().width, f.box().height) * (1 + jit);
                        Sampler.sample(img, f.box().centreX() + jit * side, f.box().centreY(), side, side, f.rollAngle(), false, S, S, Sampler.Output.RGB, sc, 0f, in, 0);
                        embs.add(m.run(in, 1, S, S, 3).get(key));
                        names.add(s.substring(0, 5) + k + (jit > 0 ? "j" : ""));
                    }
                }
            }
            int d = embs.get(0).length;
            double[] mean = new double[d];
            for (float[] e : embs) for (int i = 0; i < d; i++) mean[i] += e[i] / embs.size();
            System.out.printf("%10s", "");
            for (String n : names) System.out.printf("%8s", n);
            System.out.println();
            for (int i = 0; i < embs.size(); i++) {
                System.out.printf("%10s", names.get(i));
                for (int j = 0; j < embs.size(); j++) System.out.printf("%8.2f", cos(embs.get(i), embs.get(j), mean, Boolean.getBoolean("raw")));
                System.out.println();
            }
        }
    }
    static double cos(float[] a, float[] b, double[] mean, boolean raw) {
        double ab = 0, aa = 0, bb = 0;
        for (int i = 0; i < a.length; i++) { double x = a[i] - (raw ? 0 : mean[i]), y = b[i] - (raw ? 0 : mean[i]); ab += x * y; aa += x * x; bb += y * y; }
        return ab / Math.sqrt(aa * bb);
    }
}
