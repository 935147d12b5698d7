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
    private long step;
    private int epoch;
    private int cycle;

    public Pruner(Model model) {
        this.model = model;
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

    /** Step of the run the pruner last saw (for recording events). */
    public long step() { return step; }

    @Override
    public void onTrainingStart(TrainingContext run) {
        this.optimizer = run.optimizer();
    }

    @Override
    public void afterForward(StepContext s) {
        step = s.step();
        epoch = s.epoch();
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
        history.add(new PruneEvent(cycle, step, epoch, group, g.size(), sorted, reason));
        return sorted.length;
    }

    /** Forces units of a group to output zero without removing them (keep[i] false masks unit i). */
    public void maskUnits(String group, boolean[] keep) {
        UnitGroup g = graph().group(group);
        if (keep.length != g.size()) {
            throw new IllegalArgumentException("mask for " + group + " has " + keep.length + " entries, group has " + g.size());
        }
        g.activation().setUnitMask(keep);
    }

    /** Sets a 0/1 weight mask on a parameter and zeroes the masked weights now. */
    public void maskWeights(Parameter p, Tensor mask) {
        masks.set(p, mask);
    }

    /** Set by the runner before each training cycle, for the history. */
    public void setCycle(int cycle) { this.cycle = cycle; }

    /** The optimiser of the cycle in progress (null before training starts). */
    public Optimizer optimizer() { return optimizer; }

    /** History, weight masks (by parameter name) and the step, epoch and cycle last seen. */
    public ObjectNode saveState() {
        ObjectNode o = StateCodec.object();
        o.put("step", step);
        o.put("epoch", epoch);
        o.put("cycle", cycle);
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
        step = o.get("step").asLong();
        epoch = o.get("epoch").asInt();
        cycle = o.get("cycle").asInt();
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
