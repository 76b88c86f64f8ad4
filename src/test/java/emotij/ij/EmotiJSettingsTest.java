package emotij.ij;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class EmotiJSettingsTest {

    @Test
    void numberKeysMustHoldNumbers() {
        // numbers as ImageJ writes and reads them
        EmotiJSettings.requireNumbers(Map.of("min_face", "60", "threshold", "0.50", "smooth", "0", "framing", "1.00")::get);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> EmotiJSettings.requireNumbers(Map.of("min_face", "60", "max_faces", "abc")::get));
        assertEquals("EmotiJ option max_faces=abc is not valid: use a number", e.getMessage());
        // keys that are not numbers are not checked here
        EmotiJSettings.requireNumbers(Map.of("faces", "detect", "model", "/some/folder")::get);
    }
}
