package io.deadwood.api.prune;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.data.BatchSource;
import io.deadwood.api.model.Model;
import io.deadwood.api.model.ModelDigest;
import io.deadwood.api.train.EpochMetrics;
import io.deadwood.api.train.Evaluation;
import io.deadwood.api.train.Evaluator;
import io.deadwood.api.train.ProgressListener;
import io.deadwood.api.train.StepContext;
import io.deadwood.api.train.Trainer;
import io.deadwood.api.train.TrainerConfig;
import io.deadwood.api.train.TrainingContext;
import io.deadwood.api.train.TrainingListener;
import io.deadwood.api.train.TrainingReport;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Trains a model with an optional pruning method: opens the method's session, runs its training
 * cycles (each with a fresh optimiser and a restarted schedule) and records what every epoch left
 * of the network: units per group, parameters, the dead neuron rate and training FLOPs so far.
 */
public final class PrunedTraining {

    /** Everything a run needs. {@code probe} is the slice of the training set statistics are taken on. */
    public record Setup(Model model, BatchSource train, BatchSource test, BatchSource probe, ComputeBackend backend,
                        TrainerConfig config, ProgressListener progress, List<Pruner.CutObserver> cutObservers) {
        public Setup(Model model, BatchSource train, BatchSource test, BatchSource probe, ComputeBackend backend,
                     TrainerConfig config, ProgressListener progress) {
            this(model, train, test, probe, backend, config, progress, List.of());
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
        Pruner pruner = new Pruner(model);
        setup.cutObservers().forEach(pruner::addCutObserver);
        UnitStatistics stats = new UnitStatistics(model, setup.probe());
        PruningContext context = new PruningContext(model, pruner, stats, setup.backend(), setup.config().epochs(),
                setup.train().batchesPerEpoch(), setup.config().seed());
        PruningSession session = method == null ? null : PruningMethods.open(method, methodConfig, context);
        int cycles = session == null ? 1 : session.cycles();
        if (cycles < 1) throw new IllegalStateException(method.id() + " asked for " + cycles + " training cycles");

        DnrMonitor dnr = new DnrMonitor(model);
        Recorder recorder = new Recorder(model, dnr);
        Trainer trainer = new Trainer(setup.config(), setup.progress());
        TrainingReport last = null;
        boolean changedAtEnd = false;
        for (int cycle = 0; cycle < cycles; cycle++) {
            recorder.cycle = cycle;
            pruner.setCycle(cycle);
            if (session != null) session.onCycleStart(cycle);
            List<TrainingListener> listeners = new ArrayList<>();
            if (session != null) listeners.add(session);
            listeners.add(pruner);
            listeners.add(dnr);
            listeners.add(recorder);
            last = trainer.train(model, setup.train(), setup.test(), setup.backend(), listeners);
            if (session != null) {
                String trained = ModelDigest.sha256(model);
                session.onCycleEnd(cycle);
                changedAtEnd = !trained.equals(ModelDigest.sha256(model));
            }
        }
        double accuracy = last.finalTestAccuracy(), loss = last.finalTestLoss();
        if (changedAtEnd) {
            // The last cycle's end hook cut or masked more: the test figures must describe the final network.
            Evaluation e = Evaluator.evaluate(model, setup.test(), setup.backend());
            accuracy = e.accuracy();
            loss = e.loss();
        }
        return new Report(List.copyOf(recorder.records), accuracy, loss, pruner.history(), recorder.flops,
                recorder.steps, session == null ? Map.of() : session.summary(), pruner.weightMasks());
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

    /** Listens last: counts FLOPs per step and records each epoch once the other listeners have run. */
    private static final class Recorder implements TrainingListener {
        private final Model model;
        private final DnrMonitor dnr;
        final List<EpochRecord> records = new ArrayList<>();
        int cycle;
        long flops;
        long steps;

        private final long originalWeights;

        Recorder(Model model, DnrMonitor dnr) {
            this.model = model;
            this.dnr = dnr;
            this.originalWeights = kernelWeights(model, false);
        }

        @Override
        public void afterForward(StepContext step) {
            // Counted at the width this step runs with, before any cut the step's hooks make.
            flops += 3L * model.forwardFlops() * step.batch().size();
            steps++;
        }

        @Override
        public void onEpochEnd(EpochMetrics metrics, TrainingContext run) {
            Map<String, Integer> units = new LinkedHashMap<>();
            for (UnitGroup g : UnitGraph.of(model).groups()) units.put(g.name(), g.size());
            int epoch = records.isEmpty() ? 1 : records.getLast().epoch() + 1;
            records.add(new EpochRecord(cycle, epoch, metrics, dnr.lastEpochNetwork(),
                    1.0 - (double) kernelWeights(model, true) / originalWeights, dnr.lastEpochByGroup(), units, flops));
        }
    }
}
