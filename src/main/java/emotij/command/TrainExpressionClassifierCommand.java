package emotij.command;

import emotij.ij.TrainingJob;
import emotij.progress.Failures;
import emotij.train.TrainingOption;
import emotij.train.TrainingOptions;
import org.scijava.ItemIO;
import org.scijava.command.Command;
import org.scijava.log.LogService;
import org.scijava.plugin.Parameter;
import org.scijava.plugin.Plugin;

import java.io.File;
import java.util.Map;

/**
 * Train Expression Classifier for scripts and headless runs: the parameters are the menu command's macro keys
 * ({@code dataset}, {@code model}, {@code detect} and the {@link TrainingOptions#KEYS}), with the same defaults.
 */
@Plugin(type = Command.class, headless = true, label = "EmotiJ: Train Expression Classifier",
        description = "Trains an expression classifier on an SFEW-layout dataset and saves it as a model folder")
public class TrainExpressionClassifierCommand implements Command {

    /** The defaults, as text (see {@link TrainingOption}). */
    private static final Map<String, String> D = TrainingOptions.defaults().asMap();

    @Parameter
    private LogService log;

    @Parameter(label = "Dataset folder (Train/ and Val/, or class folders)", style = "directory")
    File dataset;

    @Parameter(label = "Model folder to write (empty: cross-validate only)", style = "directory", required = false)
    File model;

    @Parameter(label = "Detect faces (auto: images are whole frames)", choices = {"none", "auto"})
    String detect = "none";

    @Parameter(label = "Mode", choices = {"finetune", "frozen"})
    String mode = D.get("mode");
    @Parameter(label = "Backbone(s)")
    String backbone = D.get("backbone");
    @Parameter(label = "Tap", choices = {"pooled", "l2", "concat", "classifier"})
    String tap = D.get("tap");
    @Parameter(label = "Hidden units (0: none)")
    int hidden = Integer.parseInt(D.get("hidden"));
    @Parameter(label = "Dropout")
    double dropout = Double.parseDouble(D.get("dropout"));
    @Parameter(label = "Batch norm in the head")
    boolean batch_norm = Boolean.parseBoolean(D.get("batch_norm"));
    @Parameter(label = "Epochs")
    int epochs = Integer.parseInt(D.get("epochs"));
    @Parameter(label = "Batch size")
    int batch_size = Integer.parseInt(D.get("batch_size"));
    @Parameter(label = "Learning rate")
    double learning_rate = Double.parseDouble(D.get("learning_rate"));
    @Parameter(label = "Backbone learning rate (fraction of the head's)")
    double backbone_lr = Double.parseDouble(D.get("backbone_lr"));
    @Parameter(label = "Train layers (number or all)")
    String train_layers = D.get("train_layers");
    @Parameter(label = "Warm-up epochs (head only)")
    int warmup_epochs = Integer.parseInt(D.get("warmup_epochs"));
    @Parameter(label = "Patience (epochs)")
    int patience = Integer.parseInt(D.get("patience"));
    @Parameter(label = "Early-stop fraction of Train")
    double early_stop_fraction = Double.parseDouble(D.get("early_stop_fraction"));
    @Parameter(label = "Class weights")
    boolean class_weights = Boolean.parseBoolean(D.get("class_weights"));
    @Parameter(label = "Label smoothing")
    double label_smoothing = Double.parseDouble(D.get("label_smoothing"));
    @Parameter(label = "Augment", choices = {"none", "flip", "tencrop", "random"})
    String augment = D.get("augment");
    @Parameter(label = "Views per face (frozen, random)")
    int views = Integer.parseInt(D.get("views"));
    @Parameter(label = "Seed")
    long seed = Long.parseLong(D.get("seed"));
    @Parameter(label = "Folds (0: no cross-validation)")
    int folds = Integer.parseInt(D.get("folds"));
    @Parameter(label = "Validation fraction (class folders only)")
    double validation_fraction = Double.parseDouble(D.get("validation_fraction"));
    @Parameter(label = "Group by (auto: SFEW movie; none; or a regex on the file name)")
    String group_by = D.get("group_by");
    @Parameter(label = "Backbone output (user SavedModel)", required = false)
    String backbone_output = D.get("backbone_output");
    @Parameter(label = "Input range (user SavedModel)")
    String input_range = D.get("input_range");

    @Parameter(label = "Val accuracy", type = ItemIO.OUTPUT)
    double val_accuracy;

    @Parameter(label = "Per-class accuracy", type = ItemIO.OUTPUT)
    ij.measure.ResultsTable per_class;

    /**
     * The training options of this command's parameters, bound by name: each {@link TrainingOption}'s value is the
     * field named as its key (a reordering or a new option cannot shift values onto other keys).
     */
    TrainingOptions options() {
        TrainingOptions o = TrainingOptions.defaults();
        for (TrainingOption option : TrainingOption.values()) {
            Object value;
            try {
                value = TrainExpressionClassifierCommand.class.getDeclaredField(option.key()).get(this);
            } catch (NoSuchFieldException | IllegalAccessException e) {
                throw new IllegalStateException("training option " + option.key() + " has no parameter of that name", e);
            }
            o = o.with(option, value == null ? "" : String.valueOf(value));
        }
        return o;
    }

    @Override
    public void run() {
        try {
            TrainingJob.Outcome r = TrainingJob.run(dataset.toPath(), model == null ? null : model.toPath(), options(),
                    "auto".equals(detect), false);
            val_accuracy = r.result.valAccuracy();
            per_class = r.perClass;
        } catch (Exception e) {
            log.error("EmotiJ training failed: " + Failures.message(e));
            // a bad dataset or option is the user's to fix; a bug keeps its own exception and trace
            throw Failures.forCommand(e);
        }
    }
}
