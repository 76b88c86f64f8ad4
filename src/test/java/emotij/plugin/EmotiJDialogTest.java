package emotij.plugin;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class EmotiJDialogTest {

    @Test
    void macroValuesAreFoundByWholeKey() {
        String options = "faces=selection min_face=60 max_faces=100 process=[all] flip";
        assertEquals("selection", EmotiJDialog.macroValue(options, "faces"));
        assertEquals("100", EmotiJDialog.macroValue(options, "max_faces"));
        assertEquals("all", EmotiJDialog.macroValue(options, "process"));
        assertNull(EmotiJDialog.macroValue("min_face=60 max_faces=100", "faces"), "max_faces is not faces");
        assertNull(EmotiJDialog.macroValue(options, "flip"), "a checkbox has no value");
    }
}
