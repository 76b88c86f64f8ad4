package emotij.plugin;

import emotij.ij.TrainingJob;
import emotij.options.OptionSpec;
import emotij.train.TrainingOption;
import emotij.train.TrainingOptions;
import emotij.progress.Failures;
import ij.IJ;
import ij.Macro;
import ij.Prefs;
import ij.gui.GenericDialog;
import ij.plugin.PlugIn;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.CancellationException;

/**
 * Plugins > EmotiJ > Train Expression Classifier: trains a classifier on an SFEW-layout dataset (or a folder of
 * class folders) and saves it as a model folder that Classify Expressions can use. Recordable; every training
 * option is a field whose macro key is the option's name, as declared in {@link TrainingOption}.
 */
public class TrainExpressionClassifierPlugin implements PlugIn {

    static final String DATASET = "dataset";
    static final String MODEL = "model";
    static final String DETECT = "detect";
    static final String[] DETECT_CHOICES = {"none", "auto"};
    private static final String PREFS = "emotij.train.";

    @Override
    public void run(String arg) {
        TrainingOptions defaults = TrainingOptions.defaults();
        Map<String, String> values = defaults.asMap();
        boolean macro = Macro.getOptions() != null;
        if (!macro) values.replaceAll((k, v) -> Prefs.get(PREFS + k, v));
        GenericDialog gd = new GenericDialog("EmotiJ: Train Expression Classifier");
        EmotiJDialog.addFolderField(gd, "Dataset folder (Train/ and Val/, or class folders)", macro ? "" : Prefs.get(PREFS + DATASET, ""));
        EmotiJDialog.addFolderField(gd, "Model folder to write", macro ? "" : Prefs.get(PREFS + MODEL, ""));
        gd.addChoice("Detect faces (auto: images are whole frames)", DETECT_CHOICES, DETECT_CHOICES[0]);
        // one field per option, as declared (its label starts with its key: the macro key)
        for (TrainingOption o : TrainingOption.values()) {
            OptionSpec spec = o.spec();
            String value = values.get(o.key());
            switch (spec.type()) {
                case CHOICE:
                    gd.addChoice(spec.label(), spec.choices().toArray(new String[0]),
                            spec.choices().contains(value) ? value : spec.defaultValue());
                    break;
                case BOOLEAN: gd.addCheckbox(spec.label(), Boolean.parseBoolean(value)); break;
                default: gd.addStringField(spec.label(), value, 12);
            }
        }
        gd.addHelp("https://github.com/emotij/EmotiJ#training");
        gd.showDialog();
        if (gd.wasCanceled()) return;
        String dataset = gd.getNextString().trim();
        String model = gd.getNextString().trim();
        String detect = gd.getNextChoice();
        TrainingOptions options = defaults;
        try {
            if (macro) EmotiJDialog.requireChoice(Macro.getOptions(), DETECT, DETECT_CHOICES);
            for (TrainingOption o : TrainingOption.values()) {
                String v;
                switch (o.spec().type()) {
                    case CHOICE:
                        if (macro) EmotiJDialog.requireChoice(Macro.getOptions(), o.key(), o.spec().choices().toArray(new String[0]));
                        v = gd.getNextChoice();
                        break;
                    case BOOLEAN: v = Boolean.toString(gd.getNextBoolean()); break;
                    default: v = gd.getNextString();
                }
                options = options.with(o, v);
            }
            if (dataset.isEmpty()) throw new IllegalArgumentException("choose the dataset folder");
            if (model.isEmpty() && options.folds() == 0) throw new IllegalArgumentException("choose the model folder to write (or set folds to cross-validate only)");
        } catch (IllegalArgumentException e) {
            IJ.error("EmotiJ", e.getMessage());
            if (macro) Macro.abort();
            return;
        }
        if (!macro) {
            Prefs.set(PREFS + DATASET, dataset);
            Prefs.set(PREFS + MODEL, model);
            for (Map.Entry<String, String> e : options.asMap().entrySet()) Prefs.set(PREFS + e.getKey(), e.getValue());
        }
        try {
            TrainingJob.run(Path.of(dataset), model.isEmpty() ? null : Path.of(model), options, detect.equals("auto"), true);
        } catch (CancellationException e) {
            IJ.log("EmotiJ: " + e.getMessage() + "; nothing was saved");
            IJ.showStatus("EmotiJ: training cancelled");
        } catch (Exception e) {
            if (Failures.bug(e)) IJ.log(Failures.stackTrace(e));
            IJ.error("EmotiJ", "Training failed: " + Failures.message(e));
            if (macro) Macro.abort();
        }
    }
}
