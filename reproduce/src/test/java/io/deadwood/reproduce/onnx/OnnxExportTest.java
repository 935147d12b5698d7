package io.deadwood.reproduce.onnx;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtSession;
import io.deadwood.api.data.Augmentation;
import io.deadwood.api.data.Batch;
import io.deadwood.api.data.DataLoader;
import io.deadwood.api.data.DataSpecs;
import io.deadwood.api.data.DataSplits;
import io.deadwood.api.data.Normalization;
import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelZoo;
import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.nn.ResidualBlock;
import io.deadwood.api.prune.Pruner;
import io.deadwood.api.prune.UnitGroup;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.cpu.VectorCpuBackend;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every model of the zoo, dense and pruned, exported and run in ONNX Runtime on real Fashion-MNIST
 * test images: the logits equal Deadwood's own (eval mode) to 1e-5, and the pruned file is smaller
 * by the pruned fraction of the parameters.
 */
class OnnxExportTest {
    private static final int IMAGES = 32;
    /** Wide enough that the parameters, not the graph's structure, make most of the file. */
    private static final double WIDTH = 0.5;
    private static VectorCpuBackend backend;
    private static Tensor images;
    private static Normalization norm;
    private static OrtEnvironment ort;

    @TempDir
    static Path tmp;

    @BeforeAll
    static void setUp() {
        backend = new VectorCpuBackend(2);
        DataSplits data = DataSpecs.load(DataSpecs.DEFAULT);
        norm = Normalization.fromTraining(data.train());
        Batch b = new DataLoader(data.test(), IMAGES, norm, Augmentation.none(), false, false, 0).epoch(0).next();
        images = b.images().copy();
        ort = OrtEnvironment.getEnvironment();
    }

    @AfterAll
    static void tearDown() {
        backend.close();
    }

    static Stream<String> models() {
        return ModelZoo.names().stream();
    }

    /** A model with BatchNorm statistics that have moved off their start (a few training-mode passes). */
    private static Model trainedLooking(String name) {
        Model m = ModelZoo.create(name, WIDTH, new int[] {1, 28, 28}, 10);
        m.initialize(7);
        ExecutionContext train = new ExecutionContext(backend, true);
        for (int i = 0; i < 3; i++) m.forward(images, train);
        return m;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("models")
    void denseAndPrunedModelsGiveDeadwoodsLogitsInOnnxRuntime(String name) throws Exception {
        Model model = trainedLooking(name);
        long denseParams = model.parameterCount();
        Path dense = tmp.resolve(name + "-dense.onnx");
        OnnxFiles.write(dense, model, WIDTH, norm);
        assertSameLogits(model, dense, name + " dense");

        Pruner pruner = new Pruner(model);
        int cut = 0;
        for (UnitGroup g : pruner.graph().groups()) {
            int[] every3rd = java.util.stream.IntStream.range(0, g.size()).filter(u -> u % 3 == 1).toArray();
            if (every3rd.length > 0 && every3rd.length < g.size()) cut += pruner.removeUnits(g.name(), every3rd, "test");
        }
        assertTrue(cut > 0, name + ": the test cut units");
        if (name.startsWith("resnet")) {
            boolean selected = model.layers().stream().anyMatch(l -> l instanceof ResidualBlock r && r.skipSelection() != null);
            assertTrue(selected, name + ": pruning left a residual channel selection to export");
        }
        Path pruned = tmp.resolve(name + "-pruned.onnx");
        OnnxFiles.write(pruned, model, WIDTH, norm);
        assertSameLogits(model, pruned, name + " pruned");
        double paramRatio = model.parameterCount() / (double) denseParams;
        double sizeRatio = Files.size(pruned) / (double) Files.size(dense);
        assertEquals(paramRatio, sizeRatio, 0.05, name + ": file size follows the parameters");
    }

    private static void assertSameLogits(Model model, Path file, String what) throws Exception {
        Tensor expected = model.forward(images, new ExecutionContext(backend, false)).copy();
        try (OrtSession session = ort.createSession(file.toString(), new OrtSession.SessionOptions());
             OnnxTensor input = OnnxTensor.createTensor(ort, FloatBuffer.wrap(images.data()), longs(images.shape()));
             OrtSession.Result result = session.run(Map.of(OnnxExport.INPUT, input))) {
            float[][] actual = (float[][]) result.get(0).getValue();
            assertEquals(IMAGES, actual.length, what);
            int k = expected.dim(1);
            for (int i = 0; i < IMAGES; i++) {
                for (int j = 0; j < k; j++) {
                    float e = expected.data()[i * k + j], a = actual[i][j];
                    assertTrue(Math.abs(e - a) <= 1e-5 * Math.max(1, Math.abs(e)),
                            what + ": logit [" + i + ", " + j + "] is " + a + " in ONNX Runtime, " + e + " in Deadwood");
                }
            }
        }
    }

    private static long[] longs(int[] shape) {
        long[] out = new long[shape.length];
        for (int i = 0; i < shape.length; i++) out[i] = shape[i];
        return out;
    }
}
