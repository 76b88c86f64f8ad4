package emotij.cli;

import ij.IJ;
import ij.Prefs;
import ij.io.OpenDialog;
import ij.macro.Interpreter;
import ij.plugin.Macro_Runner;
import ij.plugin.frame.Editor;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;

/**
 * Runs a macro file inside the patched ImageJ of {@link MacroRunner} and says whether it failed. This class must be
 * loaded by that ImageJ's plugin class loader (so that {@code ij.*} here are the patched classes), never directly.
 *
 * <p>It does what {@code ImageJ -batch FILE ARG} does for a macro file, with its own {@link Interpreter}, so that a
 * macro error (which ImageJ reports but does not return) is seen; an ImageJ error message ({@code IJ.error}, e.g.
 * "File not found") counts as a failure too, and an exception that a plugin hands to {@code IJ.handleException}
 * stops the macro with one line instead of a stack trace after which the macro would go on. The macro's own
 * {@code exit} is not a failure.
 */
public final class HeadlessMacro {

    private HeadlessMacro() {
    }

    /**
     * Runs the macro file {@code path} with the argument {@code arg}.
     *
     * @return null when the macro ran to its end without an error, else the reason, one line
     */
    public static String run(String path, String arg) throws IOException, ReflectiveOperationException {
        // what ImageJ.main does for -batch before it runs the macro
        var commandLineMacro = Prefs.class.getDeclaredField("commandLineMacro");
        commandLineMacro.setAccessible(true);
        commandLineMacro.setBoolean(null, true);
        Prefs.load(null, null);
        // what Macro_Runner.runMacroFile does for a macro file
        File file = new File(path);
        Macro_Runner.setFilePath(path);
        OpenDialog.setLastDirectory(file.getParent() + File.separator);
        OpenDialog.setLastName(file.getName());
        String text = Editor.doInclude(new String(Files.readAllBytes(file.toPath()), StandardCharsets.ISO_8859_1));

        Interpreter interpreter = new Interpreter();
        String[] pluginFailure = {null};
        IJ.setExceptionHandler(e -> {
            // a plugin threw: ImageJ would print the trace and go on with the macro as if it had worked
            pluginFailure[0] = oneLine(e);
            if (Boolean.getBoolean("emotij.trace")) e.printStackTrace();
            interpreter.abort(pluginFailure[0]);
        });
        IJ.getErrorMessage();  // forget errors from before the macro
        try {
            interpreter.run(text, arg);
        } catch (RuntimeException e) {
            // as Macro_Runner.runMacro: "Macro canceled" is an abort (exit, or after an error), anything else a failure
            interpreter.abortMacro();
            if (!"Macro canceled".equals(e.getMessage())) pluginFailure[0] = oneLine(e);
        }
        String imageJError = IJ.getErrorMessage();
        if (pluginFailure[0] != null) return pluginFailure[0];
        if (interpreter.wasError()) return oneLine(interpreter.getErrorMessage(), "macro error");
        if (imageJError != null && !imageJError.isBlank()) return oneLine(imageJError, "ImageJ error");
        // "[aborted]" without an error is the macro's own exit
        return null;
    }

    private static String oneLine(Throwable e) {
        String m = e.getMessage();
        return e.getClass().getSimpleName() + (m == null ? "" : ": " + oneLine(m, ""));
    }

    /** The lines of {@code message} joined into one (ImageJ's messages are often split, with blank lines). */
    private static String oneLine(String message, String fallback) {
        if (message == null) return fallback;
        StringBuilder s = new StringBuilder();
        for (String line : message.split("\\R")) {
            if (line.isBlank()) continue;
            if (s.length() > 0) s.append(' ');
            s.append(line.trim());
        }
        return s.length() == 0 ? fallback : s.toString();
    }
}
