package emotij.cli;

import net.imagej.patcher.LegacyEnvironment;

import java.io.File;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code emotij macro FILE.ijm [ARG]}: runs an ImageJ 1.x macro headlessly (ImageJ patched by ij1-patcher) with the
 * EmotiJ plugin installed, as {@code ImageJ -batch FILE ARG} would on a desktop, and exits non-zero with one line
 * when the macro fails (ImageJ's own -batch exits 0 whatever happened).
 *
 * <p>The patched ImageJ lives in its own class loader; the plugin jar and its dependencies go on ImageJ's plugin
 * class path, so that the plugin sees the patched ImageJ classes (the copies on this JVM's class path are not used).
 */
final class MacroRunner {

    static final String USAGE = "usage: emotij macro FILE.ijm [ARGUMENT]\n"
            + "  runs an ImageJ macro headlessly with EmotiJ installed; the macro reads ARGUMENT with getArgument()\n"
            + "  exits 1, with one last line saying why, when the macro fails (a macro error, an ImageJ error such as\n"
            + "  File not found, an invalid EmotiJ option); the macro's own exit is no failure\n";

    private MacroRunner() {
    }

    /** @return 0 when the macro ran to its end, 1 when it failed (a macro error, an ImageJ error, a plugin's exception) */
    static int run(String[] argv, PrintStream err) throws Exception {
        if (argv.length < 2 || argv.length > 3) throw new UsageException("macro needs a macro file and at most one argument");
        Path macro = Paths.get(argv[1]);
        if (!Files.isRegularFile(macro)) throw new UsageException("macro file not found: " + argv[1]);
        List<File> pluginPath = pluginClassPath();
        LegacyEnvironment ij = new LegacyEnvironment(null, true);
        ij.disableIJ1PluginDirs();
        ij.disableInitializer();
        ij.addPluginClasspath(pluginPath.toArray(new File[0]));
        // HeadlessMacro runs in the patched ImageJ: loaded by its plugin class loader, as the plugin is
        ClassLoader imagej = ij.getClassLoader();
        ClassLoader plugins = (ClassLoader) imagej.loadClass("ij.IJ").getMethod("getClassLoader").invoke(null);
        Thread.currentThread().setContextClassLoader(imagej);
        Class<?> inImageJ = Class.forName(HeadlessMacro.class.getName(), true, plugins);
        if (inImageJ == HeadlessMacro.class) throw new IllegalStateException("HeadlessMacro was not loaded by ImageJ's plugin class loader");
        String failure;
        try {
            failure = (String) inImageJ.getMethod("run", String.class, String.class)
                    .invoke(null, macro.toAbsolutePath().toString(), argv.length == 3 ? argv[2] : "");
        } catch (InvocationTargetException e) {
            if (e.getCause() instanceof Exception) throw (Exception) e.getCause();
            if (e.getCause() instanceof Error) throw (Error) e.getCause();
            throw e;
        }
        if (failure == null) return 0;
        err.println("emotij macro: " + macro + " failed: " + failure);
        return 1;
    }

    /** This JVM's class path without ImageJ 1.x and the patcher, which the legacy environment brings itself. */
    private static List<File> pluginClassPath() {
        List<File> files = new ArrayList<>();
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            File f = new File(entry);
            String name = f.getName();
            if (name.startsWith("ij-1.") || name.equals("ij.jar") || name.startsWith("ij1-patcher")) continue;
            files.add(f);
        }
        return files;
    }
}
