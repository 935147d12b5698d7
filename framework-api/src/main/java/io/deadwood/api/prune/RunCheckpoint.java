package io.deadwood.api.prune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.checkpoint.CheckpointException;
import io.deadwood.api.checkpoint.Checkpointing;
import io.deadwood.api.checkpoint.StateCodec;
import io.deadwood.api.model.Model;
import io.deadwood.api.optim.Optimizer;
import io.deadwood.api.train.EpochMetrics;
import io.deadwood.api.train.Evaluation;
import io.deadwood.api.train.RunClock;
import io.deadwood.api.train.Trainer;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a pruned run's whole state into checkpoints and puts it back: the run's clock, the trainer's
 * position in its epoch, the model, the optimiser, the pruner, the DNR monitor, the metrics and the
 * method's session. Each part encodes itself; this class decides what goes in and in which order.
 */
final class RunCheckpoint {
    private final Checkpointing checkpoints;
    private final Model model;
    private final RunClock clock;
    private final Pruner pruner;
    private final DnrMonitor dnr;
    private final EpochRecorder recorder;
    private final PruningSession session;
    private final String methodId;

    RunCheckpoint(Checkpointing checkpoints, Model model, RunClock clock, Pruner pruner, DnrMonitor dnr,
                  EpochRecorder recorder, PruningSession session, String methodId) {
        this.checkpoints = checkpoints;
        this.model = model;
        this.clock = clock;
        this.pruner = pruner;
        this.dnr = dnr;
        this.recorder = recorder;
        this.session = session;
        this.methodId = methodId;
    }

    /**
     * Puts the run back where its newest good checkpoint left it and returns that checkpoint's state,
     * or null when there is none. Called once every part was built on the freshly initialised model,
     * as in an uninterrupted run.
     */
    JsonNode restoreLatest() {
        if (checkpoints == null) return null;
        JsonNode saved = checkpoints.resumeState();
        if (saved == null) return null;
        if (session != null && !session.supportsCheckpoints()) {
            throw new CheckpointException("method " + methodId + " cannot resume from a checkpoint; rerun with "
                    + "--fresh to start over");
        }
        JsonNode c = saved.get("clock");
        clock.set(c.get("cycle").asInt(), c.get("epoch").asInt(), c.get("step").asLong(), c.get("runSteps").asLong(),
                c.get("stepped").asBoolean());
        StateCodec.restoreModel(model, saved.get("model"));
        pruner.restoreState(saved.get("pruner"));
        dnr.restoreState(saved.get("dnr"));
        recorder.restoreState(saved.get("recorder"));
        if (session != null) session.restoreState(saved.get("session"));
        return saved;
    }

    /** The trainer's position in the checkpointed cycle. */
    static Trainer.Position position(JsonNode saved) {
        JsonNode o = saved.get("position");
        List<EpochMetrics> epochs = new ArrayList<>();
        for (JsonNode m : o.get("epochs")) epochs.add(metrics(m));
        JsonNode e = o.get("lastEvaluation");
        Evaluation last = e == null ? null
                : new Evaluation(StateCodec.dbl(e.get("loss")), StateCodec.dbl(e.get("accuracy")), e.get("samples").asLong());
        return new Trainer.Position(o.get("epoch").asInt(), o.get("batchIndex").asInt(), o.get("step").asLong(),
                StateCodec.dbl(o.get("lossSum")), o.get("correct").asLong(), o.get("seen").asLong(),
                StateCodec.dbl(o.get("lastLr")), epochs, last);
    }

    static void restoreOptimizer(Optimizer optimizer, Model model, JsonNode saved) {
        StateCodec.restoreOptimizer(optimizer, model, saved.get("optimizer"));
    }

    /** Where the trainer stops to checkpoint one cycle trained with {@code optimizer}. */
    Trainer.Boundary boundary(Optimizer optimizer) {
        if (checkpoints == null) return Trainer.Boundary.NONE;
        return new Trainer.Boundary() {
            @Override
            public boolean wantsStep(long stepsDone) {
                return checkpoints.due(stepsDone);
            }

            @Override
            public void reached(Trainer.Position pos, boolean epochEnd) {
                if (!epochEnd && !checkpoints.due(pos.step())) return;
                checkpoints.save(state(pos, optimizer));
            }
        };
    }

    private ObjectNode state(Trainer.Position pos, Optimizer optimizer) {
        ObjectNode state = StateCodec.object();
        ObjectNode c = state.putObject("clock");
        c.put("cycle", clock.cycle());
        c.put("epoch", clock.epoch());
        c.put("step", clock.step());
        c.put("runSteps", clock.runSteps());
        c.put("stepped", clock.stepped());
        state.set("position", position(pos));
        state.set("model", StateCodec.model(model));
        state.set("optimizer", StateCodec.optimizer(optimizer, model));
        state.set("pruner", pruner.saveState());
        state.set("dnr", dnr.saveState());
        state.set("recorder", recorder.saveState());
        if (session != null) state.set("session", session.supportsCheckpoints() ? session.saveState() : null);
        return state;
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
}
