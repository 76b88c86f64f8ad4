package emotij.ij;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void everySettingIsRememberedUnderItsDeclaredKey() {
        java.util.Set<String> keys = new java.util.HashSet<>(java.util.List.of(EmotiJSettings.PROCESS, EmotiJSettings.FACES,
                EmotiJSettings.ROI_MANAGER, EmotiJSettings.PLOT));
        for (emotij.options.AnalysisOption o : emotij.options.AnalysisOption.values()) keys.add(o.key());
        for (java.lang.reflect.Field f : EmotiJSettings.class.getFields()) {
            if (java.lang.reflect.Modifier.isStatic(f.getModifiers())) continue;
            assertTrue(keys.contains(EmotiJSettings.key(f)), f.getName() + " -> " + EmotiJSettings.key(f));
        }
        EmotiJSettings s = new EmotiJSettings();
        s.minFace = 42;
        s.maxGap = 7;
        s.shiftTta = true;
        s.process = EmotiJSettings.PROCESS_ALL;
        s.remember();
        try {
            EmotiJSettings back = EmotiJSettings.remembered();
            assertEquals(42, back.minFace, 0.0, "a whole number, stored exactly");
            assertEquals(7, back.maxGap);
            assertTrue(back.shiftTta);
            assertEquals(EmotiJSettings.PROCESS_ALL, back.process);
            assertEquals(ij.Prefs.get("emotij.min_face", 0), 42, 0.0, "the preference key of ImageJ 1.x runs before");
        } finally {
            new EmotiJSettings().remember();
        }
    }
}
