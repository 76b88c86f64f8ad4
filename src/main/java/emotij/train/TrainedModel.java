package emotij.train;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.training.initializer.XavierInitializer;
import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import com.google.gson.JsonParser;
import emotij.backbone.Backbone;
import emotij.backbone.GraphNetwork;
import emotij.classify.Emotion;
import emotij.classify.ExpressionNetwork;
import emotij.classify.FaceView;
import emotij.engine.PyTorchRuntime;
import emotij.featurehead.DenseHead;
import emotij.featurehead.FeatureHeadNetwork;
import emotij.featurehead.FrozenBackbones;
import emotij.featurehead.ModelSpec;
import emotij.classify.FerNetwork;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An expression classifier made by training: backbones (frozen TensorFlow models, or networks rebuilt for
 * PyTorch and fine-tuned), their features at a tap point, concatenated and standardised, then a new head
 * (optionally one hidden layer) with one output per class it was trained on (FER-2013 order; a class without
 * training faces has no output, and probability 0 in the 7 result columns). Runs on the PyTorch engine; saved as a folder
 * ({@link #save}) that {@link #load} reads back, and usable wherever the built-in classifier is
 * ({@link ExpressionNetwork}).
 */
public final class TrainedModel implements ExpressionNetwork {

    public static final String SPEC_FILE = ModelSpec.FILE;
    static final String HEAD_FILE = "head.params";

    private final TrainingOptions options;
    private final List<Backbone> backbones;
    private final NDManager manager;
    /** frozen mode: the backbones as TensorFlow models; fine-tune mode: null */
    private final FrozenBackbones frozen;
    /** fine-tune mode: the rebuilt backbones; frozen mode: null */
    private final List<GraphNetwork> rebuilt;
    private final SequentialBlock head;
    /** The classes the head has outputs for, in FER-2013 order (at least 2). */
    private final List<Emotion> classes;
    private NDArray mean;
    private NDArray std;
    private JsonObject scores = new JsonObject();
    private final Path source;

    /** The shipped network averaged with the head ({@code average_with=fast}), loaded when first needed; or null. */
    private ExpressionNetwork averaged;
    /** The shipped net's probabilities of the views scored so far (held-out and Val faces, every epoch). */
    private final Map<FaceView, float[]> shippedProbabilities = new java.util.concurrent.ConcurrentHashMap<>();

    private TrainedModel(TrainingOptions options, List<Backbone> backbones, NDManager manager, FrozenBackbones frozen,
                         List<GraphNetwork> rebuilt, SequentialBlock head, List<Emotion> classes, Path source) {
        this.options = options;
        this.backbones = backbones;
        this.manager = manager;
        this.frozen = frozen;
        this.rebuilt = rebuilt;
        this.head = head;
        this.classes = List.copyOf(classes);
        this.source = source;
    }

    /** A new model for all 7 classes with the backbones' original weights and an untrained head. */
    static TrainedModel create(TrainingOptions options) throws IOException {
        return create(options, List.of(Emotion.values()));
    }

    /** A new model for {@code classes} (at least 2) with the backbones' original weights and an untrained head. */
    static TrainedModel create(TrainingOptions options, List<Emotion> classes) throws IOException {
        if (classes.size() < 2) throw new IllegalArgumentException("a classifier needs at least 2 classes, not " + classes);
        List<Backbone> backbones = new ArrayList<>();
        float[] range = options.inputRange();
        for (String b : options.backbones()) backbones.add(Backbone.named(b, options.backboneOutput(), range[0], range[1]));
        options.checkCombination();
        return assemble(options, backbones, classes, null);
    }

    private static TrainedModel assemble(TrainingOptions options, List<Backbone> backbones, List<Emotion> classes,
                                         Path source) throws IOException {
        Engine engine = PyTorchRuntime.engine();
        NDManager manager = engine.newBaseManager();
        FrozenBackbones frozen = null;
        List<GraphNetwork> rebuilt = null;
        try {
            if (options.mode() == TrainingOptions.Mode.FROZEN) {
                frozen = FrozenBackbones.load(backbones, options.tap());
            } else {
                rebuilt = new ArrayList<>();
                for (Backbone b : backbones) {
                    GraphNetwork net = b.rebuild(options.tap() == FrozenBackbones.Tap.CLASSIFIER);
                    net.initializeWithGraphWeights(manager);
                    net.trainLastConvolutions(options.trainLayers());
                    rebuilt.add(net);
                }
            }
        } catch (IOException | RuntimeException e) {
            if (frozen != null) frozen.close();
            manager.close();
            throw e;
        }
        SequentialBlock head = new SequentialBlock();
        if (options.batchNorm()) head.add(BatchNorm.builder().build());
        if (options.dropout() > 0) head.add(Dropout.builder().optRate((float) options.dropout()).build());
        if (options.hidden() > 0) {
            head.add(Linear.builder().setUnits(options.hidden()).build());
            head.add(Activation.reluBlock());
            if (options.dropout() > 0) head.add(Dropout.builder().optRate((float) options.dropout()).build());
        }
        head.add(Linear.builder().setUnits(classes.size()).build());
        head.setInitializer(new XavierInitializer(), Parameter.Type.WEIGHT);
        return new TrainedModel(options, backbones, manager, frozen, rebuilt, head, classes, source);
    }

    /** The classes the model tells apart (its outputs), in FER-2013 order. */
    public List<Emotion> classes() {
        return classes;
    }

    /**
     * What the features depend on besides the views: mode, tap and each backbone with its model file (path, size,
     * modification time), so that a changed model never reuses cached features.
     */
    String featureIdentity() throws IOException {
        StringBuilder s = new StringBuilder("mode=").append(options.mode()).append(" tap=").append(options.tap());
        for (Backbone b : backbones) {
            Path pb = b.modelDir().resolve("saved_model.pb").toAbsolutePath();
            s.append(" backbone=").append(b.name()).append('@').append(pb).append(':').append(Files.size(pb)).append(':')
                    .append(Files.getLastModifiedTime(pb).toMillis()).append(" output=").append(b.featureKey())
                    .append(" input=").append(b.size()).append('x').append(b.channels());
        }
        return s.append(" range=").append(options.asMap().get("input_range")).toString();
    }

    TrainingOptions options() {
        return options;
    }

    NDManager manager() {
        return manager;
    }

    boolean fineTuned() {
        return rebuilt != null;
    }

    List<GraphNetwork> rebuilt() {
        return rebuilt;
    }

    SequentialBlock head() {
        return head;
    }

    /**
     * Sets the standardisation of the features (per-feature mean and standard deviation of the training faces)
     * and initialises the head for that many features.
     */
    void initializeHead(float[] featureMean, float[] featureStd) {
        mean = manager.create(featureMean);
        std = manager.create(featureStd);
        head.initialize(manager, DataType.FLOAT32, new Shape(2, featureMean.length));
        if (options.tap() == FrozenBackbones.Tap.CLASSIFIER && options.hidden() == 0 && !options.batchNorm()) {
            // undo the standardisation: the head starts as the backbone's own classifier (its rows for our classes)
            List<Parameter> output = new ArrayList<>(head.getParameters().values());
            int n = featureStd.length;
            float[] weight = new float[classes.size() * n];
            float[] bias = new float[classes.size()];
            for (int r = 0; r < classes.size(); r++) {
                int k = classes.get(r).ordinal();
                weight[r * n + k] = featureStd[k];
                bias[r] = featureMean[k];
            }
            PyTorchRuntime.overwrite(output.get(0).getArray(), weight);
            PyTorchRuntime.overwrite(output.get(1).getArray(), bias);
        }
    }

    /**
     * The features of {@code views} at the tap point, concatenated over backbones (not yet standardised), as an
     * array of {@code batch}'s manager. Through TensorFlow for frozen backbones (no gradient), through the rebuilt
     * networks (with gradient when {@code training}) otherwise.
     */
    NDArray features(ParameterStore store, NDManager batch, List<FaceView> views, boolean training) {
        return features(store, batch, inputs(views), views.size(), training);
    }

    /** The views sampled into each backbone's input layout (one array per backbone), in parallel. */
    float[][] inputs(List<FaceView> views) {
        return FrozenBackbones.inputs(backbones, views);
    }

    /** {@link #features(ParameterStore, NDManager, List, boolean)} of views already sampled by {@link #inputs}. */
    NDArray features(ParameterStore store, NDManager batch, float[][] inputs, int count, boolean training) {
        if (frozen != null) {
            float[][] f = frozen.features(inputs, count);
            return batch.create(f);
        }
        NDList parts = new NDList();
        for (int b = 0; b < backbones.size(); b++) {
            Backbone bb = backbones.get(b);
            NDArray x = batch.create(inputs[b], new Shape(count, bb.size(), bb.size(), bb.channels())).transpose(0, 3, 1, 2);
            parts.add(tapped(rebuilt.get(b).forward(store, new NDList(x), training).singletonOrThrow()));
        }
        return parts.size() == 1 ? parts.singletonOrThrow() : NDArrays.concat(parts, 1);
    }

    private NDArray tapped(NDArray f) {
        switch (options.tap()) {
            case POOLED: case CLASSIFIER: return f;  // the rebuilt net stops at the class scores before softmax
            case L2: return normalised(f);
            default: return f.concat(normalised(f), 1);
        }
    }

    private static NDArray normalised(NDArray f) {
        return f.div(f.square().sum(new int[] {1}, true).sqrt().add(1e-12f));
    }

    /** Class scores (before softmax) of standardised features. */
    NDArray logits(ParameterStore store, NDArray features, boolean training) {
        NDArray x = features.sub(mean).div(std);
        return head.forward(store, new NDList(x), training).singletonOrThrow();
    }

    @Override
    public float[][] probabilities(List<FaceView> views) {
        float[][] out = new float[views.size()][];
        int batchSize = 32;
        for (int start = 0; start < views.size(); start += batchSize) {
            List<FaceView> part = views.subList(start, Math.min(views.size(), start + batchSize));
            try (NDManager batch = manager.newSubManager()) {
                ParameterStore store = new ParameterStore(batch, false);
                float[][] p = allClasses(logits(store, features(store, batch, part, false), false).softmax(1).toFloatArray());
                System.arraycopy(p, 0, out, start, p.length);
            }
        }
        return averagedWithShipped(out, views, false);
    }

    /**
     * {@code p} (rows of the head's probabilities of {@code views}) averaged with the shipped network's where the
     * model says so ({@code average_with=fast}), else {@code p} itself. With {@code remember} (training's
     * evaluation faces, scored every epoch) the shipped net's probabilities of each view are computed once.
     */
    float[][] averagedWithShipped(float[][] p, List<FaceView> views, boolean remember) {
        if (!options.averageWithFast()) return p;
        synchronized (this) {
            if (averaged == null) {
                try {
                    averaged = FerNetwork.loadShipped();
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            }
        }
        float[][] shipped = remember ? rememberedShippedProbabilities(views) : averaged.probabilities(views);
        for (int i = 0; i < p.length; i++) p[i] = FeatureHeadNetwork.average(p[i], shipped[i], classes);
        return p;
    }

    /** The shipped net's probabilities of {@code views}, each view's computed once over the model's life. */
    private float[][] rememberedShippedProbabilities(List<FaceView> views) {
        List<FaceView> missing = new ArrayList<>();
        for (FaceView v : views) if (!shippedProbabilities.containsKey(v)) missing.add(v);
        if (!missing.isEmpty()) {
            float[][] computed = averaged.probabilities(missing);
            for (int i = 0; i < missing.size(); i++) shippedProbabilities.put(missing.get(i), computed[i]);
        }
        float[][] out = new float[views.size()][];
        for (int i = 0; i < out.length; i++) out[i] = shippedProbabilities.get(views.get(i));
        return out;
    }

    /**
     * Probabilities over this model's classes (rows of {@link #classes()} values, flattened) as rows of all 7 in
     * FER-2013 order, classes the model was not trained on at 0.
     */
    float[][] allClasses(float[] probabilities) {
        int k = classes.size();
        float[][] out = new float[probabilities.length / k][];
        for (int i = 0; i < out.length; i++) {
            out[i] = FeatureHeadNetwork.allClasses(java.util.Arrays.copyOfRange(probabilities, i * k, i * k + k), classes);
        }
        return out;
    }

    @Override
    public String description() {
        return "trained " + options.mode().name().toLowerCase() + " " + String.join("+", options.backbones())
                + (source != null ? " (" + source + ")" : "");
    }

    /** Scores and settings to keep with the model (written by {@link #save}). */
    void setScores(JsonObject s) {
        scores = s;
    }

    public JsonObject scores() {
        return scores;
    }

    /** Writes the model folder: spec (backbones, tap, labels, preprocessing, settings, scores) and weights. */
    public void save(Path dir) throws IOException {
        Files.createDirectories(dir);
        JsonObject spec = new JsonObject();
        spec.addProperty("format", ModelSpec.FORMAT);
        spec.addProperty("version", 1);
        JsonArray labels = new JsonArray();
        for (Emotion e : classes) labels.add(e.label());
        spec.add("labels", labels);
        JsonArray bbs = new JsonArray();
        for (int i = 0; i < backbones.size(); i++) {
            Backbone b = backbones.get(i);
            JsonObject o = new JsonObject();
            o.addProperty("name", b.rebuildable() ? b.name() : Path.of(b.name()).toAbsolutePath().toString());
            o.addProperty("input_size", b.size());
            o.addProperty("channels", b.channels());
            o.addProperty("output", b.featureKey());
            if (rebuilt != null) o.addProperty("weights", "backbone-" + i + ".params");
            bbs.add(o);
        }
        spec.add("backbones", bbs);
        spec.addProperty("tap", options.tap().name().toLowerCase());
        spec.add("feature_mean", ModelSpec.json(mean.toFloatArray()));
        spec.add("feature_std", ModelSpec.json(std.toFloatArray()));
        List<DenseHead.Layer> layers = denseLayers();
        if (layers != null) spec.add("head", ModelSpec.headJson(layers));
        JsonObject settings = new JsonObject();
        for (Map.Entry<String, String> e : options.asMap().entrySet()) settings.addProperty(e.getKey(), e.getValue());
        spec.add("training", settings);
        spec.add("scores", scores);
        Gson gson = new GsonBuilder().setPrettyPrinting().create();
        Files.writeString(dir.resolve(SPEC_FILE), gson.toJson(spec), StandardCharsets.UTF_8);
        writeParams(head, dir.resolve(HEAD_FILE));
        if (rebuilt != null) for (int i = 0; i < rebuilt.size(); i++) writeParams(rebuilt.get(i), dir.resolve("backbone-" + i + ".params"));
    }

    private static void writeParams(ai.djl.nn.Block block, Path file) throws IOException {
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(file)))) {
            block.saveParameters(out);
        }
    }

    /**
     * The head as plain dense layers, so that the folder runs without PyTorch ({@link FeatureHeadNetwork}); null
     * where that is not possible (fine-tuned backbones, batch normalisation).
     */
    private List<DenseHead.Layer> denseLayers() {
        if (rebuilt != null || options.batchNorm()) return null;
        List<DenseHead.Layer> layers = new ArrayList<>();
        for (ai.djl.nn.Block child : head.getChildren().values()) {
            if (!(child instanceof Linear)) continue;  // dropout is the identity at inference, ReLU sits between layers
            List<Parameter> p = new ArrayList<>(child.getParameters().values());
            NDArray w = p.get(0).getArray();
            layers.add(new DenseHead.Layer((int) w.getShape().get(1), (int) w.getShape().get(0), w.toFloatArray(), p.get(1).getArray().toFloatArray()));
        }
        return layers;
    }

    /** True if {@code dir} looks like a trained model folder (it has the spec file). */
    public static boolean isModelFolder(Path dir) {
        return ModelSpec.isModelFolder(dir);
    }

    /**
     * Reads a model folder written by {@link #save}.
     *
     * @throws IOException naming the folder and what is missing or wrong, and what to do
     */
    public static TrainedModel load(Path dir) throws IOException {
        ModelSpec spec = ModelSpec.read(dir);
        TrainingOptions options = TrainingOptions.defaults();
        for (Map.Entry<String, String> e : spec.training().entrySet()) {
            if (TrainingOptions.KEYS.contains(e.getKey())) options = options.with(e.getKey(), e.getValue());
        }
        // models saved before average_with existed were not averaged (the default is for new models)
        if (!spec.training().containsKey(TrainingOption.AVERAGE_WITH.key())) options = options.with(TrainingOption.AVERAGE_WITH, "none");
        options = options.with("backbone", String.join(",", spec.backboneNames()));
        TrainedModel m = assemble(options, spec.backbones(), spec.classes(), dir);
        try {
            m.initializeHead(spec.featureMean(), spec.featureStd());
            readParams(m.head, m.manager, dir.resolve(HEAD_FILE));
            if (m.rebuilt != null) {
                for (int i = 0; i < m.rebuilt.size(); i++) readParams(m.rebuilt.get(i), m.manager, dir.resolve("backbone-" + i + ".params"));
            }
            m.scores = spec.scores();
            return m;
        } catch (IOException | RuntimeException e) {
            m.close();
            throw e instanceof IOException ? (IOException) e : new IOException("Model " + dir + " could not be read: " + e.getMessage(), e);
        }
    }

    private static void readParams(ai.djl.nn.Block block, NDManager manager, Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new IOException("Model file missing: " + file + " (retrain or restore the model folder)");
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file)))) {
            block.loadParameters(manager, in);
        } catch (ai.djl.MalformedModelException | RuntimeException | java.io.EOFException e) {
            throw new IOException("Model file " + file + " is corrupt or does not fit the model's spec (" + e.getMessage()
                    + "): retrain or restore the model folder", e);
        }
    }

    @Override
    public void close() {
        if (frozen != null) frozen.close();
        if (averaged != null) averaged.close();
        manager.close();
    }
}
