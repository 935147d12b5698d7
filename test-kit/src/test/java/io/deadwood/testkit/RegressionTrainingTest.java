package io.deadwood.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.data.DataLoader;
import io.deadwood.api.data.Dataset;
import io.deadwood.api.data.Normalization;
import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelFile;
import io.deadwood.api.model.ModelProvider;
import io.deadwood.api.model.Models;
import io.deadwood.api.nn.Activation;
import io.deadwood.api.nn.Dense;
import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.nn.Flatten;
import io.deadwood.api.nn.Sequential;
import io.deadwood.api.optim.OptimizerConfig;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.api.train.Evaluation;
import io.deadwood.api.train.Evaluator;
import io.deadwood.api.train.Trainer;
import io.deadwood.api.train.TrainerConfig;
import io.deadwood.api.train.TrainingReport;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Regression end to end: a smooth MLP fits sin(x) by least squares, and saves and reloads with its smooth layers. */
class RegressionTrainingTest {
    private static final int[] SHAPE = {1, 1, 1};
    private final ReferenceBackend backend = new ReferenceBackend();

    /** A small MLP with tanh and softplus hidden layers, as a model provider so that a model file can name it. */
    public static final class SmoothMlp implements ModelProvider {
        @Override public String id() { return "smooth-mlp-test"; }
        @Override public String description() { return "dense 24, tanh, dense 24, softplus, dense 16, sigmoid, output"; }

        @Override
        public Model create(int[] inputShape, int outputs, double width) {
            int h = Math.max(1, (int) Math.round(24 * width));
            return new Model(id(), new Sequential(id(), List.of(new Flatten("flatten"),
                    new Dense("fc1", inputShape[0] * inputShape[1] * inputShape[2], h, true, true), Activation.tanh("act1"),
                    new Dense("fc2", h, h, true, true), Activation.softplus("act2"),
                    new Dense("fc3", h, 16, true, true), Activation.sigmoid("act3"),
                    new Dense("out", 16, outputs, true, false))), inputShape, outputs);
        }
    }

    private static Dataset sine(String name, int n, double from, double to) {
        float[] x = new float[n], y = new float[n];
        for (int i = 0; i < n; i++) {
            x[i] = (float) (from + (to - from) * i / (n - 1));
            y[i] = (float) Math.sin(x[i]);
        }
        return Dataset.regression(name, x, SHAPE, y, 1, List.of());
    }

    private TrainingReport fit(Model model, Dataset train, Dataset test) {
        Normalization norm = Normalization.identity(1);
        DataLoader trainLoader = new DataLoader(train, 32, norm, io.deadwood.api.data.Augmentation.none(), true, false, 7);
        DataLoader testLoader = DataLoader.forEvaluation(test, 64, norm);
        TrainerConfig config = TrainerConfig.of(60, 32, OptimizerConfig.adamw(0.01)).withSeed(7);
        return new Trainer(config).train(model, trainLoader, testLoader, backend, List.of());
    }

    @Test
    void aSmoothMlpFitsASineByLeastSquares() {
        Dataset train = sine("sine-train", 256, -3, 3), test = sine("sine-test", 101, -2.9, 2.9);
        Model model = new SmoothMlp().create(SHAPE, 1, 1);
        model.initialize(11);
        Evaluation before = Evaluator.evaluate(model, DataLoader.forEvaluation(test, 64, Normalization.identity(1)), backend);
        assertTrue(Double.isNaN(before.accuracy()), "a regression set has no accuracy");
        TrainingReport report = fit(model, train, test);
        double after = report.finalTestLoss();
        assertTrue(after * 10 <= before.loss(), "test MSE " + before.loss() + " -> " + after + ": less than a tenfold drop");
        assertTrue(Double.isNaN(report.finalTestAccuracy()));
        assertTrue(report.epochs().getLast().evaluated());

        Model again = new SmoothMlp().create(SHAPE, 1, 1);
        again.initialize(11);
        assertEquals(after, fit(again, train, test).finalTestLoss(), 0.0, "the same seed fits the same model");
    }

    @Test
    void aModelWithSmoothLayersSavesAndReloadsToIdenticalOutputs(@TempDir Path tmp) throws Exception {
        Model model = new SmoothMlp().create(SHAPE, 2, 0.5);
        model.initialize(5);
        Path file = tmp.resolve("smooth.dwm");
        ModelFile.save(file, model, 0.5, Normalization.identity(1));

        // The provider is found the way a plugin's is, through a service file on the loader.
        Path services = Files.createDirectories(tmp.resolve("cp/META-INF/services"));
        Files.writeString(services.resolve(ModelProvider.class.getName()), SmoothMlp.class.getName() + "\n");
        try (URLClassLoader loader = new URLClassLoader(new URL[] {tmp.resolve("cp").toUri().toURL()}, getClass().getClassLoader())) {
            ModelFile.Loaded loaded = ModelFile.load(file, Models.discover(loader));
            Tensor x = Tensor.zeros(9, 1, 1, 1);
            for (int i = 0; i < 9; i++) x.data()[i] = -4f + i;
            ExecutionContext eval = new ExecutionContext(backend, false);
            float[] expected = model.forward(x, eval).data().clone();
            assertArrayEquals(expected, loaded.model().forward(x, eval).data(), "reloaded outputs");
        }
    }
}
