package io.deadwood.tornado;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelZoo;
import io.deadwood.api.optim.OptimizerConfig;
import io.deadwood.api.prune.Pruner;
import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.UnitStatistics;
import io.deadwood.api.train.StepContext;
import io.deadwood.api.train.Trainer;
import io.deadwood.api.train.TrainerConfig;
import io.deadwood.api.train.TrainingListener;
import io.deadwood.methods.demp.DempConfig;
import io.deadwood.methods.demp.DempMethod;
import io.deadwood.testkit.SyntheticImages;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;

/**
 * DemP's steps through the trainer on the device: from the second step on, no parameter, gradient
 * or optimiser slot is handed back to the host or sent to the device again, nor any other tensor:
 * the batch's loss and hits come back with the launch that scores it. With the sequential generator
 * the noise goes up, drawn on the host, and with the counter generator nothing of DemP's travels.
 */
@Tag("tornado")
class DempStepResidencyTest {
    private static final int[] SHAPE = {1, 8, 8};
    private static final int BATCH = 16, STEPS = 4, CLASSES = 4;

    private TornadoComputeBackend backend;

    @AfterEach
    void close() {
        if (backend != null) backend.close();
    }

    @ParameterizedTest(name = "{0} noise")
    @ValueSource(strings = {DempConfig.SEQUENTIAL, DempConfig.COUNTER})
    void aDempStepHandsBackNoParameter(String generator) {
        backend = new TornadoComputeBackend(TornadoExecutionPlan.getDevice(0, 0), new KernelStats(false));
        Model model = ModelZoo.create("vgg11", 0.125, SHAPE, CLASSES);
        model.initialize(5);
        Pruner pruner = new Pruner(model);
        var probe = new SyntheticImages(BATCH, CLASSES, SHAPE, BATCH, 3);
        PruningContext context = new PruningContext(model, pruner, new UnitStatistics(model, probe), backend, 1, STEPS, 11);
        DempConfig config = DempConfig.DEFAULT.withLambdaMax(0.1).withNoise(1e-3, true).withChecks(1000, false)
                .withNoiseGenerator(generator);
        // copies() when step 1 reaches its first hook (its forward pass has uploaded every tensor once) and
        // when the last step's hooks are done
        List<long[]> marks = new ArrayList<>();
        TrainingListener first = new TrainingListener() {
            @Override
            public double extraLoss(StepContext step) {
                if (step.step() == 1) marks.add(backend.arena().copies());
                return 0;
            }
        };
        TrainingListener last = new TrainingListener() {
            @Override
            public void afterOptimizerStep(StepContext step) {
                if (step.step() == STEPS - 1) marks.add(backend.arena().copies());
            }
        };
        List<TrainingListener> listeners = List.of(first, pruner, new DempMethod().open(config, context), last);
        var data = new SyntheticImages(BATCH * STEPS, CLASSES, SHAPE, BATCH, 7);
        var report = new Trainer(TrainerConfig.of(1, BATCH, OptimizerConfig.adamw(5e-3))).train(model, data, probe,
                backend, listeners);
        assertTrue(Double.isFinite(report.finalTestLoss()), "training ran");

        assertEquals(2, marks.size());
        long[] d = new long[DeviceArena.COPY_COUNTERS];
        for (int i = 0; i < d.length; i++) d[i] = marks.get(1)[i] - marks.get(0)[i];
        assertEquals(0, d[DeviceArena.PARAMETERS_HANDED_BACK], "parameter elements handed back to the host");
        assertEquals(0, d[DeviceArena.PARAMETERS_RESENT], "parameter elements sent to the device again");
        assertEquals(0, d[DeviceArena.HANDED_BACK], "no tensor comes back: the score brings the loss and hits");
        long parameters = model.parameters().stream().mapToLong(p -> p.size()).sum();
        if (generator.equals(DempConfig.COUNTER)) {
            assertEquals(0, d[DeviceArena.NOISE_UP], "the counter generator draws on the device");
        } else {
            assertTrue(d[DeviceArena.NOISE_UP] > 0 && d[DeviceArena.NOISE_UP] <= (STEPS - 1) * parameters,
                    "the sequential generator's noise goes up, at most one value per parameter and step");
        }
    }
}
