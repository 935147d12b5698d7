package io.deadwood.api.prune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.checkpoint.CheckpointException;
import io.deadwood.api.checkpoint.Checkpointing;
import io.deadwood.api.checkpoint.StateCodec;
import io.deadwood.api.optim.Optimizer;
import io.deadwood.api.optim.Optimizers;
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
        Checkpointing checkpoints = setup.checkpointing();
        // Everything above was built on the freshly initialised model, as in an uninterrupted run;
        // a checkpoint then puts the model and every component back where they stood.
        JsonNode saved = checkpoints == null ? null : checkpoints.resumeState();
        int firstCycle = 0;
        Trainer.Position position = null;
        if (saved != null) {
            if (session != null && !session.supportsCheckpoints()) {
                throw new CheckpointException("method " + method.id() + " cannot resume from a checkpoint; rerun with "
                        + "--fresh to start over");
            }
            StateCodec.restoreModel(model, saved.get("model"));
            pruner.restoreState(saved.get("pruner"));
            dnr.restoreState(saved.get("dnr"));
            recorder.restoreState(saved.get("recorder"));
            if (session != null) session.restoreState(saved.get("session"));
            firstCycle = saved.get("cycle").asInt();
            position = position(saved.get("position"));
        }
        TrainingReport last = null;
        boolean changedAtEnd = false;
        for (int cycle = firstCycle; cycle < cycles; cycle++) {
            boolean resumed = position != null;
            recorder.cycle = cycle;
            pruner.setCycle(cycle);
            if (session != null && !resumed) session.onCycleStart(cycle);
            List<TrainingListener> listeners = new ArrayList<>();
            if (session != null) listeners.add(session);
            listeners.add(pruner);
            listeners.add(dnr);
            listeners.add(recorder);
            Optimizer optimizer = Optimizers.create(setup.config().optimizer());
            if (resumed) StateCodec.restoreOptimizer(optimizer, model, saved.get("optimizer"));
            Trainer.Boundary boundary = Trainer.Boundary.NONE;
            if (checkpoints != null) {
                int c = cycle;
                boundary = new Trainer.Boundary() {
                    @Override
                    public boolean wantsStep(long stepsDone) {
                        return checkpoints.due(stepsDone);
                    }

                    @Override
                    public void reached(Trainer.Position pos, boolean epochEnd) {
                        if (!epochEnd && !checkpoints.due(pos.step())) return;
                        ObjectNode state = StateCodec.object();
                        state.put("cycle", c);
                        state.set("position", position(pos));
                        state.set("model", StateCodec.model(model));
                        state.set("optimizer", StateCodec.optimizer(optimizer, model));
                        state.set("pruner", pruner.saveState());
                        state.set("dnr", dnr.saveState());
                        state.set("recorder", recorder.saveState());
                        if (session != null) {
                            JsonNode s = session.supportsCheckpoints() ? session.saveState() : null;
                            state.set("session", s);
                        }
                        checkpoints.save(state);
                    }
                };
            }
            last = trainer.train(model, setup.train(), setup.test(), setup.backend(), optimizer, listeners, position,
                    boundary);
            position = null;
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

    private static ObjectNode position(Trainer.Position p) {
        ObjectNode o = StateCodec.object();
        o.put("epoch", p.epoch());
        o.put("batchIndex", p.batchIndex());
        o.put("step", p.step());
        o.put("lossSum", StateCodec.dbl(p.lossSum()));
        o.put("correct", p.correct());
        o.put("seen", p.seen());
        o.put("lastLr", StateCodec.dbl(p.lastLr()));
        ArrayNode a = o.putArray("epochs");
        for (EpochMetrics m : p.epochs()) a.add(metrics(m));
        if (p.lastEvaluation() != null) {
            ObjectNode e = o.putObject("lastEvaluation");
            e.put("loss", StateCodec.dbl(p.lastEvaluation().loss()));
            e.put("accuracy", StateCodec.dbl(p.lastEvaluation().accuracy()));
            e.put("samples", p.lastEvaluation().samples());
        }
        return o;
    }

    private static Trainer.Position position(JsonNode o) {
        List<EpochMetrics> epochs = new ArrayList<>();
        for (JsonNode m : o.get("epochs")) epochs.add(metrics(m));
        JsonNode e = o.get("lastEvaluation");
        Evaluation last = e == null ? null
                : new Evaluation(StateCodec.dbl(e.get("loss")), StateCodec.dbl(e.get("accuracy")), e.get("samples").asLong());
        return new Trainer.Position(o.get("epoch").asInt(), o.get("batchIndex").asInt(), o.get("step").asLong(),
                StateCodec.dbl(o.get("lossSum")), o.get("correct").asLong(), o.get("seen").asLong(),
                StateCodec.dbl(o.get("lastLr")), epochs, last);
    }

    static ObjectNode metrics(EpochMetrics m) {
        ObjectNode o = StateCodec.object();
        o.put("epoch", m.epoch());
        o.put("trainLoss", StateCodec.dbl(m.trainLoss()));
        o.put("trainAccuracy", StateCodec.dbl(m.trainAccuracy()));
        o.put("testLoss", StateCodec.dbl(m.testLoss()));
        o.put("testAccuracy", StateCodec.dbl(m.testAccuracy()));
        o.put("imagesPerSecond", StateCodec.dbl(m.imagesPerSecond()));
        o.put("trainNanos", m.trainNanos());
        o.put("wallNanos", m.wallNanos());
        o.put("lr", StateCodec.dbl(m.lr()));
        o.put("units", m.units());
        o.put("params", m.params());
        o.put("steps", m.steps());
        return o;
    }

    static EpochMetrics metrics(JsonNode o) {
        return new EpochMetrics(o.get("epoch").asInt(), StateCodec.dbl(o.get("trainLoss")),
                StateCodec.dbl(o.get("trainAccuracy")), StateCodec.dbl(o.get("testLoss")),
                StateCodec.dbl(o.get("testAccuracy")), StateCodec.dbl(o.get("imagesPerSecond")),
                o.get("trainNanos").asLong(), o.get("wallNanos").asLong(), StateCodec.dbl(o.get("lr")),
                o.get("units").asLong(), o.get("params").asLong(), o.get("steps").asLong());
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

        ObjectNode saveState() {
            ObjectNode o = StateCodec.object();
            o.put("flops", flops);
            o.put("steps", steps);
            ArrayNode a = o.putArray("records");
            for (EpochRecord r : records) {
                ObjectNode e = a.addObject();
                e.put("cycle", r.cycle());
                e.put("epoch", r.epoch());
                e.set("metrics", metrics(r.metrics()));
                e.put("dnr", StateCodec.dbl(r.dnr()));
                e.put("weightSparsity", StateCodec.dbl(r.weightSparsity()));
                ObjectNode d = e.putObject("dnrByGroup");
                r.dnrByGroup().forEach((k, v) -> d.put(k, StateCodec.dbl(v)));
                ObjectNode u = e.putObject("unitsByGroup");
                r.unitsByGroup().forEach(u::put);
                e.put("trainingFlops", r.trainingFlops());
            }
            return o;
        }

        void restoreState(JsonNode o) {
            flops = o.get("flops").asLong();
            steps = o.get("steps").asLong();
            records.clear();
            for (JsonNode e : o.get("records")) {
                Map<String, Double> d = new LinkedHashMap<>();
                e.get("dnrByGroup").properties().forEach(x -> d.put(x.getKey(), StateCodec.dbl(x.getValue())));
                Map<String, Integer> u = new LinkedHashMap<>();
                e.get("unitsByGroup").properties().forEach(x -> u.put(x.getKey(), x.getValue().asInt()));
                records.add(new EpochRecord(e.get("cycle").asInt(), e.get("epoch").asInt(), metrics(e.get("metrics")),
                        StateCodec.dbl(e.get("dnr")), StateCodec.dbl(e.get("weightSparsity")), d, u,
                        e.get("trainingFlops").asLong()));
            }
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
