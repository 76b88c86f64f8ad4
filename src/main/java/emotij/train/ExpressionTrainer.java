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

import emotij.image.Sampler;
import emotij.progress.ProgressMeter;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Trains an expression classifier on labelled faces with DJL's PyTorch engine: Adam, class weighting, early
 * stopping on a held-out part of the training faces (never on the test faces), augmentation, fixed seed. In
 * frozen mode the backbone features of every training view are computed once (and kept in a {@link FeatureCache}
 * for the next run), so the head trains in seconds; in fine-tune mode the backbone's last layers train with the
 * head at a lower learning rate. The model has outputs for the classes of its training faces only. Long stages
 * report their progress through the listener; a cancel keeps the best epoch finished so far.
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
        /** True when the run was cancelled: the model is the best epoch finished before that. */
        public final boolean cancelled;

        Outcome(TrainedModel model, List<EpochStats> history, int bestEpoch, ConfusionMatrix test, double trainAccuracy,
                boolean cancelled) {
            this.model = model;
            this.history = history;
            this.bestEpoch = bestEpoch;
            this.test = test;
            this.trainAccuracy = trainAccuracy;
            this.cancelled = cancelled;
        }
    }

    /** Test-time views: the face and its mirror, probabilities averaged. */
    private static final int TEST_VIEWS = 2;
    /**
     * Views per feature batch: on 2 cores 32, 64 and 128 ran at the same speed within the noise (README); 32 keeps
     * batches short, so that progress lines and a cancel come within seconds even on a busy machine.
     */
    private static final int FEATURE_BATCH = 32;
    /** Side of the gray thumbnail of each view that goes into the feature cache's key (its pixels and framing). */
    private static final int KEY_THUMBNAIL = 32;
    /** Changes whenever the way features are computed changes, so that old cache files are not used. */
    private static final String FEATURE_VERSION = "emotij-features-1";

    private final TrainingOptions options;
    private final TrainingListener listener;
    private final FeatureCache cache;
    private final Path datasetRoot;
    /** Views whose features were computed (not read from the cache) by this trainer so far. */
    private long computedViews;

    public ExpressionTrainer(TrainingOptions options, TrainingListener listener) {
        this(options, listener, FeatureCache.NONE, null);
    }

    /**
     * @param cache       where computed features are kept and looked up
     * @param datasetRoot the dataset folder the faces' names are relative to (its files' sizes and modification
     *                    times go into the cache key), or null
     */
    public ExpressionTrainer(TrainingOptions options, TrainingListener listener, FeatureCache cache, Path datasetRoot) {
        this.options = options;
        this.listener = listener;
        this.cache = cache;
        this.datasetRoot = datasetRoot;
    }

    /** The classes of {@code faces} in FER-2013 order. */
    public static List<Emotion> classesOf(List<FaceSample> faces) {
        boolean[] present = new boolean[Emotion.values().length];
        for (FaceSample s : faces) present[s.label.ordinal()] = true;
        List<Emotion> classes = new ArrayList<>();
        for (Emotion e : Emotion.values()) if (present[e.ordinal()]) classes.add(e);
        return classes;
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
        List<Emotion> classes = classesOf(train);
        if (classes.size() < 2) {
            throw new IllegalArgumentException("the training faces are all " + classes.get(0).label()
                    + ": a classifier needs faces of at least 2 classes");
        }
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
        TrainedModel model = TrainedModel.create(options, classes);
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
        Features features = features(model, fit, heldOut, test, random, progressFrom, progressTo);
        standardise(model, features.fit);
        Steps steps = new Steps(model, fit, features.fit, random);
        int epochs = options.epochs();
        int batchSize = options.batchSize();
        int batchesPerEpoch = (fit.size() + batchSize - 1) / batchSize;
        List<EpochStats> history = new ArrayList<>();
        EarlyStopping stopping = new EarlyStopping();
        boolean cancelled = false;
        int finished = 0;
        epochs:
        for (int epoch = 1; epoch <= epochs; epoch++) {
            long epochStart = System.nanoTime();
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < fit.size(); i++) order.add(i);
            Collections.shuffle(order, random);
            double lossSum = 0;
            int correct = 0;
            ProgressMeter meter = new ProgressMeter(listener::status, (fold > 0 ? "fold " + fold + " " : "") + "epoch "
                    + epoch + "/" + epochs, "faces", fit.size());
            for (int b = 0; b < batchesPerEpoch; b++) {
                if (listener.cancelled()) {
                    cancelled = true;
                    break epochs;
                }
                List<Integer> idx = order.subList(b * batchSize, Math.min(fit.size(), (b + 1) * batchSize));
                if (idx.size() < 2 && options.batchNorm()) continue;  // batch norm needs two faces
                double[] lossAndCorrect = steps.train(idx, epoch <= options.warmupEpochs());
                lossSum += lossAndCorrect[0];
                correct += (int) lossAndCorrect[1];
                meter.advance(idx.size());
                double done = ((epoch - 1) * batchesPerEpoch + b + 1) / (double) (epochs * batchesPerEpoch);
                listener.progress(features.epochsFrom + (progressTo - features.epochsFrom) * done, null);
            }
            meter.finish();
            double trainLoss = lossSum / fit.size();
            double accuracy = correct / (double) fit.size();
            float[][] heldOutProbabilities = heldOut.isEmpty() ? null : predict(model, heldOut, features.heldOut, "held-out faces", true);
            // the test faces are watched per epoch for the final model only: cross-validation folds are scored once
            boolean watchTest = !test.isEmpty() && (fold == 0 || frozen);
            float[][] testProbabilities = watchTest && (heldOut.isEmpty() || heldOutProbabilities != null)
                    ? predict(model, test, features.test, "test faces", true) : null;
            if ((!heldOut.isEmpty() && heldOutProbabilities == null) || (watchTest && testProbabilities == null)) {
                cancelled = true;  // while evaluating: this epoch does not count
                break;
            }
            double[] held = heldOut.isEmpty() ? new double[] {Double.NaN, Double.NaN} : lossAndAccuracy(heldOutProbabilities, heldOut);
            double testAccuracy = watchTest ? lossAndAccuracy(testProbabilities, test)[1] : Double.NaN;
            boolean improved = stopping.epochEnded(epoch, heldOut.isEmpty() ? trainLoss : held[0], accuracy,
                    () -> snapshot(steps.all, model));
            EpochStats stats = new EpochStats(fold, epoch, epochs, trainLoss, accuracy, held[0], held[1], testAccuracy,
                    (System.nanoTime() - epochStart) / 1e9, improved);
            history.add(stats);
            finished = epoch;
            listener.epoch(stats);
            if (options.patience() > 0 && stopping.sinceBest >= options.patience()) {
                listener.log("early stop after epoch " + epoch + ": held-out loss best at epoch " + stopping.bestEpoch);
                break;
            }
        }
        if (cancelled) {
            if (stopping.best == null) throw new CancellationException("training was cancelled before its first epoch ended: nothing to keep");
            listener.log("cancelled after " + finished + " of " + epochs + " epochs: keeping the best epoch so far (epoch "
                    + stopping.bestEpoch + ")");
        }
        restore(stopping.best);
        ConfusionMatrix matrix = new ConfusionMatrix();
        if (!test.isEmpty()) {
            // the kept epoch is scored even after a cancel, so that the saved model says what it is worth
            float[][] p = predict(model, test, features.test, "test faces", false);
            for (int i = 0; i < test.size(); i++) matrix.add(test.get(i).label, Emotion.values()[argMax(p[i])]);
        }
        return new Outcome(model, history, stopping.bestEpoch, matrix, stopping.trainAccuracy, cancelled);
    }

    /** The cached features of the training, held-out and test faces (frozen mode; fine-tune: the training faces' plain views). */
    private static final class Features {
        float[][][] fit;
        float[][][] heldOut;
        float[][][] test;
        /** Where the epochs start on the job's progress bar. */
        double epochsFrom;
    }

    private Features features(TrainedModel model, List<FaceSample> fit, List<FaceSample> heldOut, List<FaceSample> test,
                              Random random, double progressFrom, double progressTo) throws IOException {
        boolean frozen = !model.fineTuned();
        // frozen: every view's features once; fine-tune: only the plain views, for the standardisation
        List<List<FaceView>> fitViews = frozen ? trainingViews(fit, random) : plainViews(fit, 1);
        List<List<FaceView>> heldOutViews = frozen ? plainViews(heldOut, TEST_VIEWS) : List.of();
        List<List<FaceView>> testViews = frozen ? plainViews(test, TEST_VIEWS) : List.of();
        // the job's progress bar: in frozen mode the features take most of the time, the epochs seconds
        long[] viewCounts = {count(fitViews), count(heldOutViews), count(testViews)};
        double featureShare = frozen ? 0.8 : 0.05;
        double span = (progressTo - progressFrom) * featureShare / Math.max(1, viewCounts[0] + viewCounts[1] + viewCounts[2]);
        double at = progressFrom;
        long computedBefore = computedViews;
        Features f = new Features();
        f.fit = features(model, fit, fitViews, "training faces", at, at += span * viewCounts[0]);
        f.heldOut = frozen ? features(model, heldOut, heldOutViews, "held-out faces", at, at += span * viewCounts[1]) : null;
        f.test = frozen ? features(model, test, testViews, "test faces", at, at += span * viewCounts[2]) : null;
        // features read from the cache took no time: the epochs then fill the whole bar
        f.epochsFrom = computedViews == computedBefore ? progressFrom : progressFrom + (progressTo - progressFrom) * featureShare;
        return f;
    }

    /** The best epoch so far by the monitored loss, its weights, and the epochs since. */
    private static final class EarlyStopping {
        Map<Parameter, float[]> best;
        double bestLoss = Double.POSITIVE_INFINITY;
        int bestEpoch;
        int sinceBest;
        double trainAccuracy = Double.NaN;

        /** Notes an epoch's monitored loss; true (and its weights kept) when it is the best so far. */
        boolean epochEnded(int epoch, double monitored, double accuracy, java.util.function.Supplier<Map<Parameter, float[]>> weights) {
            if (monitored < bestLoss) {
                bestLoss = monitored;
                bestEpoch = epoch;
                sinceBest = 0;
                best = weights.get();
                trainAccuracy = accuracy;
                return true;
            }
            sinceBest++;
            return false;
        }
    }

    /** One optimiser step on a batch of training faces: the loss, its gradients, the head's and backbone's updates. */
    private final class Steps {
        final TrainedModel model;
        final List<FaceSample> fit;
        /** Frozen mode: the cached views' features of each training face; null when fine-tuning. */
        final float[][][] fitFeatures;
        final Random random;
        final List<Emotion> classes;
        final int[] classIndex = new int[Emotion.values().length];
        final float[] weights;
        final Optimizer headOptimizer = adam(options.learningRate());
        final Optimizer backboneOptimizer = adam(options.learningRate() * options.backboneLearningRateFactor());
        final List<Parameter> headParams;
        final List<Parameter> backboneParams = new ArrayList<>();
        final List<Parameter> all;

        Steps(TrainedModel model, List<FaceSample> fit, float[][][] fitFeatures, Random random) {
            this.model = model;
            this.fit = fit;
            this.fitFeatures = model.fineTuned() ? null : fitFeatures;
            this.random = random;
            this.classes = model.classes();
            for (int c = 0; c < classes.size(); c++) classIndex[classes.get(c).ordinal()] = c;
            this.weights = classWeights(fit, classes);
            this.headParams = new ArrayList<>(model.head().getParameters().values());
            if (model.fineTuned()) {
                for (GraphNetwork net : model.rebuilt()) {
                    for (Parameter p : net.getParameters().values()) if (p.requiresGradient()) backboneParams.add(p);
                }
                long n = 0;
                for (Parameter p : backboneParams) n += p.getShape().size();
                listener.log("fine-tuning " + n + " backbone weights (learning rate x" + options.backboneLearningRateFactor() + ")");
            }
            this.all = new ArrayList<>(headParams);
            all.addAll(backboneParams);
        }

        /**
         * Trains on the faces {@code idx} of the training set.
         *
         * @param warmingUp the backbone does not learn yet: the new head first learns on the pretrained features, so
         *                  that its first random gradients do not wreck them
         * @return {the batch's loss times its faces, the faces classified right}
         */
        double[] train(List<Integer> idx, boolean warmingUp) {
            double lossSum;
            int correct = 0;
            try (NDManager batch = model.manager().newSubManager()) {
                ParameterStore store = new ParameterStore(batch, false);
                int[] labels = new int[idx.size()];
                float[] w = new float[idx.size()];
                for (int i = 0; i < idx.size(); i++) {
                    labels[i] = classIndex[fit.get(idx.get(i)).label.ordinal()];
                    w[i] = weights[labels[i]];
                }
                try (GradientCollector gc = PyTorchRuntime.engine().newGradientCollector()) {
                    NDArray x;
                    if (fitFeatures != null) {
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
                    NDArray target = batch.create(labels).oneHot(classes.size());
                    float smoothing = (float) options.labelSmoothing();
                    if (smoothing > 0) target = target.mul(1 - smoothing).add(smoothing / classes.size());
                    NDArray perFace = logits.logSoftmax(1).mul(target).sum(new int[] {1}).neg();
                    NDArray loss = perFace.mul(batch.create(w)).sum().div(Math.max(1e-6f, sum(w)));
                    gc.backward(loss);
                    lossSum = loss.getFloat() * idx.size();
                    int[] predicted = logits.argMax(1).toType(ai.djl.ndarray.types.DataType.INT32, false).toIntArray();
                    for (int i = 0; i < idx.size(); i++) if (predicted[i] == labels[i]) correct++;
                }
                for (Parameter p : headParams) step(headOptimizer, p);
                for (Parameter p : backboneParams) {
                    if (warmingUp) clearGradient(p);
                    else step(backboneOptimizer, p);
                }
            }
            return new double[] {lossSum, correct};
        }
    }

    private static long count(List<List<FaceView>> views) {
        long n = 0;
        for (List<FaceView> v : views) n += v.size();
        return n;
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

    /**
     * Per model class: total / (classes present * count), so that every class weighs the same; 1 each if switched
     * off.
     */
    private float[] classWeights(List<FaceSample> fit, List<Emotion> classes) {
        float[] w = new float[classes.size()];
        int[] n = new int[classes.size()];
        for (FaceSample s : fit) n[classes.indexOf(s.label)]++;
        int present = 0;
        for (int c : n) if (c > 0) present++;
        for (int k = 0; k < w.length; k++) w[k] = !options.classWeights() ? 1f : n[k] == 0 ? 0f : fit.size() / (float) (present * n[k]);
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

    /**
     * Features [face][view][feature], computed in batches without gradient (the next batch's views are sampled on
     * another thread while the network runs), or read from the feature cache; then stored there.
     *
     * @param progressFrom,progressTo the part of the job's progress bar this fills
     */
    private float[][][] features(TrainedModel model, List<FaceSample> samples, List<List<FaceView>> views, String what,
                                 double progressFrom, double progressTo) throws IOException {
        float[][][] out = new float[samples.size()][][];
        int[] viewsPerFace = new int[samples.size()];
        List<FaceView> flat = new ArrayList<>();
        List<int[]> where = new ArrayList<>();
        for (int i = 0; i < views.size(); i++) {
            viewsPerFace[i] = views.get(i).size();
            out[i] = new float[viewsPerFace[i]][];
            for (int v = 0; v < views.get(i).size(); v++) {
                flat.add(views.get(i).get(v));
                where.add(new int[] {i, v});
            }
        }
        if (flat.isEmpty()) return out;
        String key = cache.enabled() ? cacheKey(model, samples, views) : null;
        if (key != null) {
            long start = System.nanoTime();
            float[][][] cached = cache.load(key, viewsPerFace);
            if (cached != null) {
                listener.log(String.format(Locale.ROOT, "features of %d views of %d %s: read from the feature cache in"
                        + " %.1f s (%s)", flat.size(), samples.size(), what, (System.nanoTime() - start) / 1e9, cache.dir()));
                return cached;
            }
        }
        ProgressMeter meter = new ProgressMeter(listener::status, "features of " + what, "views", flat.size());
        ExecutorService sampler = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "EmotiJ view sampler");
            t.setDaemon(true);
            return t;
        });
        try {
            Future<float[][]> next = sampler.submit(() -> model.inputs(flat.subList(0, Math.min(flat.size(), FEATURE_BATCH))));
            for (int from = 0; from < flat.size(); from += FEATURE_BATCH) {
                if (listener.cancelled()) throw new CancellationException("training was cancelled while computing features");
                int n = Math.min(flat.size(), from + FEATURE_BATCH) - from;
                float[][] inputs = next.get();
                int after = from + FEATURE_BATCH;
                if (after < flat.size()) {
                    next = sampler.submit(() -> model.inputs(flat.subList(after, Math.min(flat.size(), after + FEATURE_BATCH))));
                }
                try (NDManager batch = model.manager().newSubManager()) {
                    float[] f = model.features(new ParameterStore(batch, false), batch, inputs, n, false).toFloatArray();
                    int d = f.length / n;
                    for (int j = 0; j < n; j++) {
                        int[] at = where.get(from + j);
                        out[at[0]][at[1]] = java.util.Arrays.copyOfRange(f, j * d, (j + 1) * d);
                    }
                }
                meter.advance(n);
                listener.progress(progressFrom + (progressTo - progressFrom) * meter.fraction(), null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("training was interrupted while computing features");
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException ? (RuntimeException) e.getCause() : new IllegalStateException(e.getCause());
        } finally {
            sampler.shutdownNow();
        }
        meter.finish();
        computedViews += flat.size();
        listener.log(String.format(Locale.ROOT, "features of %d views of %d %s: %.1f s (%.1f views/s)",
                flat.size(), samples.size(), what, meter.elapsed(), meter.rate()));
        if (key != null) {
            try {
                cache.store(key, out);
                listener.log(String.format(Locale.ROOT, "kept them in the feature cache %s (%.0f MB in all; clear it with"
                        + " 'emotij train --clear-feature-cache')", cache.dir(), cache.size() / 1e6));
            } catch (IOException e) {
                // the run goes on without: the cache only saves time
                listener.log("could not keep the features in the feature cache " + cache.dir() + ": " + e.getMessage());
            }
        }
        return out;
    }

    /**
     * The feature cache's key: a SHA-256 of the feature code's version, the model (backbone files, mode, tap) and,
     * per face, its file (name, size, modification time) and a gray thumbnail of each view, which holds its pixels,
     * framing and augmentation (mirror, shift, turn, zoom, brightness).
     */
    private String cacheKey(TrainedModel model, List<FaceSample> samples, List<List<FaceView>> views) throws IOException {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        digest.update((FEATURE_VERSION + "\n" + model.featureIdentity() + "\n").getBytes(StandardCharsets.UTF_8));
        int side = KEY_THUMBNAIL * KEY_THUMBNAIL;
        float[][] thumbnails = new float[samples.size()][];
        java.util.stream.IntStream.range(0, samples.size()).parallel().forEach(i -> {
            List<FaceView> v = views.get(i);
            thumbnails[i] = new float[v.size() * side];
            for (int j = 0; j < v.size(); j++) v.get(j).sample(KEY_THUMBNAIL, Sampler.Output.GRAY, 1f, 0f, thumbnails[i], j * side);
        });
        for (int i = 0; i < samples.size(); i++) {
            digest.update((sourceFile(samples.get(i)) + "\n").getBytes(StandardCharsets.UTF_8));
            ByteBuffer bytes = ByteBuffer.allocate(thumbnails[i].length * 4);
            bytes.asFloatBuffer().put(thumbnails[i]);
            digest.update(bytes.array());
            thumbnails[i] = null;
        }
        StringBuilder hex = new StringBuilder();
        for (byte b : digest.digest()) hex.append(String.format(Locale.ROOT, "%02x", b));
        return hex.toString();
    }

    /** The face's file as {@code path:size:modified} where it is found under the dataset folder, else its name. */
    private String sourceFile(FaceSample s) {
        if (datasetRoot != null) {
            // names are relative to the dataset folder (SFEW layout) or to its parent (a folder of class folders)
            for (Path base : new Path[] {datasetRoot, datasetRoot.toAbsolutePath().getParent()}) {
                if (base == null) continue;
                Path f = base.resolve(s.name);
                try {
                    if (Files.isRegularFile(f)) {
                        return f.toAbsolutePath() + ":" + Files.size(f) + ":" + Files.getLastModifiedTime(f).toMillis();
                    }
                } catch (IOException ignored) {
                    // the name alone then
                }
            }
        }
        return s.name;
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

    /**
     * Probabilities (all 7 classes) per face, averaged over its test views (cached features in frozen mode); null
     * when {@code cancellable} and the run was cancelled meanwhile.
     */
    private float[][] predict(TrainedModel model, List<FaceSample> samples, float[][][] cached, String what, boolean cancellable) {
        float[][] out = new float[samples.size()][];
        int chunk = cached == null ? FEATURE_BATCH / TEST_VIEWS : 256;
        ProgressMeter meter = new ProgressMeter(listener::status, "evaluating on the " + what, "faces", samples.size());
        for (int start = 0; start < samples.size(); start += chunk) {
            if (cancellable && listener.cancelled()) return null;
            int end = Math.min(samples.size(), start + chunk);
            float[][] p;
            if (cached == null) {
                List<FaceView> views = new ArrayList<>();
                for (FaceSample s : samples.subList(start, end)) {
                    views.add(FaceView.of(s.crop));
                    views.add(FaceView.of(s.crop).mirrored(true));
                }
                p = model.probabilities(views);
            } else {
                try (NDManager batch = model.manager().newSubManager()) {
                    ParameterStore store = new ParameterStore(batch, false);
                    float[][] rows = new float[(end - start) * TEST_VIEWS][];
                    for (int i = start; i < end; i++) for (int v = 0; v < TEST_VIEWS; v++) rows[(i - start) * TEST_VIEWS + v] = cached[i][v];
                    p = model.allClasses(model.logits(store, batch.create(rows), false).softmax(1).toFloatArray());
                }
            }
            for (int i = start; i < end; i++) out[i] = mean(p[(i - start) * TEST_VIEWS], p[(i - start) * TEST_VIEWS + 1]);
            meter.advance(end - start);
        }
        meter.finish();
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
        for (Map.Entry<Parameter, float[]> e : best.entrySet()) PyTorchRuntime.overwrite(e.getKey().getArray(), e.getValue());
    }
}
