package emotij.train;

import emotij.classify.ExpressionNetwork;
import emotij.classify.ExpressionNetworkFormat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Folders written by {@code emotij train}: registered in {@code META-INF/services} for inference to find. */
public final class TrainedModelFormat implements ExpressionNetworkFormat {

    @Override
    public boolean accepts(Path folder) {
        return Files.isRegularFile(folder.resolve(TrainedModel.SPEC_FILE));
    }

    @Override
    public ExpressionNetwork load(Path folder) throws IOException {
        return TrainedModel.load(folder);
    }
}
