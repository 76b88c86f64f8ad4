package emotij.train;

import emotij.options.OptionSpec;
import org.junit.jupiter.api.Test;

import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The training options are declared once, typed when set, and their keys are what macros record. */
class TrainingOptionTest {

    @Test
    void everyLabelStartsWithItsKeySoThatImageJRecordsTheKey() {
        for (TrainingOption o : TrainingOption.values()) {
            // ImageJ's GenericDialog records a field under its label's first word, lower case
            String firstWord = o.spec().label().split(" ")[0].toLowerCase(Locale.ROOT);
            assertEquals(o.key(), firstWord, o.name());
        }
        assertEquals(TrainingOptions.KEYS.size(), TrainingOption.values().length);
    }

    @Test
    void valuesAreTypedAndCheckedOnceWhenSet() {
        TrainingOptions d = TrainingOptions.defaults();
        assertEquals(TrainingOptions.Mode.FROZEN, d.mode());
        assertEquals(30, d.epochs());
        assertEquals(Integer.MAX_VALUE, d.trainLayers(), "train_layers=all");
        TrainingOptions o = d.with("batch-size", "8").with(TrainingOption.TAP, "CLASSIFIER").with("seed", "12345678901");
        assertEquals(8, o.batchSize());
        assertEquals(emotij.featurehead.FrozenBackbones.Tap.CLASSIFIER, o.tap());
        assertEquals(12345678901L, o.seed());
        assertEquals("8", o.asMap().get("batch_size"), "the text as set, for the model's JSON and the log");
        assertEquals(32, d.batchSize(), "with() makes a copy");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> d.with("hidden", "5000"));
        assertEquals("hidden must be a whole number from 0 to 4096, not '5000'", e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> d.with("dropout", "0.95"));
        assertTrue(e.getMessage().contains("from 0 to 0.9"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> d.with("folds", "1"));
        e = assertThrows(IllegalArgumentException.class, () -> d.with("no_such", "1"));
        assertTrue(e.getMessage().contains("unknown training option 'no_such'"), e.getMessage());
    }

    @Test
    void everyDefaultIsAValidValueOfItsOption() {
        for (TrainingOption o : TrainingOption.values()) {
            OptionSpec s = o.spec();
            TrainingOptions.defaults().with(o, s.defaultValue());
            if (s.type() == OptionSpec.Type.INTEGER || s.type() == OptionSpec.Type.NUMBER) {
                double v = Double.parseDouble(s.defaultValue());
                assertTrue(s.inRange(v), s.key() + " default " + v + " in " + s.allowed());
            }
        }
    }
}
