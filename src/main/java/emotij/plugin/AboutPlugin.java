package emotij.plugin;

import emotij.cache.CacheFolder;
import emotij.model.ModelStore;
import ij.IJ;
import ij.plugin.PlugIn;
import ij.text.TextWindow;

import java.awt.GraphicsEnvironment;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/** Plugins > EmotiJ > About EmotiJ: the models in use, their sources, licences and measured accuracy. */
public class AboutPlugin implements PlugIn {

    @Override
    public void run(String arg) {
        String text = aboutText();
        if (GraphicsEnvironment.isHeadless() || IJ.getInstance() == null) {
            IJ.log(text);
        } else {
            new TextWindow("About EmotiJ", text, 760, 600);
        }
    }

    /** Version, cache folder and the model card of every shipped model. */
    static String aboutText() {
        StringBuilder s = new StringBuilder();
        Package p = AboutPlugin.class.getPackage();
        String version = p != null && p.getImplementationVersion() != null ? p.getImplementationVersion() : "development build";
        s.append("EmotiJ ").append(version).append(": faces and facial expressions, offline.\n");
        s.append("Native libraries and models are cached in ").append(CacheFolder.dir())
                .append(" (move with -D").append(CacheFolder.PROPERTY).append("=DIR).\n\n");
        for (String model : new String[] {ModelStore.DETECTOR, ModelStore.EXPRESSION, ModelStore.EMBEDDING, ModelStore.FACE_FEATURES}) {
            try (InputStream in = AboutPlugin.class.getResourceAsStream("/emotij/models/" + model + "/README.md")) {
                s.append(in == null ? "# " + model + ": model card missing from the jar\n"
                        : new String(in.readAllBytes(), StandardCharsets.UTF_8)).append("\n\n");
            } catch (IOException e) {
                s.append("# ").append(model).append(": ").append(e.getMessage()).append("\n\n");
            }
        }
        return s.toString();
    }
}
