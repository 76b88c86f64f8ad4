package emotij.train;

import emotij.dataset.Grouping;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting of a training run, with the defaults found best by cross-validation on SFEW 2.0 Train (README).
 * The keys are the option names of all entry points: the macro/dialog keys ({@code hidden=256}), the SciJava
 * command's parameters and, with dashes, the command line ({@code --hidden 256}). Immutable; {@link #with} makes
 * a changed copy.
 */
public final class TrainingOptions {

    /** frozen: a new head on cached features; finetune: the backbone's last layers train with the head. */
    public enum Mode { FROZEN, FINETUNE }

    /** Which features of a backbone feed the head (the seed study's tap points). */
    public enum Tap {
        /** the pooled features as the network gives them */
        POOLED,
        /** the same, L2-normalised (FaceNet's embedding) */
        L2,
        /** both, concatenated */
        CONCAT,
        /**
         * the emotion net's own 7 FER-2013 class scores: the head starts as that classifier, so training adapts a
         * working emotion classifier instead of starting from chance
         */
        CLASSIFIER
    }

    /** Training augmentation. */
    public enum Augment {
        NONE,
        /** the image and its mirror */
        FLIP,
        /** 4 corner and a centre crop at 7/8 of the side, and their mirrors */
        TENCROP,
        /** mirror, small rotation, shift, zoom, shear and brightness, drawn anew each time */
        RANDOM
    }

    public static final List<String> KEYS = List.of("mode", "backbone", "tap", "hidden", "dropout", "batch_norm",
            "epochs", "batch_size", "learning_rate", "backbone_lr", "train_layers", "warmup_epochs", "patience", "early_stop_fraction",
            "class_weights", "label_smoothing", "augment", "views", "seed", "folds", "validation_fraction", "group_by", "backbone_output", "input_range",
            "average_with");

    private final Map<String, String> values;

    private TrainingOptions(Map<String, String> values) {
        this.values = values;
    }

    /** The defaults. */
    public static TrainingOptions defaults() {
        Map<String, String> d = new LinkedHashMap<>();
        d.put("mode", "frozen");
        d.put("backbone", "faceres,emotion");
        d.put("tap", "pooled");
        d.put("hidden", "0");
        d.put("dropout", "0");
        d.put("batch_norm", "false");
        d.put("epochs", "30");
        d.put("batch_size", "32");
        d.put("learning_rate", "0.001");
        d.put("backbone_lr", "0.1");
        d.put("train_layers", "all");
        d.put("warmup_epochs", "3");
        d.put("patience", "8");
        d.put("early_stop_fraction", "0.15");
        d.put("class_weights", "false");
        // 0, not 0.1: better in each of the five movie-grouped SFEW folds (README, training table)
        d.put("label_smoothing", "0");
        d.put("augment", "random");
        d.put("views", "8");
        d.put("seed", "42");
        d.put("folds", "0");
        d.put("validation_fraction", "0.2");
        d.put("group_by", "auto");
        d.put("backbone_output", "");
        d.put("input_range", "0,1");
        d.put("average_with", "none");
        return new TrainingOptions(d);
    }

    /** A copy with {@code key} set; the value is checked, and the error names the key, the value and what is allowed. */
    public TrainingOptions with(String key, String value) {
        String k = key.replace('-', '_').toLowerCase(Locale.ROOT);
        if (!values.containsKey(k)) {
            throw new IllegalArgumentException("unknown training option '" + key + "'; known: " + String.join(", ", KEYS));
        }
        Map<String, String> copy = new LinkedHashMap<>(values);
        copy.put(k, value.trim());
        TrainingOptions o = new TrainingOptions(copy);
        o.validate(k);
        return o;
    }

    private void validate(String k) {
        switch (k) {
            case "mode": mode(); break;
            case "tap": tap(); break;
            case "augment": augment(); break;
            case "hidden": integer(k, 0, 4096); break;
            case "dropout": number(k, 0, 0.9); break;
            case "epochs": integer(k, 1, 10_000); break;
            case "batch_size": integer(k, 1, 4096); break;
            case "learning_rate": number(k, 1e-7, 1); break;
            case "backbone_lr": number(k, 0, 10); break;
            case "train_layers": trainLayers(); break;
            case "patience": case "warmup_epochs": integer(k, 0, 10_000); break;
            case "early_stop_fraction": number(k, 0, 0.5); break;
            case "label_smoothing": number(k, 0, 0.5); break;
            case "views": integer(k, 1, 64); break;
            case "seed": Long.parseLong(values.get(k)); break;
            case "folds": folds(); break;
            case "validation_fraction": number(k, 0.01, 0.9); break;
            case "group_by": grouping(); break;
            case "batch_norm": case "class_weights": bool(k); break;
            case "input_range": inputRange(); break;
            case "average_with": averageWithFast(); break;
            default: break;
        }
    }

    /**
     * Whether the model averages its head's probabilities with the shipped {@code fast} network's
     * ({@code average_with=fast}; {@code none} by default): how the built-in {@code accurate} model is made.
     */
    public boolean averageWithFast() {
        String v = values.get("average_with").toLowerCase(Locale.ROOT);
        if (!v.equals("none") && !v.equals("fast")) {
            throw new IllegalArgumentException("average_with must be none or fast, not '" + values.get("average_with") + "'");
        }
        return v.equals("fast");
    }

    public Mode mode() {
        return choice("mode", Mode.class);
    }

    /** Backbone names or SavedModel folders, comma-separated in the option (their features are concatenated). */
    public List<String> backbones() {
        return Arrays.asList(values.get("backbone").split("\\s*,\\s*"));
    }

    public Tap tap() {
        return choice("tap", Tap.class);
    }

    public Augment augment() {
        return choice("augment", Augment.class);
    }

    public int hidden() {
        return integer("hidden", 0, 4096);
    }

    public double dropout() {
        return number("dropout", 0, 0.9);
    }

    public boolean batchNorm() {
        return bool("batch_norm");
    }

    public int epochs() {
        return integer("epochs", 1, 10_000);
    }

    public int batchSize() {
        return integer("batch_size", 1, 4096);
    }

    public double learningRate() {
        return number("learning_rate", 1e-7, 1);
    }

    /** The backbone's learning rate as a fraction of the head's. */
    public double backboneLearningRateFactor() {
        return number("backbone_lr", 0, 10);
    }

    /** How many of the backbone's last convolutions train in fine-tune mode ({@link Integer#MAX_VALUE}: all). */
    public int trainLayers() {
        String v = values.get("train_layers");
        if (v.equalsIgnoreCase("all")) return Integer.MAX_VALUE;
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("train_layers must be 'all' or a number of convolutions >= 0, not '" + v + "'");
    }

    /** Fine-tune mode: epochs in which only the head trains, before the backbone joins. */
    public int warmupEpochs() {
        return integer("warmup_epochs", 0, 10_000);
    }

    public int patience() {
        return integer("patience", 0, 10_000);
    }

    public double earlyStopFraction() {
        return number("early_stop_fraction", 0, 0.5);
    }

    public boolean classWeights() {
        return bool("class_weights");
    }

    /**
     * The part of each training label spread evenly over all classes: the pretrained classifier's confident
     * scores then adapt more gently, and unsure faces (SFEW has many) weigh less.
     */
    public double labelSmoothing() {
        return number("label_smoothing", 0, 0.5);
    }

    /** Cached views per face in frozen mode with random augmentation. */
    public int views() {
        return integer("views", 1, 64);
    }

    public long seed() {
        return Long.parseLong(values.get("seed"));
    }

    /** k of k-fold cross-validation on Train; 0 for none. */
    public int folds() {
        int k = integer("folds", 0, 20);
        if (k == 1) throw new IllegalArgumentException("folds must be 0 (no cross-validation) or at least 2, not 1");
        return k;
    }

    public double validationFraction() {
        return number("validation_fraction", 0.01, 0.9);
    }

    /**
     * Which faces stay together in folds and held-out parts: {@code auto} (SFEW movie titles), {@code none}, or a
     * regular expression on the file name (see {@link Grouping}).
     */
    public Grouping grouping() {
        return Grouping.parse(values.get("group_by"));
    }

    /** For a user SavedModel backbone: its feature output key. */
    public String backboneOutput() {
        return values.get("backbone_output");
    }

    /** For a user SavedModel backbone: the input value range [low, high] that pixel values 0..1 map onto. */
    public float[] inputRange() {
        String[] p = values.get("input_range").split("\\s*,\\s*");
        try {
            if (p.length == 2) return new float[] {Float.parseFloat(p[0]), Float.parseFloat(p[1])};
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("input_range must be 'low,high' (e.g. 0,1 or -1,1 or 0,255), not '" + values.get("input_range") + "'");
    }

    /**
     * Checks what single keys cannot: that the settings fit together (call once all are set, before reading data).
     *
     * @throws IllegalArgumentException naming the settings and what to change
     */
    public TrainingOptions checkCombination() {
        folds();
        if (tap() == Tap.CLASSIFIER) {
            for (String b : backbones()) {
                boolean known = java.util.Arrays.asList(emotij.backbone.Backbone.SHIPPED).contains(b.toLowerCase(Locale.ROOT))
                        || java.nio.file.Files.isDirectory(java.nio.file.Path.of(b));
                // an unknown name is reported where the backbone is read, with the names it could be
                if (known && !b.equalsIgnoreCase("emotion")) {
                    throw new IllegalArgumentException("tap=classifier needs backbone=emotion (the only backbone with an emotion"
                            + " classifier of its own), not '" + b + "': with other backbones choose tap=pooled, l2 or concat");
                }
            }
        }
        return this;
    }

    /** All settings, in {@link #KEYS} order. */
    public Map<String, String> asMap() {
        return new LinkedHashMap<>(values);
    }

    /** {@code key=value} pairs for a log line. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, String> e : values.entrySet()) {
            if (e.getValue().isEmpty()) continue;
            if (s.length() > 0) s.append(' ');
            s.append(e.getKey()).append('=').append(e.getValue());
        }
        return s.toString();
    }

    private <E extends Enum<E>> E choice(String key, Class<E> type) {
        String v = values.get(key);
        for (E e : type.getEnumConstants()) if (e.name().equalsIgnoreCase(v)) return e;
        StringBuilder allowed = new StringBuilder();
        for (E e : type.getEnumConstants()) allowed.append(allowed.length() > 0 ? ", " : "").append(e.name().toLowerCase(Locale.ROOT));
        throw new IllegalArgumentException(key + " must be one of " + allowed + ", not '" + v + "'");
    }

    private int integer(String key, int min, int max) {
        String v = values.get(key);
        try {
            int n = Integer.parseInt(v);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a whole number from " + min + " to " + max + ", not '" + v + "'");
    }

    private double number(String key, double min, double max) {
        String v = values.get(key);
        try {
            double n = Double.parseDouble(v);
            if (n >= min && n <= max) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException(key + " must be a number from " + min + " to " + max + ", not '" + v + "'");
    }

    private boolean bool(String key) {
        String v = values.get(key).toLowerCase(Locale.ROOT);
        if (v.equals("true") || v.equals("yes") || v.equals("1")) return true;
        if (v.equals("false") || v.equals("no") || v.equals("0")) return false;
        throw new IllegalArgumentException(key + " must be true or false, not '" + values.get(key) + "'");
    }

}
