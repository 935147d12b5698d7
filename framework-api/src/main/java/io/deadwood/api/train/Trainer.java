package io.deadwood.api.train;

import io.deadwood.api.backend.BatchScore;
import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.data.Batch;
import io.deadwood.api.data.BatchSource;
import io.deadwood.api.model.ChangeCheck;
import io.deadwood.api.model.Model;
import io.deadwood.api.nn.ExecutionContext;
import io.deadwood.api.optim.Optimizer;
import io.deadwood.api.optim.Optimizers;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.api.train.schedule.LrSchedule;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mini-batch training with softmax cross-entropy. The trainer draws no random numbers: given an
 * initialised model and batch sources whose order depends only on the epoch, a run is
 * deterministic on a deterministic backend. Epoch e (1-based) reads {@code train.epoch(e - 1)}.
 *
 * <p>The order of work in a step and around epochs is given in {@link TrainingListener}. Parameter
 * gradients are not zeroed: by the backend contract a backward pass writes them.
 */
public final class Trainer {
    private static final Logger LOG = LoggerFactory.getLogger(Trainer.class);

    private final TrainerConfig config;
    private final ProgressListener progress;

    public Trainer(TrainerConfig config) {
        this(config, ProgressListener.NONE);
    }

    public Trainer(TrainerConfig config, ProgressListener progress) {
        this.config = config;
        this.progress = progress;
    }

    public TrainerConfig config() { return config; }

    /** Trains with a fresh optimiser built from the config. The caller initialises the model. */
    public TrainingReport train(Model model, BatchSource train, BatchSource test, ComputeBackend backend,
                                List<TrainingListener> listeners) {
        return train(model, train, test, backend, Optimizers.create(config.optimizer()), listeners);
    }

    /**
     * Trains with the given optimiser, whose state carries over (e.g. from an earlier stage). It must
     * have been built from this trainer's optimiser config, since the schedule scales that config's lr.
     */
    public TrainingReport train(Model model, BatchSource train, BatchSource test, ComputeBackend backend,
                                Optimizer optimizer, List<TrainingListener> listeners) {
        return train(model, train, test, backend, optimizer, listeners, null, Boundary.NONE);
    }

    /**
     * Where a run stands between two steps: the epoch in progress (1-based) and the batches of it
     * done, the step count, the running sums of the epoch, the epochs finished and the last
     * evaluation. {@code epoch} is {@code epochs + 1} once every epoch has run.
     */
    public record Position(int epoch, int batchIndex, long step, double lossSum, long correct, long seen,
                           double lastLr, List<EpochMetrics> epochs, Evaluation lastEvaluation) {
        public Position {
            epochs = List.copyOf(epochs);
        }
    }

    /** Told where the run stands after every step and after every epoch's listeners ran (to checkpoint). */
    public interface Boundary {
        Boundary NONE = new Boundary() {
            @Override public void reached(Position position, boolean epochEnd) { }
            @Override public boolean wantsStep(long stepsDone) { return false; }
        };

        void reached(Position position, boolean epochEnd);

        /**
         * Whether {@link #reached} wants the position after a step, {@code stepsDone} steps into the
         * run; when not, the trainer builds none (this is asked every step). Epoch ends always go.
         */
        default boolean wantsStep(long stepsDone) { return true; }
    }

    /**
     * Trains from {@code resume} (null: from the start) with the optimiser's state as given. The
     * listeners' {@code onTrainingStart} runs either way; when resuming they must already hold the
     * state they had at that position, and the done batches of the epoch in progress are skipped.
     */
    public TrainingReport train(Model model, BatchSource train, BatchSource test, ComputeBackend backend,
                                Optimizer optimizer, List<TrainingListener> listeners, Position resume,
                                Boundary boundary) {
        return train(model, train, test, backend, optimizer, listeners, resume, boundary, new RunClock());
    }

    /** As above, moving {@code clock} at every step (a run of several cycles shares one clock). */
    public TrainingReport train(Model model, BatchSource train, BatchSource test, ComputeBackend backend,
                                Optimizer optimizer, List<TrainingListener> listeners, Position resume,
                                Boundary boundary, RunClock clock) {
        if (!optimizer.config().equals(config.optimizer())) {
            throw new IllegalArgumentException("optimizer was built from " + optimizer.config()
                    + " but trainer.optimizer is " + config.optimizer());
        }
        int batchesPerEpoch = train.batchesPerEpoch();
        if (batchesPerEpoch < 1) throw new IllegalArgumentException("training split has no batches");
        long totalSteps = (long) config.epochs() * batchesPerEpoch;
        LrSchedule schedule = config.schedule().create(config.optimizer().lr());
        TrainingContext run = new TrainingContext(model, backend, optimizer, config, schedule, train, test, totalSteps,
                clock);
        List<TrainingListener> hooks = List.copyOf(listeners);
        int[] intervals = new int[hooks.size()];
        for (int i = 0; i < intervals.length; i++) {
            intervals[i] = hooks.get(i).stepInterval();
            if (intervals[i] < 0) {
                throw new IllegalArgumentException("listener " + hooks.get(i) + " has stepInterval " + intervals[i]
                        + "; it must be >= 0");
            }
        }

        long runStart = System.nanoTime();
        for (TrainingListener l : hooks) l.onTrainingStart(run);
        Evaluation last = null;
        EpochLoop loop = new EpochLoop(run, hooks.toArray(TrainingListener[]::new), intervals, boundary);
        int firstEpoch = 1;
        if (resume != null) {
            loop.finished = List.copyOf(resume.epochs());
            last = resume.lastEvaluation();
            firstEpoch = resume.epoch();
            loop.step = resume.step();
            loop.lastLr = resume.lastLr();
            loop.resume = resume;
        }
        for (int epoch = firstEpoch; epoch <= config.epochs(); epoch++) {
            long epochStart = System.nanoTime();
            loop.last = last;
            loop.runEpoch(epoch);
            long trainNanos = System.nanoTime() - epochStart;
            boolean evaluate = config.evaluateEveryEpoch() || epoch == config.epochs();
            Evaluation eval = null;
            if (evaluate) {
                progress.onEvaluationStart(epoch);
                eval = Evaluator.evaluate(model, test, backend);
                last = eval;
            }
            long wallNanos = System.nanoTime() - epochStart;
            EpochMetrics m = new EpochMetrics(epoch, loop.lossSum / loop.seen, loop.accuracy(),
                    eval == null ? Double.NaN : eval.loss(), eval == null ? Double.NaN : eval.accuracy(),
                    loop.seen / (trainNanos / 1e9), trainNanos, wallNanos, loop.lastLr, model.unitCount(),
                    model.parameterCount(), loop.step);
            List<EpochMetrics> done = new ArrayList<>(loop.finished);
            done.add(m);
            loop.finished = List.copyOf(done);
            LOG.info("epoch {}/{}: train loss {} acc {}, test loss {} acc {}, {} img/s, lr {}, {} units, {} params",
                    epoch, config.epochs(), fmt(m.trainLoss()), fmt(m.trainAccuracy()), fmt(m.testLoss()),
                    fmt(m.testAccuracy()), Math.round(m.imagesPerSecond()), fmt(m.lr()), m.units(), m.params());
            progress.onEpochEnd(m);
            for (TrainingListener l : hooks) l.onEpochEnd(m, run);
            boundary.reached(new Position(epoch + 1, 0, loop.step, 0, 0, 0, loop.lastLr, loop.finished, last), true);
        }
        ChangeCheck evaluated = hooks.isEmpty() ? null : ChangeCheck.of(model);
        for (TrainingListener l : hooks) l.onTrainingEnd(run);
        // Listeners may have cut or masked the model after the last evaluation; report what is left.
        boolean changed = evaluated != null && evaluated.changed();
        Evaluation fin = changed ? Evaluator.evaluate(model, test, backend) : last;
        return new TrainingReport(loop.finished, fin.loss(), fin.accuracy(), System.nanoTime() - runStart, loop.step,
                model.unitCount(), model.parameterCount());
    }

    private static String fmt(double v) {
        return String.format("%.4g", v);
    }

    /** The step loop and the running sums of the current epoch. */
    private final class EpochLoop {
        private final TrainingContext run;
        /** An array, not a list: walking it every step needs no iterator, inlined or not. */
        private final TrainingListener[] hooks;
        private final int[] intervals;
        private final ExecutionContext ctx;
        private Tensor gradLogits, lastLogits;
        long step;
        double lossSum;
        long correct;
        long seen;
        double lastLr;
        /** Set by the first batch with real-valued targets: accuracies are then NaN. */
        boolean regression;

        private final Boundary boundary;
        /** The epochs done so far, immutable, so that a position per step does not copy them. */
        List<EpochMetrics> finished = List.of();
        Position resume;
        Evaluation last;

        EpochLoop(TrainingContext run, TrainingListener[] hooks, int[] intervals, Boundary boundary) {
            this.boundary = boundary;
            this.run = run;
            this.hooks = hooks;
            this.intervals = intervals;
            this.ctx = new ExecutionContext(run.backend(), true);
        }

        void runEpoch(int epoch) {
            lossSum = 0;
            correct = 0;
            seen = 0;
            int batchesPerEpoch = run.batchesPerEpoch();
            progress.onEpochStart(epoch, config.epochs(), batchesPerEpoch);
            long start = System.nanoTime();
            Iterator<Batch> it = run.trainData().epoch(epoch - 1);
            int batchIndex = 0;
            if (resume != null && resume.epoch() == epoch) {
                // The order of an epoch is fixed by (seed, epoch): skip the batches done before the checkpoint.
                for (; batchIndex < resume.batchIndex() && it.hasNext(); batchIndex++) it.next();
                lossSum = resume.lossSum();
                correct = resume.correct();
                seen = resume.seen();
                resume = null;
            }
            while (it.hasNext()) {
                Batch b = it.next();
                trainStep(epoch, batchIndex++, b);
                // Nothing is built for a boundary or progress that ignores it: this runs every step.
                if (boundary.wantsStep(step)) {
                    boundary.reached(new Position(epoch, batchIndex, step, lossSum, correct, seen, lastLr, finished,
                            last), false);
                }
                if (progress.followsBatches()) {
                    double seconds = (System.nanoTime() - start) / 1e9;
                    progress.onBatch(new BatchProgress(epoch, config.epochs(), batchIndex, batchesPerEpoch,
                            lossSum / seen, accuracy(), seen / seconds, lastLr));
                }
            }
            if (seen == 0) throw new IllegalStateException("training split yielded no samples in epoch " + epoch);
        }

        double accuracy() {
            return regression ? Double.NaN : (double) correct / seen;
        }

        private void trainStep(int epoch, int batchIndex, Batch b) {
            Evaluator.checkBatch(b);
            ComputeBackend backend = run.backend();
            run.clock().startStep(epoch, step);
            float lr = (float) run.schedule().lr(step, run.totalSteps());
            // Regression batches train by least squares, where label smoothing has no meaning and no hits are counted.
            regression |= b.labels() == null;
            BatchScore score;
            double hookedLoss = Double.NaN;
            backend.beginStep();
            try {
                score = forwardAndScore(b, backend);
                if (hooks.length == 0) {
                    // Nothing reads the score inside the step, so a device backend may run the step as one launch.
                    model().backward(gradLogits, ctx);
                    run.optimizer().step(model().parameters(), lr, backend);
                } else {
                    hookedLoss = hookedStep(epoch, batchIndex, b, lr, score.loss());
                }
            } finally {
                backend.endStep();
            }
            double loss = hooks.length == 0 ? score.loss() : hookedLoss;
            int hits = score.hits();
            // Without listeners the loss is known only once the step has run, so a diverged step's update is in place.
            if (!Double.isFinite(loss)) throw new DivergedException(step + 1, loss);
            // The update and the hooks changed the weights in place; one bump covers the step.
            model().touch();
            step++;
            lossSum += loss * b.size();
            correct += hits;
            seen += b.size();
            lastLr = lr;
        }

        private Model model() {
            return run.model();
        }

        private BatchScore forwardAndScore(Batch b, ComputeBackend backend) {
            Tensor logits = model().forward(b.images(), ctx);
            lastLogits = logits;
            if (gradLogits == null || !gradLogits.sameShape(logits)) gradLogits = Tensor.zeros(logits.shape());
            if (b.labels() == null) return BatchScore.of(backend.meanSquaredError(logits, b.targets(), gradLogits), 0);
            return backend.scoreBatch(logits, b.labels(), (float) config.labelSmoothing(), gradLogits);
        }

        /** The rest of a step with listeners, in the order {@link TrainingListener} gives; returns the step's loss. */
        private double hookedStep(int epoch, int batchIndex, Batch b, float lr, double dataLoss) {
            ComputeBackend backend = run.backend();
            StepContext sc = new StepContext(run, step, epoch, batchIndex, b, lr, dataLoss, 0, lastLogits);
            double extra = 0;
            for (TrainingListener l : hooks) extra += l.extraLoss(sc);
            if (extra != 0) sc = sc.withExtraLoss(extra);
            double loss = sc.loss();
            if (!Double.isFinite(loss)) throw new DivergedException(step + 1, loss);

            for (TrainingListener l : hooks) l.afterForward(sc);
            model().backward(gradLogits, ctx);
            for (TrainingListener l : hooks) l.afterBackward(sc);
            run.optimizer().step(model().parameters(), lr, backend);
            for (TrainingListener l : hooks) l.afterOptimizerStep(sc);
            long done = step + 1;
            for (int i = 0; i < intervals.length; i++) {
                if (intervals[i] > 0 && done % intervals[i] == 0) hooks[i].onInterval(sc);
            }
            return loss;
        }
    }
}
