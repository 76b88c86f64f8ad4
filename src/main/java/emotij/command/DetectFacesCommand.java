package emotij.command;

import org.scijava.command.Command;
import org.scijava.plugin.Plugin;

/** Detect Faces for scripts and headless runs (same parameters as the menu command's macro keys). */
@Plugin(type = Command.class, headless = true, label = "EmotiJ: Detect Faces",
        description = "Finds faces (boxes and landmarks) and adds them to the overlay and the Results table")
public class DetectFacesCommand extends FaceCommand {

    @Override
    public void run() {
        run(settings(), false);
    }
}
