package io.deadwood.api.prune;

import io.deadwood.api.backend.ComputeBackend;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.checkpoint.CheckpointException;
import io.deadwood.api.checkpoint.StateCodec;
import io.deadwood.api.model.Model;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.optim.Optimizer;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.api.train.RunClock;
import io.deadwood.api.train.StepContext;
import io.deadwood.api.train.TrainingContext;
import io.deadwood.api.train.TrainingListener;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Applies a method's decisions to the model: structured cuts (with the optimiser state that goes
 * with them), unit masks and weight masks. It listens to the trainer after the method, so a
 * method's regulariser or noise is applied first and masked weights are zeroed last.
 */
public final class Pruner implements TrainingListener {
    private final Model model;
    private final WeightMasks masks = new WeightMasks();
    private final List<PruneEvent> history = new ArrayList<>();
    private final List<CutObserver> cutObservers = new ArrayList<>();
    private Optimizer optimizer;
    /** Read for the history's positions; the run's own clock once training starts. */
    private RunClock clock;

    public Pruner(Model model) {
        this(model, new RunClock());
    }

    /** A pruner that records its cuts at the run's clock, also in hooks before training starts. */
    public Pruner(Model model, RunClock clock) {
        this.model = model;
        this.clock = clock;
    }

    public Model model() { return model; }

    /** Sees every structured cut just before and just after the surgery (checks, logging). */
    public interface CutObserver {
        void beforeCut(UnitGroup group, int[] units);

        void afterCut(String group, int[] units);
    }

    public void addCutObserver(CutObserver observer) { cutObservers.add(observer); }

    /** The unit groups as the model stands now. */
    public UnitGraph graph() { return UnitGraph.of(model); }

    public WeightMasks weightMasks() { return masks; }

    public List<PruneEvent> history() { return List.copyOf(history); }

    /** Step of the cycle in progress or last run, from the run's clock (for recording events). */
    public long step() { return clock.step(); }

    @Override
    public void onTrainingStart(TrainingContext run) {
        this.optimizer = run.optimizer();
        this.clock = run.clock();
    }

    @Override
    public void afterBackward(StepContext s) {
        if (!masks.isEmpty()) masks.zeroMaskedGradients(backend(s));
    }

    @Override
    public void afterOptimizerStep(StepContext s) {
        if (!masks.isEmpty()) masks.zeroMaskedWeights(backend(s));
    }

    /** The step's backend; null (the host) for a step replayed without a run. */
    private static ComputeBackend backend(StepContext s) {
        return s.run() == null ? null : s.backend();
    }

    /** Removes units of a group physically; returns how many were removed. */
    public int removeUnits(String group, int[] units, String reason) {
        if (units.length == 0) return 0;
        UnitGroup g = graph().group(group);
        int[] sorted = units.clone();
        Arrays.sort(sorted);
        for (CutObserver o : cutObservers) o.beforeCut(g, sorted);
        Surgery.remove(g, sorted, optimizer, masks);
        for (CutObserver o : cutObservers) o.afterCut(group, sorted);
        history.add(new PruneEvent(clock.cycle(), clock.step(), clock.epoch(), group, g.size(), sorted, reason));
        model.touch();
        return sorted.length;
    }

    /** Forces units of a group to output zero without removing them (keep[i] false masks unit i). */
    public void maskUnits(String group, boolean[] keep) {
        UnitGroup g = graph().group(group);
        if (keep.length != g.size()) {
            throw new IllegalArgumentException("mask for " + group + " has " + keep.length + " entries, group has " + g.size());
        }
        g.activation().setUnitMask(keep);
        model.touch();
    }

    /** Sets a 0/1 weight mask on a parameter and zeroes the masked weights now. */
    public void maskWeights(Parameter p, Tensor mask) {
        masks.set(p, mask);
        model.touch();
    }

    /** The optimiser of the cycle in progress (null before training starts). */
    public Optimizer optimizer() { return optimizer; }

    /** History and weight masks (by parameter name); the run's clock is saved with the run. */
    public ObjectNode saveState() {
        ObjectNode o = StateCodec.object();
        ObjectNode m = o.putObject("weightMasks");
        for (Parameter p : model.parameters()) {
            Tensor mask = masks.get(p);
            if (mask != null) m.set(p.name(), StateCodec.tensor(mask));
        }
        ArrayNode h = o.putArray("history");
        for (PruneEvent e : history) h.add(StateCodec.JSON.valueToTree(e));
        return o;
    }

    public void restoreState(JsonNode o) {
        masks.clear();
        JsonNode m = o.get("weightMasks");
        Map<String, Parameter> byName = StateCodec.parametersByName(model);
        for (var it = m.properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            Parameter p = byName.get(e.getKey());
            if (p == null) throw new CheckpointException("checkpoint: weight mask for unknown parameter " + e.getKey());
            masks.replace(p, StateCodec.tensor(e.getValue()));
        }
        history.clear();
        for (JsonNode e : o.get("history")) history.add(StateCodec.JSON.convertValue(e, PruneEvent.class));
    }
}
