package emotij.featurehead;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import com.google.gson.JsonObject;
import com.google.gson.JsonParseException;
import com.google.gson.JsonParser;
import emotij.backbone.Backbone;
import emotij.classify.Emotion;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The spec file ({@value #FILE}) of a trained model folder, read and checked: classes, backbones, tap, feature
 * standardisation, training settings and, for heads that run without PyTorch, the dense layers. Written by
 * {@code emotij.train.TrainedModel#save}; read by it and by {@link FeatureHeadNetwork}.
 */
public final class ModelSpec {

    public static final String FILE = "emotij-model.json";
    public static final String FORMAT = "emotij-trained-expression-classifier";
    /** Training setting: the shipped network whose probabilities are averaged with the head's ({@code fast}), or none. */
    public static final String AVERAGE_WITH = "average_with";

    private final Path file;
    private final JsonObject json;
    private final List<Emotion> classes;

    private ModelSpec(Path file, JsonObject json, List<Emotion> classes) {
        this.file = file;
        this.json = json;
        this.classes = classes;
    }

    /** Whether {@code dir} looks like a trained model folder (it has the spec file). */
    public static boolean isModelFolder(Path dir) {
        return Files.isRegularFile(dir.resolve(FILE));
    }

    /**
     * Reads and checks the spec of the model folder {@code dir}.
     *
     * @throws IOException naming the folder and what is missing or wrong, and what to do
     */
    public static ModelSpec read(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) throw new IOException("Trained model folder not found: " + dir);
        Path specFile = dir.resolve(FILE);
        if (!Files.isRegularFile(specFile)) {
            throw new IOException("Folder " + dir + " is not a trained EmotiJ model: it has no " + FILE
                    + " (train one with Plugins > EmotiJ > Train Expression Classifier or 'emotij train')");
        }
        String problem;
        try {
            JsonElement json = JsonParser.parseString(Files.readString(specFile, StandardCharsets.UTF_8));
            problem = json.isJsonObject() ? problem(json.getAsJsonObject()) : "it holds no JSON object";
            if (problem == null) return new ModelSpec(specFile, json.getAsJsonObject(), labels(json.getAsJsonObject(), specFile));
        } catch (CharacterCodingException e) {
            problem = "it is not a text (JSON) file";
        } catch (JsonParseException e) {
            problem = "it is not valid JSON (" + e.getMessage() + ")";
        }
        throw corrupt(specFile, problem);
    }

    private static IOException corrupt(Path specFile, String problem) {
        return new IOException("Model spec " + specFile + " is corrupt or not an EmotiJ trained model: " + problem
                + "; retrain the model (emotij train, or Plugins > EmotiJ > Train Expression Classifier) or restore "
                + "its folder");
    }

    /** What a spec lacks that a loader needs, or null. */
    private static String problem(JsonObject spec) {
        JsonElement format = spec.get("format");
        if (format == null || !format.isJsonPrimitive()) return "it has no \"format\"";
        if (!FORMAT.equals(format.getAsString())) return "its format is " + format + ", not \"" + FORMAT + "\"";
        if (!spec.has("training") || !spec.get("training").isJsonObject()) return "it has no \"training\" options";
        for (String list : List.of("backbones", "feature_mean", "feature_std")) {
            if (!spec.has(list) || !spec.get(list).isJsonArray()) return "it has no \"" + list + "\" list";
        }
        if (spec.has("head") && !spec.get("head").isJsonArray()) return "its \"head\" is not a list of layers";
        return null;
    }

    /** The classes of the model's outputs; models from before classes were kept have all 7. */
    private static List<Emotion> labels(JsonObject spec, Path specFile) throws IOException {
        if (!spec.has("labels")) return List.of(Emotion.values());
        List<Emotion> classes = new ArrayList<>();
        JsonArray labels;
        try {
            labels = spec.getAsJsonArray("labels");
        } catch (RuntimeException e) {
            throw new IOException("Model spec " + specFile + ": labels must be a list of class names: retrain or restore the folder", e);
        }
        for (JsonElement e : labels) {
            Emotion c = Emotion.parse(e.getAsString());
            if (c == null || classes.contains(c)) {
                throw new IOException("Model spec " + specFile + " has an unknown or repeated class '" + e.getAsString()
                        + "' in labels (known: " + String.join(", ", Emotion.labels()) + "): retrain or restore the folder");
            }
            classes.add(c);
        }
        if (classes.size() < 2) throw new IOException("Model spec " + specFile + " names fewer than 2 classes: retrain or restore the folder");
        return List.copyOf(classes);
    }

    public Path file() {
        return file;
    }

    /** The classes the model tells apart, in FER-2013 order. */
    public List<Emotion> classes() {
        return classes;
    }

    /** The training settings by key, as strings. */
    public Map<String, String> training() {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, JsonElement> e : json.getAsJsonObject("training").entrySet()) m.put(e.getKey(), e.getValue().getAsString());
        return m;
    }

    /** The backbones by name (a shipped name or a SavedModel folder). */
    public List<String> backboneNames() {
        List<String> names = new ArrayList<>();
        for (JsonElement b : json.getAsJsonArray("backbones")) names.add(b.getAsJsonObject().get("name").getAsString());
        return names;
    }

    /** The backbones, with the output key and input range of a user's SavedModel as trained. */
    public List<Backbone> backbones() throws IOException {
        Map<String, String> t = training();
        float[] range = Backbone.parseInputRange(t.getOrDefault("input_range", "0,1"));
        List<Backbone> list = new ArrayList<>();
        for (String name : backboneNames()) list.add(Backbone.named(name, t.get("backbone_output"), range[0], range[1]));
        return list;
    }

    /** Whether the spec holds the head's dense layers (frozen heads without batch normalisation). */
    public boolean hasDenseHead() {
        return json.has("head");
    }

    /** Whether the backbones were fine-tuned (their weights are in the folder; such a model needs PyTorch). */
    public boolean fineTuned() {
        for (JsonElement b : json.getAsJsonArray("backbones")) if (b.getAsJsonObject().has("weights")) return true;
        return false;
    }

    public FrozenBackbones.Tap tap() {
        return FrozenBackbones.Tap.parse(json.has("tap") ? json.get("tap").getAsString() : training().getOrDefault("tap", "pooled"));
    }

    public float[] featureMean() {
        return floats(json.getAsJsonArray("feature_mean"));
    }

    public float[] featureStd() {
        return floats(json.getAsJsonArray("feature_std"));
    }

    /** The dense head, when the spec holds its layers (frozen models without batch normalisation), else null. */
    public DenseHead denseHead() throws IOException {
        if (!json.has("head")) return null;
        List<DenseHead.Layer> layers = new ArrayList<>();
        try {
            for (JsonElement e : json.getAsJsonArray("head")) {
                JsonObject l = e.getAsJsonObject();
                layers.add(new DenseHead.Layer(l.get("inputs").getAsInt(), l.get("outputs").getAsInt(),
                        packedFloats(l.get("weight").getAsString()), floats(l.getAsJsonArray("bias"))));
            }
            DenseHead head = new DenseHead(featureMean(), featureStd(), layers);
            if (head.outputs() != classes.size()) {
                throw new IllegalArgumentException("the head scores " + head.outputs() + " classes, the labels name " + classes.size());
            }
            return head;
        } catch (RuntimeException e) {
            throw corrupt(file, "its head layers do not fit together (" + e.getMessage() + ")");
        }
    }

    /**
     * The head's layers as the spec stores them: weights as base64 of little-endian float32 values (a hidden layer
     * has hundreds of thousands; as JSON numbers they would make the spec four times larger), biases as numbers.
     */
    public static JsonArray headJson(List<DenseHead.Layer> layers) {
        JsonArray a = new JsonArray();
        for (DenseHead.Layer l : layers) {
            JsonObject o = new JsonObject();
            o.addProperty("inputs", l.inputs());
            o.addProperty("outputs", l.outputs());
            o.addProperty("weight", packed(l.weight()));
            o.add("bias", json(l.bias()));
            a.add(o);
        }
        return a;
    }

    /** The shipped network averaged with the head ({@code fast}), or null for none. */
    public String averageWith() {
        String v = training().getOrDefault(AVERAGE_WITH, "none");
        return v.equals("none") ? null : v;
    }

    /** Scores kept with the model, or an empty object. */
    public JsonObject scores() {
        return json.has("scores") && json.get("scores").isJsonObject() ? json.getAsJsonObject("scores") : new JsonObject();
    }

    public static JsonArray json(float[] v) {
        JsonArray a = new JsonArray();
        for (float f : v) a.add(f);
        return a;
    }

    private static String packed(float[] v) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(4 * v.length).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(v);
        return java.util.Base64.getEncoder().encodeToString(b.array());
    }

    private static float[] packedFloats(String base64) {
        java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(java.util.Base64.getDecoder().decode(base64)).order(java.nio.ByteOrder.LITTLE_ENDIAN);
        float[] v = new float[b.remaining() / 4];
        b.asFloatBuffer().get(v);
        return v;
    }

    private static float[] floats(JsonArray a) {
        float[] v = new float[a.size()];
        for (int i = 0; i < v.length; i++) v[i] = a.get(i).getAsFloat();
        return v;
    }
}
