package emotij.cli;

import net.imagej.patcher.LegacyEnvironment;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code emotij macro FILE.ijm [ARG]}: runs an ImageJ 1.x macro headlessly (ImageJ patched by ij1-patcher) with the
 * EmotiJ plugin installed, as {@code ImageJ -batch FILE ARG} would on a desktop.
 *
 * <p>The patched ImageJ lives in its own class loader; the plugin jar and its dependencies go on ImageJ's plugin
 * class path, so that the plugin sees the patched ImageJ classes (the copies on this JVM's class path are not used).
 */
final class MacroRunner {

    static final String USAGE = "usage: emotij macro FILE.ijm [ARGUMENT]\n"
            + "  runs an ImageJ macro headlessly with EmotiJ installed; the macro reads ARGUMENT with getArgument()\n";

    private MacroRunner() {
    }

    static int run(String[] argv) throws Exception {
        if (argv.length < 2 || argv.length > 3) throw new UsageException("macro needs a macro file and at most one argument");
        Path macro = Paths.get(argv[1]);
        if (!Files.isRegularFile(macro)) throw new UsageException("macro file not found: " + argv[1]);
        List<File> pluginPath = pluginClassPath();
        LegacyEnvironment ij = new LegacyEnvironment(null, true);
        ij.disableIJ1PluginDirs();
        ij.disableInitializer();
        ij.addPluginClasspath(pluginPath.toArray(new File[0]));
        // ImageJ's batch mode ends the JVM itself when the macro is done
        ij.main("-batch", macro.toAbsolutePath().toString(), argv.length == 3 ? argv[2] : "");
        return 0;
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
