package emotij.engine;

import emotij.model.ModelStore;
import org.junit.jupiter.api.Test;

import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Runs kept on the calling thread compute what runs on the shared thread pool compute, from any thread. */
class CallingThreadRunsTest {

    private static float[] detections(TfModel model, float[] input) {
        return model.run(input, 1, 256, 256, 3).get("detections");
    }

    @Test
    void aRunOnTheCallingThreadAloneGivesTheSameOutputs() throws Exception {
        float[] input = new float[256 * 256 * 3];
        Random random = new Random(3);
        for (int i = 0; i < input.length; i++) input[i] = random.nextFloat() * 2 - 1;
        try (TfModel model = TfModel.load(ModelStore.locate(ModelStore.DETECTOR), TfModel.Engine.ONNX_RUNTIME)) {
            float[] pooled = detections(model, input);
            float[] alone;
            try (TfModel.CallingThreadScope outer = TfModel.onCallingThreadOnly()) {
                try (TfModel.CallingThreadScope inner = TfModel.onCallingThreadOnly()) {
                    detections(model, input);
                }
                // still inside the outer scope
                alone = detections(model, input);
            }
            // the same kernels, split differently over threads: the same floats
            assertArrayEquals(pooled, alone);
            assertArrayEquals(pooled, detections(model, input), "after the scope: the pool's session again");
            // two threads at once, each alone
            ExecutorService two = Executors.newFixedThreadPool(2);
            try {
                Future<float[]> a = two.submit(() -> {
                    try (TfModel.CallingThreadScope s = TfModel.onCallingThreadOnly()) {
                        return detections(model, input);
                    }
                });
                Future<float[]> b = two.submit(() -> {
                    try (TfModel.CallingThreadScope s = TfModel.onCallingThreadOnly()) {
                        return detections(model, input);
                    }
                });
                assertArrayEquals(pooled, a.get());
                assertArrayEquals(pooled, b.get());
            } finally {
                two.shutdown();
            }
        }
    }

    @Test
    void aScopeCountsOnlyOnItsOwnThread() throws Exception {
        try (TfModel.CallingThreadScope s = TfModel.onCallingThreadOnly()) {
            ExecutorService other = Executors.newSingleThreadExecutor();
            try {
                assertEquals(0, (int) other.submit(TfModel::callingThreadScopes).get());
            } finally {
                other.shutdown();
            }
            assertEquals(1, TfModel.callingThreadScopes());
        }
        assertEquals(0, TfModel.callingThreadScopes());
        // closing a scope twice ends it once
        TfModel.CallingThreadScope twice = TfModel.onCallingThreadOnly();
        try (TfModel.CallingThreadScope s = TfModel.onCallingThreadOnly()) {
            twice.close();
            twice.close();
            assertEquals(1, TfModel.callingThreadScopes());
        }
        assertEquals(0, TfModel.callingThreadScopes());
    }
}
