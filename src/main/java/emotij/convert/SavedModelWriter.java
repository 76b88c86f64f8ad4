package emotij.convert;

import org.tensorflow.proto.DataType;
import org.tensorflow.proto.GraphDef;
import org.tensorflow.proto.MetaGraphDef;
import org.tensorflow.proto.SavedModel;
import org.tensorflow.proto.SignatureDef;
import org.tensorflow.proto.TensorInfo;
import org.tensorflow.proto.TensorShapeProto;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Writes a frozen graph as a SavedModel directory: one {@code saved_model.pb} with one MetaGraphDef tagged
 * {@code serve} and a {@code serving_default} signature. All weights are constants, so no {@code variables/}.
 */
final class SavedModelWriter {

    private SavedModelWriter() {
    }

    /**
     * @param inputs  signature key to {input tensor name, shape}; -1 for free dimensions
     * @param outputs signature key to output tensor name
     */
    static void write(GraphDef graph, String inputKey, String inputTensor, long[] inputShape,
                      Map<String, String> outputs, Path dir) throws IOException {
        SignatureDef.Builder signature = SignatureDef.newBuilder().setMethodName("tensorflow/serving/predict");
        signature.putInputs(inputKey, tensorInfo(inputTensor, inputShape));
        for (Map.Entry<String, String> out : outputs.entrySet()) {
            signature.putOutputs(out.getKey(), tensorInfo(out.getValue(), null));
        }
        MetaGraphDef meta = MetaGraphDef.newBuilder()
                .setMetaInfoDef(MetaGraphDef.MetaInfoDef.newBuilder().addTags("serve")
                        .setTensorflowVersion("2.16.0"))
                .setGraphDef(graph)
                .putSignatureDef("serving_default", signature.build())
                .build();
        SavedModel saved = SavedModel.newBuilder().setSavedModelSchemaVersion(1).addMetaGraphs(meta).build();
        Files.createDirectories(dir);
        try (OutputStream out = Files.newOutputStream(dir.resolve("saved_model.pb"))) {
            saved.writeTo(out);
        }
    }

    private static TensorInfo tensorInfo(String tensor, long[] shape) {
        String name = tensor.contains(":") ? tensor : tensor + ":0";
        TensorInfo.Builder info = TensorInfo.newBuilder().setName(name).setDtype(DataType.DT_FLOAT);
        TensorShapeProto.Builder s = TensorShapeProto.newBuilder();
        if (shape == null) {
            s.setUnknownRank(true);
        } else {
            for (long d : shape) s.addDim(TensorShapeProto.Dim.newBuilder().setSize(d));
        }
        return info.setTensorShape(s).build();
    }
}
