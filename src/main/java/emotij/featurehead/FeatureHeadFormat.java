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

    @Override
    public boolean accepts(Path folder) {
        if (!ModelSpec.isModelFolder(folder)) return false;
        try {
            return FeatureHeadNetwork.runs(ModelSpec.read(folder));
        } catch (IOException e) {
            return false;  // the next format's loader says what is wrong
        }
    }

    @Override
    public ExpressionNetwork load(Path folder) throws IOException {
        return FeatureHeadNetwork.load(folder, null);
    }
}
