package io.deadwood.methods.demp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.model.Model;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.optim.OptimizerConfig;
import io.deadwood.api.prune.PrunedTraining;
import io.deadwood.api.prune.PruningMethods;
import io.deadwood.api.prune.Statistic;
import io.deadwood.api.train.ProgressListener;
import io.deadwood.api.train.TrainerConfig;
import io.deadwood.api.train.schedule.ScheduleConfig;
import io.deadwood.testkit.ReferenceBackend;
import io.deadwood.testkit.SyntheticImages;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class DempSessionTest {

    @Test
    void withoutBatchNormBnL1FallsBackToPositiveL2WithOneWarning() {
        Model convnet = Tiny.model("convnet", 1);
        DempSession session;
        PrintStream err = System.err;
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
        try {
            session = new DempSession(DempConfig.DEFAULT.withLambdaMax(0.1), Tiny.context(convnet, 2, 10));
            Tiny.zeroGradients(convnet);
            for (int t = 0; t < 5; t++) {
                session.extraLoss(Tiny.step(t));
                session.afterBackward(Tiny.step(t));
            }
        } finally {
            System.setErr(err);
        }
        String log = captured.toString(StandardCharsets.UTF_8);
        assertEquals(1, log.split("has no BatchNorm", -1).length - 1, log);
        assertEquals(Regularizer.POSITIVE_L2, session.regularizer());
        assertEquals("positive-l2", session.summary().get("regularizer"));
        assertEquals(true, session.summary().get("regularizerFallback"));
        // The fallback's gradient lands on positive conv and dense weights only.
        for (Parameter p : convnet.parameters()) {
            boolean producerWeight = p.name().endsWith(".weight") && !p.name().startsWith("classifier");
            for (int i = 0; i < p.size(); i++) {
                float w = p.value().get(i), g = p.grad().get(i);
                if (producerWeight && w > 0) assertTrue(g > 0, p.name() + "[" + i + "]");
                else assertEquals(0f, g, p.name() + "[" + i + "]");
            }
        }
        assertTrue(session.extraLoss(Tiny.step(3)) > 0);
    }

    @Test
    void aModelWithBatchNormOrAnExplicitChoiceKeepsItsRegularizer() {
        var vgg = new DempSession(DempConfig.DEFAULT, Tiny.context(Tiny.model("vgg11", 1), 2, 10));
        assertEquals(Regularizer.BN_L1, vgg.regularizer());
        assertEquals(false, vgg.summary().get("regularizerFallback"));
        var l2 = new DempSession(DempConfig.DEFAULT.withRegularizer("l2"), Tiny.context(Tiny.model("convnet", 1), 2, 10));
        assertEquals(Regularizer.L2, l2.regularizer());
        assertEquals(Set.of(Statistic.DEAD_UNITS), vgg.statistics());
    }

    @Test
    void theCheckIntervalDefaultsToEightChecksPerRun() {
        assertEquals(12, new DempSession(DempConfig.DEFAULT, Tiny.context(Tiny.model("mlp", 1), 10, 10)).stepInterval());
        assertEquals(1, new DempSession(DempConfig.DEFAULT, Tiny.context(Tiny.model("mlp", 1), 1, 7)).stepInterval());
        assertEquals(3, new DempSession(DempConfig.DEFAULT.withChecks(3, true), Tiny.context(Tiny.model("mlp", 1), 10, 10))
                .stepInterval());
    }

    private static PrunedTraining.Report train(String modelName, int epochs, DempConfig config) {
        Model model = Tiny.model(modelName, 3);
        SyntheticImages train = new SyntheticImages(64, 4, Tiny.SHAPE, 16, 3);
        SyntheticImages test = new SyntheticImages(32, 4, Tiny.SHAPE, 16, 4);
        TrainerConfig tc = TrainerConfig.of(epochs, 16, OptimizerConfig.sgd(0.05))
                .withSchedule(ScheduleConfig.constant()).withSeed(3);
        var setup = new PrunedTraining.Setup(model, train, test, Tiny.probe(5), new ReferenceBackend(), tc,
                ProgressListener.NONE);
        return PrunedTraining.run(setup, new DempMethod(), PruningMethods.toJson(config));
    }

    @Test
    @SuppressWarnings("unchecked")
    void unitsAreCutDuringTrainingSoLaterEpochsCostLess() {
        DempConfig config = DempConfig.DEFAULT.withLambdaMax(0.5);
        PrunedTraining.Report r = train("vgg11", 6, config);
        List<Map<String, Object>> checks = (List<Map<String, Object>>) r.methodSummary().get("checks");
        assertEquals(24 / DempSession.AUTO_CHECKS, r.methodSummary().get("checkEvery"));
        assertEquals(8, checks.size(), "a check every third step, none repeated at the end");
        int removed = (int) r.methodSummary().get("removed");
        assertEquals(r.history().stream().mapToInt(e -> e.units().length).sum(), removed);
        assertTrue(removed > 0);
        long previous = Long.MAX_VALUE, flopsBefore = 0;
        List<Long> perEpoch = new java.util.ArrayList<>();
        for (PrunedTraining.EpochRecord e : r.epochs()) {
            long units = e.unitsByGroup().values().stream().mapToLong(Integer::longValue).sum();
            assertTrue(units <= previous, "units never grow back");
            previous = units;
            perEpoch.add(e.trainingFlops() - flopsBefore);
            flopsBefore = e.trainingFlops();
        }
        assertTrue(perEpoch.getLast() < perEpoch.getFirst(), "training FLOPs per epoch fall: " + perEpoch);
        assertEquals(checks.getLast().get("unitsLeft"), previous);
    }

    @Test
    @SuppressWarnings("unchecked")
    void theFinalCheckRunsWhenTheLastIntervalMissedTheEnd() {
        PrunedTraining.Report r = train("convnet", 3, DempConfig.DEFAULT.withChecks(7, true));
        List<Map<String, Object>> withFinal = (List<Map<String, Object>>) r.methodSummary().get("checks");
        assertEquals(List.of(7L, 12L), withFinal.stream().map(c -> c.get("step")).toList());
        long lastEpochUnits = r.epochs().getLast().unitsByGroup().values().stream().mapToLong(Integer::longValue).sum();
        assertEquals(withFinal.getLast().get("unitsLeft"), lastEpochUnits, "the last epoch's record shows the final cut");
        List<Map<String, Object>> without = (List<Map<String, Object>>) train("convnet", 3,
                DempConfig.DEFAULT.withChecks(7, false)).methodSummary().get("checks");
        assertEquals(List.of(7L), without.stream().map(c -> c.get("step")).toList());
        assertFalse(without.isEmpty());
    }
}
