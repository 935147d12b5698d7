package io.deadwood.testkit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.model.ChangeCheck;
import io.deadwood.api.model.Model;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.nn.Sequential;
import io.deadwood.api.optim.OptimizerConfig;
import io.deadwood.api.optim.Optimizers;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.api.train.Evaluation;
import io.deadwood.api.train.Evaluator;
import io.deadwood.api.train.RunClock;
import io.deadwood.api.train.StepContext;
import io.deadwood.api.train.Trainer;
import io.deadwood.api.train.TrainerConfig;
import io.deadwood.api.train.TrainingContext;
import io.deadwood.api.train.TrainingListener;
import io.deadwood.api.train.TrainingReport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The model's version counter and the run clock, as the trainer moves and reads them. */
class ModelVersionTest {
    private static final int DIM = 8;
    private static final int CLASSES = 4;

    private final ReferenceBackend backend = new ReferenceBackend();
    private final SyntheticBlobs train = new SyntheticBlobs(256, DIM, CLASSES, 32, 7, 1);
    private final SyntheticBlobs test = new SyntheticBlobs(128, DIM, CLASSES, 64, 7, 2);

    private static Model model() {
        Model m = new Model("softmax-regression", new Sequential("net", List.of(new TestLinear("fc", DIM, CLASSES))),
                new int[] {DIM}, CLASSES);
        m.initialize(3);
        return m;
    }

    @Test
    void everyKindOfChangeMovesTheVersionAndReadingDoesNot() {
        Model m = model();
        long v = m.version();
        Evaluator.evaluate(m, test, backend);
        assertEquals(v, m.version(), "an evaluation changes nothing");
        m.initialize(4);
        assertTrue(m.version() > v, "initialise");
        v = m.version();
        Parameter p = m.parameters().getFirst();
        p.replace(Tensor.zeros(p.value().shape()));
        assertTrue(m.version() > v, "a parameter swapped");
        v = m.version();
        m.touch();
        assertTrue(m.version() > v, "a change made in place and declared");
    }

    @Test
    void aChangeCheckSeesDeclaredChangesAndUndeclaredWritesInPlace() {
        Model m = model();
        ChangeCheck quiet = ChangeCheck.of(m);
        Evaluator.evaluate(m, test, backend);
        assertFalse(quiet.changed());
        m.touch();
        assertTrue(quiet.changed(), "declared");
        ChangeCheck undeclared = ChangeCheck.of(m);
        float[] w = m.parameters().getFirst().value().data();
        w[3] = Math.nextUp(w[3]);
        assertTrue(undeclared.changed(), "one value moved by one ulp, without touch");
    }

    @Test
    void theTrainerMovesTheClockAndReEvaluatesWhenAnEndHookChangesTheModel() {
        Model m = model();
        RunClock clock = new RunClock();
        List<String> seen = new ArrayList<>();
        TrainingListener zeroAtEnd = new TrainingListener() {
            @Override
            public void afterForward(StepContext s) {
                RunClock c = s.run().clock();
                seen.add(c.epoch() + "/" + c.step() + "=" + s.epoch() + "/" + s.step());
            }

            @Override
            public void onTrainingEnd(TrainingContext run) {
                for (Parameter p : run.model().parameters()) Arrays.fill(p.value().data(), 0f);
                run.model().touch();
            }
        };
        long before = m.version();
        TrainingReport r = new Trainer(TrainerConfig.of(2, 32, OptimizerConfig.sgd(0.05)))
                .train(m, train, test, backend, Optimizers.create(OptimizerConfig.sgd(0.05)), List.of(zeroAtEnd), null,
                        Trainer.Boundary.NONE, clock);
        int steps = 2 * train.batchesPerEpoch();
        assertEquals(steps, clock.runSteps());
        assertEquals(2, clock.epoch());
        assertEquals(steps - 1, clock.step());
        for (String s : seen) assertEquals(s.substring(0, s.indexOf('=')), s.substring(s.indexOf('=') + 1));
        assertTrue(m.version() >= before + steps, "every step counts as a change");

        Evaluation zeroed = Evaluator.evaluate(m, test, backend);
        assertEquals(zeroed.accuracy(), r.finalTestAccuracy(), "the report describes the model as the hook left it");
        assertNotEquals(r.lastEpoch().testAccuracy(), r.finalTestAccuracy());
    }
}
