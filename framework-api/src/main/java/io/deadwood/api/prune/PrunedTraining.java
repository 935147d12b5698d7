package io.deadwood.api.prune;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.checkpoint.Checkpointing;
import io.deadwood.api.data.BatchSource;
import io.deadwood.api.model.Model;
import io.deadwood.api.train.EpochMetrics;
import io.deadwood.api.train.ProgressListener;
import io.deadwood.api.train.RunClock;
import io.deadwood.api.train.TrainerConfig;
import java.util.List;
import java.util.Map;

/**
 * Trains a model with an optional pruning method: opens the method's session, runs its training
 * cycles (each with a fresh optimiser and a restarted schedule) and records what every epoch left
 * of the network: units per group, parameters, the dead neuron rate and training FLOPs so far.
 *
 * <p>This class wires the run; the jobs are apart: {@link TrainingCycles} runs the cycles,
 * {@link RunCheckpoint} saves and restores the run, {@link EpochRecorder} keeps the metrics, and
 * {@link GuardedSession} names the method when one of its hooks fails. All of them read one
 * {@link RunClock}.
 */
public final class PrunedTraining {

    /** Everything a run needs. {@code probe} is the slice of the training set statistics are taken on. */
    public record Setup(Model model, BatchSource train, BatchSource test, BatchSource probe, ComputeBackend backend,
                        TrainerConfig config, ProgressListener progress, List<Pruner.CutObserver> cutObservers,
                        Checkpointing checkpointing) {
        public Setup(Model model, BatchSource train, BatchSource test, BatchSource probe, ComputeBackend backend,
                     TrainerConfig config, ProgressListener progress) {
            this(model, train, test, probe, backend, config, progress, List.of());
        }

        public Setup(Model model, BatchSource train, BatchSource test, BatchSource probe, ComputeBackend backend,
                     TrainerConfig config, ProgressListener progress, List<Pruner.CutObserver> cutObservers) {
            this(model, train, test, probe, backend, config, progress, cutObservers, null);
        }

        /** The same run, checkpointed (and resumed from the newest good checkpoint there is). */
        public Setup withCheckpointing(Checkpointing c) {
            return new Setup(model, train, test, probe, backend, config, progress, cutObservers, c);
        }
    }

    /**
     * One epoch of one cycle. {@code trainingFlops} counts 3 x forward FLOPs per sample at the width
     * each step ran with, summed over all steps of the run so far.
     */
    public record EpochRecord(int cycle, int epoch, EpochMetrics metrics, double dnr, double weightSparsity,
                              Map<String, Double> dnrByGroup, Map<String, Integer> unitsByGroup, long trainingFlops) {
    }

    public record Report(List<EpochRecord> epochs, double finalTestAccuracy, double finalTestLoss,
                         List<PruneEvent> history, long trainingFlops, long steps, Map<String, Object> methodSummary,
                         WeightMasks masks) {
    }

    private PrunedTraining() {
    }

    /** A run without a method: the dense baseline, with the same records. */
    public static Report dense(Setup setup) {
        return run(setup, null, null);
    }

    public static Report run(Setup setup, PruningMethod<?> method, JsonNode methodConfig) {
        Model model = setup.model();
        RunClock clock = new RunClock();
        Pruner pruner = new Pruner(model, clock);
        setup.cutObservers().forEach(pruner::addCutObserver);
        UnitStatistics stats = new UnitStatistics(model, setup.probe());
        PruningContext context = new PruningContext(model, pruner, stats, setup.backend(), setup.config().epochs(),
                setup.train().batchesPerEpoch(), setup.config().seed());
        PruningSession session = method == null ? null : GuardedSession.open(method, methodConfig, context, clock);
        int cycles = session == null ? 1 : session.cycles();
        if (cycles < 1) {
            throw new MethodHookException(method.id(), "cycles", clock.describe(),
                    new IllegalStateException("asked for " + cycles + " training cycles; it must be at least 1"));
        }
        DnrMonitor dnr = new DnrMonitor(model);
        EpochRecorder recorder = new EpochRecorder(model, dnr, clock);
        RunCheckpoint checkpoint = new RunCheckpoint(setup.checkpointing(), model, clock, pruner, dnr, recorder, session,
                method == null ? null : method.id());
        // The pruner after the method, so masked weights are zeroed last; the recorder last of all.
        TrainingCycles.Outcome end = new TrainingCycles(setup, clock, session, List.of(pruner, dnr, recorder), checkpoint)
                .run(cycles);
        return new Report(recorder.records(), end.testAccuracy(), end.testLoss(), pruner.history(),
                recorder.trainingFlops(), clock.runSteps(), session == null ? Map.of() : session.summary(),
                pruner.weightMasks());
    }

    /** Conv and dense kernels (the decayed parameters): all entries, or only the nonzero ones. */
    public static long kernelWeights(Model model, boolean nonzeroOnly) {
        long n = 0;
        for (var p : model.parameters()) {
            if (!p.decayed()) continue;
            if (!nonzeroOnly) {
                n += p.size();
                continue;
            }
            for (float v : p.value().data()) if (v != 0f) n++;
        }
        return n;
    }
}
