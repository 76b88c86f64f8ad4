package emotij.options;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.Locale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** README's options table is the declarations' table; each label starts with its macro key. */
class OptionsTableTest {

    @Test
    void readmeHoldsTheTableMadeFromTheDeclarations() throws IOException {
        String readme = Files.readString(Paths.get("README.md"));
        assertTrue(readme.contains(OptionsTable.markdown()),
                "README.md's options table differs from the declarations; replace it with:\n" + OptionsTable.markdown());
    }

    @Test
    void everyLabelStartsWithItsKeySoThatImageJRecordsTheKey() {
        for (AnalysisOption o : AnalysisOption.values()) {
            // ImageJ's GenericDialog records a field under its label's first word, lower case
            assertEquals(o.key(), o.spec().label().split(" ")[0].toLowerCase(Locale.ROOT), o.name());
        }
    }

    @Test
    void everyDefaultIsInItsRange() {
        for (AnalysisOption o : AnalysisOption.values()) {
            OptionSpec s = o.spec();
            s.parse(s.defaultValue());
            if (s.type() == OptionSpec.Type.NUMBER || s.type() == OptionSpec.Type.INTEGER) {
                assertTrue(s.inRange(Double.parseDouble(s.defaultValue())), o.key());
            }
        }
    }
}
