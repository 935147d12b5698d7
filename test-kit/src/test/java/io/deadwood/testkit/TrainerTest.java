package io.deadwood.testkit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.deadwood.api.model.Model;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.nn.Sequential;
import io.deadwood.api.optim.OptimizerConfig;
import io.deadwood.api.train.BatchProgress;
import io.deadwood.api.train.DivergedException;
import io.deadwood.api.train.EpochMetrics;
import io.deadwood.api.train.Evaluator;
import io.deadwood.api.train.ProgressListener;
import io.deadwood.api.train.StepContext;
import io.deadwood.api.train.Trainer;
import io.deadwood.api.train.TrainerConfig;
import io.deadwood.api.train.TrainingContext;
import io.deadwood.api.train.TrainingListener;
import io.deadwood.api.train.TrainingReport;
import io.deadwood.api.train.schedule.LrSchedule;
import io.deadwood.api.train.schedule.ScheduleConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The training loop on a softmax regression over synthetic separable blobs (test data, not a data set). */
class TrainerTest {
    private static final int DIM = 8;
    private static final int CLASSES = 4;
    private static final int BATCH = 32;

    private final ReferenceBackend backend = new ReferenceBackend();
    // 500 is not a multiple of 32: the last batch of every epoch is short.
    private final SyntheticBlobs train = new SyntheticBlobs(500, DIM, CLASSES, BATCH, 7, 1);
    private final SyntheticBlobs test = new SyntheticBlobs(256, DIM, CLASSES, 64, 7, 2);

    private static Model model(long seed) {
        Model m = new Model("softmax-regression", new Sequential("net", List.of(new TestLinear("fc", DIM, CLASSES))),
                new int[] {DIM}, CLASSES);
        m.initialize(seed);
        return m;
    }

    private static TrainerConfig config(int epochs, OptimizerConfig optimizer) {
        return TrainerConfig.of(epochs, BATCH, optimizer);
    }

    @Test
    void trainingReducesLossAndSeparatesTheBlobs() {
        Model m = model(3);
        double before = Evaluator.evaluate(m, test, backend).loss();
        TrainingReport r = new Trainer(config(5, OptimizerConfig.sgd(0.05)).withSchedule(ScheduleConfig.cosine()))
                .train(m, train, test, backend, List.of());
        assertEquals(5, r.epochs().size());
        assertEquals(5L * train.batchesPerEpoch(), r.steps());
        assertTrue(r.lastEpoch().trainLoss() < r.epochs().getFirst().trainLoss(), r.toString());
        assertTrue(r.finalTestLoss() < before / 4, "loss " + before + " -> " + r.finalTestLoss());
        assertTrue(r.finalTestAccuracy() > 0.95, "accuracy " + r.finalTestAccuracy());
        assertTrue(r.lastEpoch().trainAccuracy() > 0.95);
        EpochMetrics first = r.epochs().getFirst();
        assertEquals(1, first.epoch());
        assertTrue(first.imagesPerSecond() > 0 && first.trainNanos() > 0 && first.wallNanos() >= first.trainNanos());
        assertEquals(CLASSES * DIM + CLASSES, first.params());
        assertEquals(0, first.units());
        assertEquals(0.0, r.lastEpoch().lr(), 1e-3, "cosine ends near zero");
        assertEquals(r.finalTestAccuracy(), r.lastEpoch().testAccuracy());
    }

    @Test
    void adamwTrainsToo() {
        TrainingReport r = new Trainer(config(3, OptimizerConfig.adamw(0.02))).train(model(3), train, test, backend,
                List.of());
        assertTrue(r.finalTestAccuracy() > 0.95, "accuracy " + r.finalTestAccuracy());
    }

    @Test
    void identicalRunsAreBitIdentical() {
        TrainerConfig cfg = config(2, OptimizerConfig.sgd(0.05).withMomentum(0.9, true))
                .withSchedule(ScheduleConfig.parse("cosine+warmup")).withLabelSmoothing(0.1);
        Model a = model(11);
        Model b = model(11);
        TrainingReport ra = new Trainer(cfg).train(a, train, test, backend, List.of());
        TrainingReport rb = new Trainer(cfg).train(b, train, test, backend, List.of());
        for (int i = 0; i < a.parameters().size(); i++) {
            assertArrayEquals(a.parameters().get(i).value().data(), b.parameters().get(i).value().data());
        }
        for (int i = 0; i < ra.epochs().size(); i++) {
            EpochMetrics x = ra.epochs().get(i), y = rb.epochs().get(i);
            assertEquals(x.trainLoss(), y.trainLoss());
            assertEquals(x.trainAccuracy(), y.trainAccuracy());
            assertEquals(x.testLoss(), y.testLoss());
            assertEquals(x.lr(), y.lr());
        }
        assertEquals(ra.finalTestLoss(), rb.finalTestLoss());
    }

    @Test
    void hooksFireInOrderAndCount() {
        List<String> events = new ArrayList<>();
        Recorder a = new Recorder("a", 5, events);
        Recorder b = new Recorder("b", 0, events);
        int epochs = 2;
        TrainingReport r = new Trainer(config(epochs, OptimizerConfig.sgd(0.05))).train(model(1), train, test, backend,
                List.of(a, b));
        int steps = epochs * train.batchesPerEpoch();
        assertEquals(steps, r.steps());
        assertEquals(List.of("a.start", "b.start", "a.extra", "b.extra", "a.forward", "b.forward",
                "a.backward", "b.backward", "a.update", "b.update"), events.subList(0, 10));
        assertEquals(1, count(events, "a.start"));
        assertEquals(steps, count(events, "a.forward"));
        assertEquals(steps, count(events, "b.update"));
        assertEquals(steps / 5, count(events, "a.interval"));
        assertEquals(0, count(events, "b.interval"));
        assertEquals(epochs, count(events, "b.epoch"));
        assertEquals(List.of("a.end", "b.end"), events.subList(events.size() - 2, events.size()));
        // the 5th step's interval follows every listener's update of that step
        int fifthInterval = events.indexOf("a.interval");
        assertEquals("b.update", events.get(fifthInterval - 1));
        assertEquals(List.of(4L, 9L), a.intervalSteps.subList(0, 2));
        assertEquals(List.of(1, 2), a.epochsSeen);
    }

    @Test
    void extraLossIsReportedButDoesNotTouchGradients() {
        TrainerConfig cfg = config(1, OptimizerConfig.sgd(0.05));
        TrainingReport plain = new Trainer(cfg).train(model(5), train, test, backend, List.of());
        TrainingListener penalty = new TrainingListener() {
            @Override public double extraLoss(StepContext step) { return 1.0; }
        };
        TrainingReport withTerm = new Trainer(cfg).train(model(5), train, test, backend, List.of(penalty));
        assertEquals(plain.lastEpoch().trainLoss() + 1.0, withTerm.lastEpoch().trainLoss(), 1e-9);
        assertEquals(plain.finalTestLoss(), withTerm.finalTestLoss());
    }

    @Test
    void stepsUseTheScheduledLearningRate() {
        TrainerConfig cfg = config(2, OptimizerConfig.sgd(0.1)).withSchedule(ScheduleConfig.oneCycle());
        List<Double> lrs = new ArrayList<>();
        long[] total = new long[1];
        TrainingListener spy = new TrainingListener() {
            @Override public void onTrainingStart(TrainingContext run) { total[0] = run.totalSteps(); }
            @Override public void afterOptimizerStep(StepContext step) { lrs.add(step.lr()); }
        };
        new Trainer(cfg).train(model(1), train, test, backend, List.of(spy));
        LrSchedule expected = ScheduleConfig.oneCycle().create(0.1);
        assertEquals(2L * train.batchesPerEpoch(), total[0]);
        for (int s = 0; s < lrs.size(); s++) assertEquals((float) expected.lr(s, total[0]), lrs.get(s), 0.0);
    }

    @Test
    void finalReportDescribesTheModelAsListenersLeftIt() {
        TrainingListener wipe = new TrainingListener() {
            @Override
            public void onTrainingEnd(TrainingContext run) {
                for (Parameter p : run.model().parameters()) p.value().fill(0f);
            }
        };
        TrainingReport r = new Trainer(config(1, OptimizerConfig.sgd(0.05))).train(model(1), train, test, backend,
                List.of(wipe));
        assertTrue(r.lastEpoch().testAccuracy() > 0.9);
        assertEquals(Math.log(CLASSES), r.finalTestLoss(), 1e-6);
    }

    @Test
    void evaluationCanWaitForTheLastEpoch() {
        TrainerConfig cfg = config(3, OptimizerConfig.sgd(0.05)).withEvaluateEveryEpoch(false);
        TrainingReport r = new Trainer(cfg).train(model(1), train, test, backend, List.of());
        assertFalse(r.epochs().get(0).evaluated());
        assertFalse(r.epochs().get(1).evaluated());
        assertTrue(r.epochs().get(2).evaluated());
    }

    @Test
    void progressIsReportedPerBatch() {
        List<BatchProgress> seen = new ArrayList<>();
        ProgressListener progress = seen::add;
        new Trainer(config(2, OptimizerConfig.sgd(0.05)), progress).train(model(1), train, test, backend, List.of());
        int perEpoch = train.batchesPerEpoch();
        assertEquals(2 * perEpoch, seen.size());
        BatchProgress end = seen.get(perEpoch - 1);
        assertEquals(1, end.epoch());
        assertEquals(perEpoch, end.batch());
        assertEquals(perEpoch, end.batchesPerEpoch());
        assertTrue(end.imagesPerSecond() > 0 && end.runningAccuracy() > 0.5);
        assertEquals(2, seen.getLast().epoch());
    }

    @Test
    void hugeLearningRateDiverges() {
        DivergedException e = assertThrows(DivergedException.class,
                () -> new Trainer(config(3, OptimizerConfig.sgd(1e37))).train(model(1), train, test, backend,
                        List.of()));
        assertTrue(e.getMessage().matches("diverged at step \\d+: loss is (NaN|infinite); lower the learning rate"),
                e.getMessage());
        assertTrue(e.step() >= 2, "the first step starts from a finite initialisation");
    }

    @Test
    void divergenceMessagesNameTheStepAndTheKind() {
        assertEquals("diverged at step 7: loss is NaN; lower the learning rate",
                new DivergedException(7, Double.NaN).getMessage());
        assertEquals("diverged at step 12: loss is infinite; lower the learning rate",
                new DivergedException(12, Double.POSITIVE_INFINITY).getMessage());
    }

    private static long count(List<String> events, String e) {
        return events.stream().filter(e::equals).count();
    }

    /** Records every hook it receives. */
    private static final class Recorder implements TrainingListener {
        private final String name;
        private final int interval;
        private final List<String> events;
        final List<Long> intervalSteps = new ArrayList<>();
        final List<Integer> epochsSeen = new ArrayList<>();

        Recorder(String name, int interval, List<String> events) {
            this.name = name;
            this.interval = interval;
            this.events = events;
        }

        @Override public void onTrainingStart(TrainingContext run) { events.add(name + ".start"); }

        @Override
        public double extraLoss(StepContext step) {
            events.add(name + ".extra");
            return 0;
        }

        @Override public void afterForward(StepContext step) { events.add(name + ".forward"); }
        @Override public void afterBackward(StepContext step) { events.add(name + ".backward"); }
        @Override public void afterOptimizerStep(StepContext step) { events.add(name + ".update"); }
        @Override public int stepInterval() { return interval; }

        @Override
        public void onInterval(StepContext step) {
            events.add(name + ".interval");
            intervalSteps.add(step.step());
        }

        @Override
        public void onEpochEnd(EpochMetrics metrics, TrainingContext run) {
            events.add(name + ".epoch");
            epochsSeen.add(metrics.epoch());
        }

        @Override public void onTrainingEnd(TrainingContext run) { events.add(name + ".end"); }
    }
}
