package emotij.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.training.GradientCollector;
import ai.djl.training.ParameterStore;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import emotij.backbone.GraphNetwork;
import emotij.classify.Emotion;
import emotij.classify.FaceView;
import emotij.dataset.FaceSample;
import emotij.dataset.Splits;
import emotij.engine.PyTorchRuntime;
import emotij.eval.ConfusionMatrix;

import java.io.IOException;
import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;

/**
 * Trains an expression classifier on labelled faces with DJL's PyTorch engine: Adam, class weighting, early
 * stopping on a held-out part of the training faces (never on the test faces), augmentation, fixed seed. In
 * frozen mode the backbone features of every training view are computed once and cached, so the head trains in
 * seconds; in fine-tune mode the backbone's last layers train with the head at a lower learning rate.
 */
public final class ExpressionTrainer {

    /** What one training gives: the model (best epoch's weights), its history and its result on the test faces. */
    public static final class Outcome {
        public final TrainedModel model;
        public final List<EpochStats> history;
        public final int bestEpoch;
        /** On the test faces (empty matrix when there were none). */
        public final ConfusionMatrix test;
        public final double trainAccuracy;

        Outcome(TrainedModel model, List<EpochStats> history, int bestEpoch, ConfusionMatrix test, double trainAccuracy) {
            this.model = model;
            this.history = history;
            this.bestEpoch = bestEpoch;
            this.test = test;
            this.trainAccuracy = trainAccuracy;
        }
    }

    private static final int CLASSES = Emotion.values().length;
    /** Test-time views: the face and its mirror, probabilities averaged. */
    private static final int TEST_VIEWS = 2;

    private final TrainingOptions options;
    private final TrainingListener listener;

    public ExpressionTrainer(TrainingOptions options, TrainingListener listener) {
        this.options = options;
        this.listener = listener;
    }

    /**
     * Trains on {@code train} and reports on {@code test} (may be empty).
     *
     * @param fold         1-based fold number for the log, 0 outside cross-validation
     * @param progressFrom,progressTo the part of the listener's progress bar this training fills
     */
    public Outcome train(List<FaceSample> train, List<FaceSample> test, int fold, double progressFrom, double progressTo)
            throws IOException {
        if (train.isEmpty()) throw new IllegalArgumentException("no training faces");
        List<FaceSample> fit = train;
        List<FaceSample> heldOut = Collections.emptyList();
        if (options.earlyStopFraction() > 0 && train.size() >= 10) {
            List<List<FaceSample>> parts = Splits.holdOut(train, options.earlyStopFraction(), options.seed() + fold);
            fit = parts.get(0);
            heldOut = parts.get(1);
        }
        Engine engine = PyTorchRuntime.engine();
        engine.setRandomSeed((int) options.seed());
        Random random = new Random(options.seed() + fold);
        TrainedModel model = TrainedModel.create(options);
        try {
            return fit(model, fit, heldOut, test, fold, random, progressFrom, progressTo);
        } catch (IOException | RuntimeException e) {
            model.close();
            throw e;
        }
    }

    private Outcome fit(TrainedModel model, List<FaceSample> fit, List<FaceSample> heldOut, List<FaceSample> test, int fold,
                        Random random, double progressFrom, double progressTo) throws IOException {
        boolean frozen = !model.fineTuned();
        long started = System.nanoTime();
        // frozen: every view's features once; fine-tune: only the plain views, for the standardisation
        float[][][] fitFeatures = features(model, fit, frozen ? trainingViews(fit, random) : plainViews(fit, 1), "training faces");
        float[][][] heldOutFeatures = frozen ? features(model, heldOut, plainViews(heldOut, TEST_VIEWS), "held-out faces") : null;
        float[][][] testFeatures = frozen ? features(model, test, plainViews(test, TEST_VIEWS), "test faces") : null;
        standardise(model, fitFeatures);

        float[] weights = classWeights(fit);
        Optimizer headOptimizer = adam(options.learningRate());
        Optimizer backboneOptimizer = adam(options.learningRate() * options.backboneLearningRateFactor());
        List<Parameter> headParams = new ArrayList<>(model.head().getParameters().values());
        List<Parameter> backboneParams = new ArrayList<>();
        if (!frozen) {
            for (GraphNetwork net : model.rebuilt()) {
                for (Parameter p : net.getParameters().values()) if (p.requiresGradient()) backboneParams.add(p);
            }
            long n = 0;
            for (Parameter p : backboneParams) n += p.getShape().size();
            listener.message("fine-tuning " + n + " backbone weights (learning rate x" + options.backboneLearningRateFactor() + ")");
        }
        List<Parameter> all = new ArrayList<>(headParams);
        all.addAll(backboneParams);

        List<EpochStats> history = new ArrayList<>();
        Map<Parameter, float[]> best = null;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch = 0;
        int sinceBest = 0;
        int epochs = options.epochs();
        int batchSize = options.batchSize();
        int batchesPerEpoch = (fit.size() + batchSize - 1) / batchSize;
        double trainAccuracy = Double.NaN;
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long epochStart = System.nanoTime();
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < fit.size(); i++) order.add(i);
            Collections.shuffle(order, random);
            double lossSum = 0;
            int correct = 0;
            for (int b = 0; b < batchesPerEpoch; b++) {
                if (listener.cancelled()) throw new CancellationException("training was cancelled");
                List<Integer> idx = order.subList(b * batchSize, Math.min(fit.size(), (b + 1) * batchSize));
                if (idx.size() < 2 && options.batchNorm()) continue;  // batch norm needs two faces
                try (NDManager batch = model.manager().newSubManager()) {
                    ParameterStore store = new ParameterStore(batch, false);
                    int[] labels = new int[idx.size()];
                    float[] w = new float[idx.size()];
                    for (int i = 0; i < idx.size(); i++) {
                        labels[i] = fit.get(idx.get(i)).label.ordinal();
                        w[i] = weights[labels[i]];
                    }
                    try (GradientCollector gc = PyTorchRuntime.engine().newGradientCollector()) {
                        NDArray x;
                        if (frozen) {
                            float[][] rows = new float[idx.size()][];
                            for (int i = 0; i < idx.size(); i++) {
                                float[][] views = fitFeatures[idx.get(i)];
                                rows[i] = views[random.nextInt(views.length)];
                            }
                            x = batch.create(rows);
                        } else {
                            List<FaceView> views = new ArrayList<>();
                            for (int i : idx) views.add(Augmentation.view(fit.get(i), options.augment(), random));
                            x = model.features(store, batch, views, true);
                        }
                        NDArray logits = model.logits(store, x, true);
                        NDArray target = batch.create(labels).oneHot(CLASSES);
                        float smoothing = (float) options.labelSmoothing();
                        if (smoothing > 0) target = target.mul(1 - smoothing).add(smoothing / CLASSES);
                        NDArray perFace = logits.logSoftmax(1).mul(target).sum(new int[] {1}).neg();
                        NDArray loss = perFace.mul(batch.create(w)).sum().div(Math.max(1e-6f, sum(w)));
                        gc.backward(loss);
                        lossSum += loss.getFloat() * idx.size();
                        int[] predicted = logits.argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
                        for (int i = 0; i < idx.size(); i++) if (predicted[i] == labels[i]) correct++;
                    }
                    for (Parameter p : headParams) step(headOptimizer, p);
                    // the new head first learns on the pretrained features, so that its first random
                    // gradients do not wreck them
                    boolean warmingUp = epoch <= options.warmupEpochs();
                    for (Parameter p : backboneParams) {
                        if (warmingUp) clearGradient(p);
                        else step(backboneOptimizer, p);
                    }
                }
                double done = ((epoch - 1) * batchesPerEpoch + b + 1) / (double) (epochs * batchesPerEpoch);
                double elapsed = (System.nanoTime() - started) / 1e9;
                listener.progress(progressFrom + (progressTo - progressFrom) * done, elapsed / done * (1 - done));
            }
            double trainLoss = lossSum / fit.size();
            double accuracy = correct / (double) fit.size();
            double[] held = heldOut.isEmpty() ? new double[] {Double.NaN, Double.NaN}
                    : lossAndAccuracy(predict(model, heldOut, heldOutFeatures), heldOut);
            // the test faces are watched per epoch for the final model only: cross-validation folds are scored once
            double testAccuracy = test.isEmpty() || (fold > 0 && !frozen) ? Double.NaN
                    : lossAndAccuracy(predict(model, test, testFeatures), test)[1];
            double monitored = heldOut.isEmpty() ? trainLoss : held[0];
            boolean improved = monitored < bestLoss;
            if (improved) {
                bestLoss = monitored;
                bestEpoch = epoch;
                sinceBest = 0;
                best = snapshot(all, model);
                trainAccuracy = accuracy;
            } else {
                sinceBest++;
            }
            EpochStats stats = new EpochStats(fold, epoch, epochs, trainLoss, accuracy, held[0], held[1], testAccuracy,
                    (System.nanoTime() - epochStart) / 1e9, improved);
            history.add(stats);
            listener.epoch(stats);
            if (options.patience() > 0 && sinceBest >= options.patience()) {
                listener.message("early stop after epoch " + epoch + ": held-out loss best at epoch " + bestEpoch);
                break;
            }
        }
        restore(best);
        ConfusionMatrix matrix = new ConfusionMatrix();
        if (!test.isEmpty()) {
            float[][] p = predict(model, test, testFeatures);
            for (int i = 0; i < test.size(); i++) matrix.add(test.get(i).label, Emotion.values()[argMax(p[i])]);
        }
        return new Outcome(model, history, bestEpoch, matrix, trainAccuracy);
    }

    private static Optimizer adam(double lr) {
        return Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) lr)).build();
    }

    private static void step(Optimizer optimizer, Parameter p) {
        NDArray w = p.getArray();
        if (!w.hasGradient()) return;
        NDArray g = w.getGradient();
        optimizer.update(p.getId(), w, g);
        g.subi(g);
    }

    private static void clearGradient(Parameter p) {
        NDArray w = p.getArray();
        if (w.hasGradient()) w.getGradient().subi(w.getGradient());
    }

    /** Per class: total / (classes present * count), so that every class weighs the same; 1 each if switched off. */
    private float[] classWeights(List<FaceSample> fit) {
        float[] w = new float[CLASSES];
        int[] n = new int[CLASSES];
        for (FaceSample s : fit) n[s.label.ordinal()]++;
        int present = 0;
        for (int c : n) if (c > 0) present++;
        for (int k = 0; k < CLASSES; k++) w[k] = !options.classWeights() ? 1f : n[k] == 0 ? 0f : fit.size() / (float) (present * n[k]);
        return w;
    }

    private static float sum(float[] v) {
        float s = 0;
        for (float x : v) s += x;
        return s;
    }

    /** Views of each face whose features the frozen mode caches. */
    private List<List<FaceView>> trainingViews(List<FaceSample> samples, Random random) {
        List<List<FaceView>> out = new ArrayList<>();
        for (FaceSample s : samples) out.add(Augmentation.cachedViews(s, options.augment(), options.views(), random));
        return out;
    }

    /** The face (and its mirror when {@code n} is 2). */
    private static List<List<FaceView>> plainViews(List<FaceSample> samples, int n) {
        List<List<FaceView>> out = new ArrayList<>();
        for (FaceSample s : samples) {
            FaceView v = FaceView.of(s.crop);
            out.add(n == 1 ? List.of(v) : List.of(v, v.mirrored(true)));
        }
        return out;
    }

    /** Features [face][view][feature], computed in batches without gradient. */
    private float[][][] features(TrainedModel model, List<FaceSample> samples, List<List<FaceView>> views, String what) {
        float[][][] out = new float[samples.size()][][];
        List<FaceView> flat = new ArrayList<>();
        List<int[]> where = new ArrayList<>();
        for (int i = 0; i < views.size(); i++) {
            out[i] = new float[views.get(i).size()][];
            for (int v = 0; v < views.get(i).size(); v++) {
                flat.add(views.get(i).get(v));
                where.add(new int[] {i, v});
            }
        }
        if (flat.isEmpty()) return out;
        long start = System.nanoTime();
        int chunk = 64;
        for (int from = 0; from < flat.size(); from += chunk) {
            if (listener.cancelled()) throw new CancellationException("training was cancelled");
            List<FaceView> part = flat.subList(from, Math.min(flat.size(), from + chunk));
            try (NDManager batch = model.manager().newSubManager()) {
                float[] f = model.features(new ParameterStore(batch, false), batch, part, false).toFloatArray();
                int d = f.length / part.size();
                for (int j = 0; j < part.size(); j++) {
                    int[] at = where.get(from + j);
                    out[at[0]][at[1]] = java.util.Arrays.copyOfRange(f, j * d, (j + 1) * d);
                }
            }
        }
        double s = (System.nanoTime() - start) / 1e9;
        listener.message(String.format(java.util.Locale.ROOT, "features of %d views of %d %s: %.1f s (%.0f views/s)",
                flat.size(), samples.size(), what, s, flat.size() / Math.max(s, 1e-9)));
        return out;
    }

    /** Per-feature mean and standard deviation over all cached views of the training faces. */
    private static void standardise(TrainedModel model, float[][][] features) {
        int d = features[0][0].length;
        double[] sum = new double[d];
        double[] sq = new double[d];
        long n = 0;
        for (float[][] face : features) {
            for (float[] v : face) {
                for (int j = 0; j < d; j++) {
                    sum[j] += v[j];
                    sq[j] += (double) v[j] * v[j];
                }
                n++;
            }
        }
        float[] mean = new float[d];
        float[] std = new float[d];
        for (int j = 0; j < d; j++) {
            mean[j] = (float) (sum[j] / n);
            std[j] = (float) Math.sqrt(Math.max(sq[j] / n - mean[j] * (double) mean[j], 0) + 1e-6);
        }
        model.initializeHead(mean, std);
    }

    /** Probabilities per face, averaged over its test views (cached features in frozen mode). */
    private static float[][] predict(TrainedModel model, List<FaceSample> samples, float[][][] cached) {
        float[][] out = new float[samples.size()][];
        if (cached == null) {
            List<FaceView> views = new ArrayList<>();
            for (FaceSample s : samples) {
                views.add(FaceView.of(s.crop));
                views.add(FaceView.of(s.crop).mirrored(true));
            }
            float[][] p = model.probabilities(views);
            for (int i = 0; i < samples.size(); i++) out[i] = mean(p[2 * i], p[2 * i + 1]);
            return out;
        }
        for (int start = 0; start < samples.size(); start += 256) {
            int end = Math.min(samples.size(), start + 256);
            try (NDManager batch = model.manager().newSubManager()) {
                ParameterStore store = new ParameterStore(batch, false);
                float[][] rows = new float[(end - start) * TEST_VIEWS][];
                for (int i = start; i < end; i++) for (int v = 0; v < TEST_VIEWS; v++) rows[(i - start) * TEST_VIEWS + v] = cached[i][v];
                float[] p = model.logits(store, batch.create(rows), false).softmax(1).toFloatArray();
                for (int i = start; i < end; i++) {
                    int r = (i - start) * TEST_VIEWS;
                    out[i] = mean(java.util.Arrays.copyOfRange(p, r * CLASSES, (r + 1) * CLASSES),
                            java.util.Arrays.copyOfRange(p, (r + 1) * CLASSES, (r + 2) * CLASSES));
                }
            }
        }
        return out;
    }

    private static float[] mean(float[] a, float[] b) {
        float[] m = new float[a.length];
        for (int i = 0; i < a.length; i++) m[i] = (a[i] + b[i]) / 2;
        return m;
    }

    /** Mean cross-entropy (unweighted) and accuracy. */
    private static double[] lossAndAccuracy(float[][] probs, List<FaceSample> samples) {
        double loss = 0;
        int correct = 0;
        for (int i = 0; i < samples.size(); i++) {
            int truth = samples.get(i).label.ordinal();
            loss -= Math.log(Math.max(probs[i][truth], 1e-7));
            if (argMax(probs[i]) == truth) correct++;
        }
        return new double[] {loss / samples.size(), correct / (double) samples.size()};
    }

    static int argMax(float[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    private static Map<Parameter, float[]> snapshot(List<Parameter> params, TrainedModel model) {
        Map<Parameter, float[]> s = new LinkedHashMap<>();
        for (Parameter p : params) s.put(p, p.getArray().toFloatArray());
        // batch norm's running statistics are not trained parameters but change too
        for (Parameter p : model.head().getParameters().values()) s.putIfAbsent(p, p.getArray().toFloatArray());
        return s;
    }

    private static void restore(Map<Parameter, float[]> best) {
        if (best == null) return;
        for (Map.Entry<Parameter, float[]> e : best.entrySet()) e.getKey().getArray().set(FloatBuffer.wrap(e.getValue()));
    }
}
