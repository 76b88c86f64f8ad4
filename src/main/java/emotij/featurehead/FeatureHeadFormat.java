package emotij.featurehead;

import emotij.classify.ExpressionNetwork;
import emotij.classify.ExpressionNetworkFormat;

import java.io.IOException;
import java.nio.file.Path;

/**
 * Trained model folders whose head runs in plain Java (frozen backbones): found before the PyTorch format in
 * {@code META-INF/services}, so that such models start without loading PyTorch.
 */
public final class FeatureHeadFormat implements ExpressionNetworkFormat {

    /** The folder accepted last and its spec, so that loading it does not read the spec again (2 MB of JSON). */
    private Path acceptedFolder;
    private ModelSpec acceptedSpec;

    @Override
    public synchronized boolean accepts(Path folder) {
        if (!ModelSpec.isModelFolder(folder)) return false;
        try {
            ModelSpec spec = ModelSpec.read(folder);
            if (!FeatureHeadNetwork.runs(spec)) return false;
            acceptedFolder = folder;
            acceptedSpec = spec;
            return true;
        } catch (IOException e) {
            return false;  // the next format's loader says what is wrong
        }
    }

    @Override
    public synchronized ExpressionNetwork load(Path folder) throws IOException {
        if (folder.equals(acceptedFolder)) return FeatureHeadNetwork.load(folder, acceptedSpec, null);
        return FeatureHeadNetwork.load(folder, null);
    }
}
