package emotij.plugin;

import emotij.ij.EmotiJRun;
import emotij.ij.EmotiJSettings;
import emotij.ij.ImageJProgress;
import emotij.image.InvalidImageException;
import ij.IJ;
import ij.ImagePlus;
import ij.Macro;

import java.io.IOException;

/** Runs a menu command and turns every failure into one clear ImageJ error message (and aborts a running macro). */
final class PluginRunner {

    private PluginRunner() {
    }

    static void run(ImagePlus imp, EmotiJSettings s, boolean classify) {
        try {
            EmotiJRun.run(imp, s, classify, ImageJProgress.create());
        } catch (InvalidImageException | IllegalArgumentException e) {
            fail(e.getMessage());
        } catch (IOException e) {
            fail("The EmotiJ models could not be loaded: " + e.getMessage());
        } catch (OutOfMemoryError e) {
            fail("Not enough memory for " + imp.getTitle() + ": give ImageJ more (Edit > Options > Memory & Threads)");
        } catch (RuntimeException e) {
            IJ.handleException(e);
        } finally {
            IJ.showProgress(1.0);
        }
    }

    private static void fail(String message) {
        IJ.error("EmotiJ", message);
        // a macro must not go on as if the faces were there
        if (Macro.getOptions() != null) Macro.abort();
    }
}
