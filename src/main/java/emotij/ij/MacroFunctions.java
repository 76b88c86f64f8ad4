package emotij.ij;

import emotij.io.ImageFiles;
import ij.ImagePlus;

import java.io.IOException;
import java.nio.file.Paths;

/**
 * Static methods for ImageJ macros' {@code call("emotij.ij.MacroFunctions.NAME", ...)}: what the macro language
 * cannot do itself, headless included.
 */
public final class MacroFunctions {

    private MacroFunctions() {
    }

    /**
     * Opens an image, stack or movie as EmotiJ does (AVI movies and large TIFF stacks as virtual stacks, read a
     * frame at a time) and makes it the current image, also headless where ImageJ's AVI dialog cannot open.
     *
     * @return the image's title, or a text starting with {@code error:} that says why it cannot be opened
     */
    public static String open(String path) {
        try {
            ImagePlus imp = ImageFiles.open(Paths.get(path));
            imp.show();
            ij.WindowManager.setTempCurrentImage(imp);
            return imp.getTitle();
        } catch (IOException | RuntimeException e) {
            return "error: " + e.getMessage();
        }
    }
}
