package emotij.train;

import emotij.backbone.Backbone;
import emotij.dataset.Grouping;
import emotij.featurehead.FrozenBackbones;
import emotij.options.OptionSpec;

import java.util.List;
import java.util.Locale;

/**
 * Every training option, declared once: key, type, default (the best found by cross-validation on SFEW 2.0 Train,
 * README), range or choices, the dialog's label and the command line's help. The ImageJ dialog, the SciJava
 * command (bound by name), the command line ({@code --key-with-dashes}, its help) and {@link TrainingOptions}
 * all read them from here.
 */
public enum TrainingOption {

    MODE(OptionSpec.choice("mode", "frozen", OptionSpec.names(TrainingOptions.Mode.class), "Mode",
            "frozen: a new head on cached features; finetune: the backbone's last layers train with the head")),
    BACKBONE(OptionSpec.text("backbone", "faceres,emotion", "Backbone network(s)",
            "emotion|faceres|faceres@SIDE|mobilefacenet|SAVEDMODEL_DIR[,...]: features to learn from (concatenated;"
                    + " faceres@112: faceres fed 112x112 pixels, about 4x faster)")),
    TAP(OptionSpec.choice("tap", "pooled", OptionSpec.names(FrozenBackbones.Tap.class), "Tap",
            "which features: pooled, L2-normalised, both, or (emotion only) the net's own 7 class scores: training"
                    + " starts from its classifier")),
    HIDDEN(OptionSpec.integer("hidden", 0, 0, 4096, "Hidden units (0: none)", "hidden units of the new head (0: no hidden layer)")),
    DROPOUT(OptionSpec.number("dropout", 0, 0, 0.9, "Dropout", "dropout before the head's output")),
    BATCH_NORM(OptionSpec.bool("batch_norm", false, "Batch_norm in the head", "batch normalisation in the head")),
    EPOCHS(OptionSpec.integer("epochs", 30, 1, 10_000, "Epochs", "epochs at most")),
    BATCH_SIZE(OptionSpec.integer("batch_size", 32, 1, 4096, "Batch_size", "faces per training step")),
    LEARNING_RATE(OptionSpec.number("learning_rate", 0.001, 1e-7, 1, "Learning_rate", "the head's learning rate")),
    BACKBONE_LR(OptionSpec.number("backbone_lr", 0.1, 0, 10, "Backbone_lr (fraction of the head's)",
            "fine-tune: the backbone's learning rate as a fraction of the head's")),
    TRAIN_LAYERS(OptionSpec.text("train_layers", "all", "Train_layers (number or all)",
            "fine-tune: how many of the backbone's last convolutions train (a number, or all)")),
    WARMUP_EPOCHS(OptionSpec.integer("warmup_epochs", 3, 0, 10_000, "Warmup_epochs (head only)",
            "fine-tune: epochs that train the head alone first")),
    PATIENCE(OptionSpec.integer("patience", 8, 0, 10_000, "Patience (epochs)",
            "early stopping: epochs without improvement on a held-out part of Train (never Val)")),
    EARLY_STOP_FRACTION(OptionSpec.number("early_stop_fraction", 0.15, 0, 0.5, "Early_stop_fraction of Train",
            "the part of Train held out for early stopping")),
    CLASS_WEIGHTS(OptionSpec.bool("class_weights", false, "Class_weights", "weigh classes by their inverse frequency")),
    // 0, not 0.1: better in each of the five movie-grouped SFEW folds (README, training table)
    LABEL_SMOOTHING(OptionSpec.number("label_smoothing", 0, 0, 0.5, "Label_smoothing",
            "part of each label spread over all classes (0: none)")),
    AUGMENT(OptionSpec.choice("augment", "random", OptionSpec.names(TrainingOptions.Augment.class), "Augment",
            "training augmentation")),
    VIEWS(OptionSpec.integer("views", 8, 1, 64, "Views per face (frozen, random)",
            "frozen mode with random augmentation: cached views per face")),
    SEED(OptionSpec.integer("seed", 42, Long.MIN_VALUE, Long.MAX_VALUE, "Seed", "random seed")),
    FOLDS(OptionSpec.integer("folds", 0, 0, 20, "Folds (0: no cross-validation)",
            "K-fold cross-validation on Train first (0: none, else at least 2); without a model folder: only that")),
    VALIDATION_FRACTION(OptionSpec.number("validation_fraction", 0.2, 0.01, 0.9, "Validation_fraction (class folders only)",
            "for a plain folder of class folders: the part held out as Val")),
    GROUP_BY(OptionSpec.text("group_by", "auto", "Group_by (auto: SFEW movie; none; or a regex on the file name)",
            "faces kept together in folds and held-out parts: auto = SFEW movie title, none, or a REGEX on the file"
                    + " name (first group, or the whole match)")),
    BACKBONE_OUTPUT(OptionSpec.text("backbone_output", "", "Backbone_output (user SavedModel)",
            "for a SavedModel backbone: its feature output key")),
    INPUT_RANGE(OptionSpec.text("input_range", "0,1", "Input_range (user SavedModel)",
            "for a SavedModel backbone: the input values LO,HI that pixel values 0..1 map onto")),
    // fast, not none: better in 3 of the 5 movie-grouped SFEW folds and 0.4594 against 0.4429 on average (README)
    AVERAGE_WITH(OptionSpec.choice("average_with", "fast", List.of("none", "fast"),
            "Average_with (fast: the built-in FER-2013 net)",
            "average the new model's probabilities with the built-in fast net's (restricted to the model's classes):"
                    + " better on unseen movies; how models/accurate is made"));

    private final OptionSpec spec;

    TrainingOption(OptionSpec spec) {
        this.spec = spec;
    }

    public OptionSpec spec() {
        return spec;
    }

    public String key() {
        return spec.key();
    }

    /** The option of a key ({@code batch_size} or {@code batch-size}). */
    public static TrainingOption of(String key) {
        String k = key.trim().replace('-', '_').toLowerCase(Locale.ROOT);
        for (TrainingOption o : values()) if (o.key().equals(k)) return o;
        StringBuilder known = new StringBuilder();
        for (TrainingOption o : values()) known.append(known.length() > 0 ? ", " : "").append(o.key());
        throw new IllegalArgumentException("unknown training option '" + key + "'; known: " + known);
    }

    /**
     * The typed value of {@code text} (Long, Double, Boolean, an enum constant, {@link Grouping}, float[] or
     * String).
     *
     * @throws IllegalArgumentException naming the key, the value and what is allowed
     */
    Object parse(String text) {
        String v = text == null ? "" : text.trim();
        switch (this) {
            case MODE: return enumOf(TrainingOptions.Mode.class, v);
            case TAP: return enumOf(FrozenBackbones.Tap.class, v);
            case AUGMENT: return enumOf(TrainingOptions.Augment.class, v);
            case TRAIN_LAYERS: return trainLayers(v);
            case FOLDS:
                long k = (Long) spec.parse(v);
                if (k == 1) throw new IllegalArgumentException("folds must be 0 (no cross-validation) or at least 2, not 1");
                return k;
            case GROUP_BY: return Grouping.parse(v);
            case INPUT_RANGE: return Backbone.parseInputRange(v);
            default: return spec.parse(v);
        }
    }

    private <E extends Enum<E>> E enumOf(Class<E> type, String v) {
        return Enum.valueOf(type, ((String) spec.parse(v)).toUpperCase(Locale.ROOT));
    }

    /** {@link Integer#MAX_VALUE} for all. */
    private static Integer trainLayers(String v) {
        if (v.equalsIgnoreCase("all")) return Integer.MAX_VALUE;
        try {
            int n = Integer.parseInt(v);
            if (n >= 0) return n;
        } catch (NumberFormatException ignored) {
            // reported below
        }
        throw new IllegalArgumentException("train_layers must be 'all' or a number of convolutions >= 0, not '" + v + "'");
    }
}
