package io.deadwood.tornado;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.backend.BatchScore;
import io.deadwood.api.data.Batch;
import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelZoo;
import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.optim.Optimizer;
import io.deadwood.api.optim.OptimizerConfig;
import io.deadwood.api.optim.Optimizers;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.api.train.BatchProgress;
import io.deadwood.api.train.ProgressListener;
import io.deadwood.api.train.Trainer;
import io.deadwood.api.train.TrainerConfig;
import io.deadwood.testkit.SyntheticImages;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import uk.ac.manchester.tornado.api.TornadoExecutionPlan;

/**
 * A training step of {@code convnet} through the trainer, once recorded, runs as one launch of its
 * own graph: the batch goes up with it, the loss and hits come back with it, and no parameter,
 * gradient or optimiser slot travels. The numbers are those of the same step run op by op.
 */
@Tag("tornado")
class StepGraphTest {
    private static final int[] SHAPE = {1, 16, 16};
    private static final int BATCH = 32, CLASSES = 10, STEPS = 10;

    private static TornadoComputeBackend open() {
        return new TornadoComputeBackend(TornadoExecutionPlan.getDevice(0, 0), new KernelStats(false));
    }

    private static Model convnet() {
        Model m = ModelZoo.create("convnet", 0.5, SHAPE, CLASSES);
        m.initialize(3);
        return m;
    }

    @Test
    void aSteadyConvnetStepIsOneLaunchThatMovesOnlyTheBatchAndTheScore() {
        try (TornadoComputeBackend backend = open()) {
            Model model = convnet();
            var data = new SyntheticImages(BATCH * STEPS, CLASSES, SHAPE, BATCH, 7);
            List<long[]> perStep = new ArrayList<>();
            ProgressListener progress = new ProgressListener() {
                @Override public boolean followsBatches() { return true; }
                @Override public void onBatch(BatchProgress p) { perStep.add(backend.arena().sinceStepStart()); }
            };
            var report = new Trainer(TrainerConfig.of(2, BATCH, OptimizerConfig.sgd(0.05).withMomentum(0.9, false)), progress)
                    .train(model, data, data, backend, List.of());
            assertTrue(report.finalTestAccuracy() > 0.2, "convnet learns the synthetic classes: " + report.finalTestAccuracy());
            assertEquals(2 * STEPS, perStep.size());
            List<String> graphs = backend.arena().layerGraphs();
            assertTrue(graphs.contains(KernelGraphs.graphName(DeviceArena.STEP_PASS)), graphs.toString());
            long batchUp = (long) BATCH * (SHAPE[0] * SHAPE[1] * SHAPE[2]) + BATCH;
            StringBuilder launches = new StringBuilder();
            for (long[] c : perStep) launches.append(c[DeviceArena.LAUNCHES]).append(' ');
            // the first steps record the step, then the plan is rebuilt with its graph; the first evaluation
            // adds its layer passes, so the plan is rebuilt once more early in epoch 2 (each rebuild empties the
            // arena, and the step after it uploads the weights again)
            long single = perStep.subList(0, STEPS).stream().filter(c -> c[DeviceArena.LAUNCHES] == 1).count();
            assertTrue(single >= STEPS - 6, "epoch 1's last four steps are one launch each: " + launches);
            for (int s = STEPS + 2; s < 2 * STEPS; s++) {
                long[] c = perStep.get(s);
                assertTrue(c[DeviceArena.LAUNCHES] <= 3, "launches per step: " + launches);
                assertEquals(1, c[DeviceArena.LAUNCHES], "step " + s + ": one launch");
                assertEquals(0, c[DeviceArena.PARAMETERS_HANDED_BACK], "step " + s + ": parameters handed back");
                assertEquals(0, c[DeviceArena.PARAMETERS_RESENT], "step " + s + ": parameters sent again");
                assertEquals(0, c[DeviceArena.HANDED_BACK], "step " + s + ": tensors handed back");
                assertTrue(c[DeviceArena.UP] >= batchUp && c[DeviceArena.UP] < 2 * batchUp,
                        "step " + s + ": only the batch and its labels go up, " + c[DeviceArena.UP] + " elements");
                assertEquals(3L * KernelGraphs.LOSS_ROWS, c[DeviceArena.DOWN], "step " + s + ": only the score comes down");
            }
        }
    }

    /** Steps as the trainer makes them, with or without the step bracket; returns each step's loss and hits. */
    private static List<Double> train(TornadoComputeBackend backend, Model model, boolean bracketed) {
        var data = new SyntheticImages(BATCH * 6, CLASSES, SHAPE, BATCH, 9);
        Optimizer opt = Optimizers.create(OptimizerConfig.sgd(0.05).withMomentum(0.9, false));
        ExecutionContext ctx = new ExecutionContext(backend, true);
        List<Double> scores = new ArrayList<>();
        for (int epoch = 0; epoch < 2; epoch++) {
            Iterator<Batch> it = data.epoch(epoch);
            while (it.hasNext()) {
                Batch b = it.next();
                if (bracketed) backend.beginStep();
                Tensor logits = model.forward(b.images(), ctx);
                Tensor grad = Tensor.zeros(logits.shape());
                BatchScore score = bracketed ? backend.scoreBatch(logits, b.labels(), 0f, grad)
                        : BatchScore.of(backend.softmaxCrossEntropy(logits, b.labels(), 0f, grad), 0);
                int hits = bracketed ? 0 : BatchScore.hits(logits, b.labels(), b.size());
                model.backward(grad, ctx);
                opt.step(model.parameters(), 0.05f, backend);
                if (bracketed) backend.endStep();
                scores.add(score.loss());
                scores.add((double) (bracketed ? score.hits() : hits));
            }
        }
        return scores;
    }

    @Test
    void theStepGraphGivesTheBitsOfTheStepRunOpByOp() {
        Model stepped = convnet(), plain = convnet();
        List<Double> a, b;
        List<float[]> wa = new ArrayList<>(), wb = new ArrayList<>();
        try (TornadoComputeBackend backend = open()) {
            a = train(backend, stepped, true);
            assertTrue(backend.arena().layerGraphs().contains(KernelGraphs.graphName(DeviceArena.STEP_PASS)));
            for (Parameter p : stepped.parameters()) wa.add(p.value().data().clone());
        }
        try (TornadoComputeBackend backend = open()) {
            b = train(backend, plain, false);
            for (Parameter p : plain.parameters()) wb.add(p.value().data().clone());
        }
        assertEquals(b, a, "losses and hits");
        for (int i = 0; i < wa.size(); i++) {
            assertArrayEquals(wb.get(i), wa.get(i), "parameter " + stepped.parameters().get(i).name());
        }
    }
}
