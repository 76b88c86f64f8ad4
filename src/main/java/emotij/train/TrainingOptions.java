package emotij.train;

import emotij.featurehead.FrozenBackbones;

import emotij.dataset.Grouping;

import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Every setting of a training run, typed and checked when set (the options, their defaults and ranges are
 * declared once, in {@link TrainingOption}). The keys are the option names of all entry points: the macro/dialog
 * keys ({@code hidden=256}), the SciJava command's parameters and, with dashes, the command line
 * ({@code --hidden 256}). Immutable; {@link #with} makes a changed copy.
 */
public final class TrainingOptions {

    /** frozen: a new head on cached features; finetune: the backbone's last layers train with the head. */
    public enum Mode { FROZEN, FINETUNE }

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

    /** The option keys, in {@link TrainingOption} order. */
    public static final List<String> KEYS = keys();

    /** Each option's text, as set (for the log, the model's JSON and preferences). */
    private final Map<TrainingOption, String> text;
    /** Each option's value, checked and typed once, when set. */
    private final Map<TrainingOption, Object> values;

    private TrainingOptions(Map<TrainingOption, String> text, Map<TrainingOption, Object> values) {
        this.text = text;
        this.values = values;
    }

    private static List<String> keys() {
        List<String> k = new java.util.ArrayList<>();
        for (TrainingOption o : TrainingOption.values()) k.add(o.key());
        return List.copyOf(k);
    }

    /** The defaults (see {@link TrainingOption}). */
    public static TrainingOptions defaults() {
        Map<TrainingOption, String> text = new EnumMap<>(TrainingOption.class);
        Map<TrainingOption, Object> values = new EnumMap<>(TrainingOption.class);
        for (TrainingOption o : TrainingOption.values()) {
            text.put(o, o.spec().defaultValue());
            values.put(o, o.parse(o.spec().defaultValue()));
        }
        return new TrainingOptions(text, values);
    }

    /** A copy with {@code key} set; the value is checked, and the error names the key, the value and what is allowed. */
    public TrainingOptions with(String key, String value) {
        return with(TrainingOption.of(key), value);
    }

    /** A copy with {@code option} set from its text (as a dialog, a macro or the command line gives it). */
    public TrainingOptions with(TrainingOption option, String value) {
        String v = value == null ? "" : value.trim();
        Object parsed = option.parse(v);
        Map<TrainingOption, String> t = new EnumMap<>(text);
        Map<TrainingOption, Object> p = new EnumMap<>(values);
        t.put(option, v);
        p.put(option, parsed);
        return new TrainingOptions(t, p);
    }

    /** The text of {@code option} as set. */
    public String text(TrainingOption option) {
        return text.get(option);
    }

    /**
     * Whether the model averages its head's probabilities with the shipped {@code fast} network's
     * ({@code average_with=fast}; {@code none} by default): how the built-in {@code accurate} model is made.
     */
    public boolean averageWithFast() {
        return "fast".equals(values.get(TrainingOption.AVERAGE_WITH));
    }

    public Mode mode() {
        return (Mode) values.get(TrainingOption.MODE);
    }

    /** Backbone names or SavedModel folders, comma-separated in the option (their features are concatenated). */
    public List<String> backbones() {
        return Arrays.asList(text.get(TrainingOption.BACKBONE).split("\\s*,\\s*"));
    }

    /** Which features of a backbone feed the head (the seed study's tap points). */
    public FrozenBackbones.Tap tap() {
        return (FrozenBackbones.Tap) values.get(TrainingOption.TAP);
    }

    public Augment augment() {
        return (Augment) values.get(TrainingOption.AUGMENT);
    }

    public int hidden() {
        return integer(TrainingOption.HIDDEN);
    }

    public double dropout() {
        return number(TrainingOption.DROPOUT);
    }

    public boolean batchNorm() {
        return (Boolean) values.get(TrainingOption.BATCH_NORM);
    }

    public int epochs() {
        return integer(TrainingOption.EPOCHS);
    }

    public int batchSize() {
        return integer(TrainingOption.BATCH_SIZE);
    }

    public double learningRate() {
        return number(TrainingOption.LEARNING_RATE);
    }

    /** The backbone's learning rate as a fraction of the head's. */
    public double backboneLearningRateFactor() {
        return number(TrainingOption.BACKBONE_LR);
    }

    /** How many of the backbone's last convolutions train in fine-tune mode ({@link Integer#MAX_VALUE}: all). */
    public int trainLayers() {
        return (Integer) values.get(TrainingOption.TRAIN_LAYERS);
    }

    /** Fine-tune mode: epochs in which only the head trains, before the backbone joins. */
    public int warmupEpochs() {
        return integer(TrainingOption.WARMUP_EPOCHS);
    }

    public int patience() {
        return integer(TrainingOption.PATIENCE);
    }

    public double earlyStopFraction() {
        return number(TrainingOption.EARLY_STOP_FRACTION);
    }

    public boolean classWeights() {
        return (Boolean) values.get(TrainingOption.CLASS_WEIGHTS);
    }

    /**
     * The part of each training label spread evenly over all classes: the pretrained classifier's confident
     * scores then adapt more gently, and unsure faces (SFEW has many) weigh less.
     */
    public double labelSmoothing() {
        return number(TrainingOption.LABEL_SMOOTHING);
    }

    /** Cached views per face in frozen mode with random augmentation. */
    public int views() {
        return integer(TrainingOption.VIEWS);
    }

    public long seed() {
        return (Long) values.get(TrainingOption.SEED);
    }

    /** k of k-fold cross-validation on Train; 0 for none. */
    public int folds() {
        return integer(TrainingOption.FOLDS);
    }

    public double validationFraction() {
        return number(TrainingOption.VALIDATION_FRACTION);
    }

    /**
     * Which faces stay together in folds and held-out parts: {@code auto} (SFEW movie titles), {@code none}, or a
     * regular expression on the file name (see {@link Grouping}).
     */
    public Grouping grouping() {
        return (Grouping) values.get(TrainingOption.GROUP_BY);
    }

    /** For a user SavedModel backbone: its feature output key. */
    public String backboneOutput() {
        return text.get(TrainingOption.BACKBONE_OUTPUT);
    }

    /** For a user SavedModel backbone: the input value range [low, high] that pixel values 0..1 map onto. */
    public float[] inputRange() {
        return ((float[]) values.get(TrainingOption.INPUT_RANGE)).clone();
    }

    private int integer(TrainingOption o) {
        return ((Long) values.get(o)).intValue();
    }

    private double number(TrainingOption o) {
        return (Double) values.get(o);
    }

    /**
     * Checks what single keys cannot: that the settings fit together (call once all are set, before reading data).
     *
     * @throws IllegalArgumentException naming the settings and what to change
     */
    public TrainingOptions checkCombination() {
        if (tap() == FrozenBackbones.Tap.CLASSIFIER) {
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

    /** All settings as text, by key, in {@link #KEYS} order. */
    public Map<String, String> asMap() {
        Map<String, String> m = new LinkedHashMap<>();
        for (TrainingOption o : TrainingOption.values()) m.put(o.key(), text.get(o));
        return m;
    }

    /** {@code key=value} pairs for a log line. */
    @Override
    public String toString() {
        StringBuilder s = new StringBuilder();
        for (Map.Entry<String, String> e : asMap().entrySet()) {
            if (e.getValue().isEmpty()) continue;
            if (s.length() > 0) s.append(' ');
            s.append(e.getKey()).append('=').append(e.getValue());
        }
        return s.toString();
    }
}
