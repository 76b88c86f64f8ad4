package emotij.command;

import emotij.ij.EmotiJRun;
import emotij.ij.EmotiJSettings;
import emotij.ij.ImageJProgress;
import emotij.image.InvalidImageException;
import ij.ImagePlus;

import java.io.IOException;

/** The run of a command on an image (Detect Faces, Classify Expressions), with the errors a script can act on. */
final class ImageCommandRun {

    private ImageCommandRun() {
    }

    static EmotiJRun.Result run(ImagePlus imp, EmotiJSettings s, boolean classify) {
        // a bare SciJava context fills an unset ImagePlus parameter with an empty image, not null
        if (imp == null || imp.getProcessor() == null || imp.getWidth() == 0) {
            throw new IllegalArgumentException("EmotiJ needs an image: pass an ImagePlus as parameter 'imp'");
        }
        try {
            return EmotiJRun.run(imp, s, classify, ImageJProgress.create());
        } catch (InvalidImageException e) {
            throw new IllegalArgumentException(e.getMessage(), e);
        } catch (IOException e) {
            throw new IllegalStateException("The EmotiJ models could not be loaded: " + e.getMessage(), e);
        }
    }
}
