package io.deadwood.methods.demp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.model.Model;
import io.deadwood.api.optim.OptimizerConfig;
import io.deadwood.api.prune.Pruner;
import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.UnitStatistics;
import io.deadwood.api.train.StepContext;
import io.deadwood.api.train.Trainer;
import io.deadwood.api.train.TrainerConfig;
import io.deadwood.api.train.TrainingListener;
import io.deadwood.testkit.HostReadCountingBackend;
import io.deadwood.testkit.ReferenceBackend;
import io.deadwood.testkit.SyntheticImages;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A DemP step reads no parameter on the host: its regulariser, its liveness test and its noise are
 * backend ops, so on a device backend the parameters stay on the device. The counting backend marks
 * every op's operands as held by it, as a device backend does, and counts the host's reads of them
 * from the first hook of a step (extraLoss) to the last (afterOptimizerStep).
 */
class HostReadsTest {
    private static final int STEPS = 3;

    /** Trains STEPS steps with DemP between two listeners that turn counting on and off. */
    private static HostReadCountingBackend train(Model model, DempConfig config, TrainingListener extra) {
        HostReadCountingBackend backend = new HostReadCountingBackend(new ReferenceBackend());
        Pruner pruner = new Pruner(model);
        PruningContext context = new PruningContext(model, pruner, new UnitStatistics(model, Tiny.probe(3)), backend,
                1, STEPS, 11);
        DempSession session = new DempSession(config, context);
        List<TrainingListener> listeners = new ArrayList<>(List.of(backend.startOfStep(), pruner, session));
        if (extra != null) listeners.add(extra);
        listeners.add(backend.endOfStep());
        var data = new SyntheticImages(16 * STEPS, 4, Tiny.SHAPE, 16, 3);
        new Trainer(TrainerConfig.of(1, 16, OptimizerConfig.adamw(5e-3))).train(model, data, Tiny.probe(4), backend,
                listeners);
        return backend;
    }

    @ParameterizedTest(name = "{0} on {1}, {2} noise, live only {3}")
    @CsvSource({"bn-l1, vgg11, sequential, true", "bn-l1, vgg11, counter, true", "positive-l2, convnet, sequential, true",
                "l2, convnet, counter, false"})
    void aDempStepReadsNoParameterOnTheHost(String regularizer, String modelName, String generator, boolean liveOnly) {
        Model model = Tiny.model(modelName, 5);
        float[][] before = Tiny.values(model);
        DempConfig config = DempConfig.DEFAULT.withRegularizer(regularizer).withLambdaMax(0.1).withNoise(1e-3, liveOnly)
                .withChecks(1000, false).withNoiseGenerator(generator);
        HostReadCountingBackend backend = train(model, config, null);
        assertEquals(0, backend.parameterHandBacks(model), "parameters read on the host during DemP's steps");
        assertNotEquals(before[0][0], Tiny.values(model)[0][0], "the steps trained the model");
    }

    @Test
    void aHookThatReadsAParameterIsCaught() {
        Model model = Tiny.model("convnet", 5);
        TrainingListener reader = new TrainingListener() {
            @Override
            public void afterBackward(StepContext step) {
                step.model().parameters().getFirst().grad().data();
            }
        };
        HostReadCountingBackend backend = train(model, DempConfig.DEFAULT.withChecks(1000, false), reader);
        assertTrue(backend.parameterHandBacks(model) >= STEPS, "each step's read counted");
    }
}
