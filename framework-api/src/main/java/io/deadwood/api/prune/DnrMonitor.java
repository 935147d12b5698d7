package io.deadwood.api.prune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.checkpoint.StateCodec;
import io.deadwood.api.model.Model;
import io.deadwood.api.nn.ActivationObserver;
import io.deadwood.api.nn.ReLU;
import io.deadwood.api.tensor.Tensor;
import io.deadwood.api.train.EpochMetrics;
import io.deadwood.api.train.TrainingContext;
import io.deadwood.api.train.TrainingListener;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The dynamic dead neuron rate: the fraction of ReLU outputs that are exactly zero on the training
 * batches, per unit group and for the whole network, averaged over each epoch. It watches the
 * groups' ReLUs during training-mode forward passes only.
 */
public final class DnrMonitor implements TrainingListener {
    private final Model model;
    private final Map<String, long[]> counts = new LinkedHashMap<>();
    private final Map<ReLU, String> watched = new IdentityHashMap<>();
    private final ActivationObserver observer = this::observe;
    private Map<String, Double> lastEpoch = Map.of();
    private double lastNetwork = Double.NaN;
    private ComputeBackend backend;

    public DnrMonitor(Model model) {
        this.model = model;
    }

    private void observe(ReLU relu, Tensor y, boolean training) {
        if (!training) return;
        String name = watched.get(relu);
        if (name == null) return;
        long[] c = counts.computeIfAbsent(name, k -> new long[2]);
        c[0] += backend.countZeros(y);
        c[1] += y.size();
    }

    @Override
    public void onTrainingStart(TrainingContext run) {
        backend = run.backend();
        attach();
    }

    /** Re-reads the groups (surgery renames nothing but may drop a whole block's ReLU from a group). */
    private void attach() {
        watched.keySet().forEach(r -> r.removeObserver(observer));
        watched.clear();
        for (UnitGroup g : UnitGraph.of(model).groups()) {
            watched.put(g.activation(), g.name());
            g.activation().addObserver(observer);
        }
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics, TrainingContext run) {
        Map<String, Double> perGroup = new LinkedHashMap<>();
        long zero = 0, all = 0;
        for (Map.Entry<String, long[]> e : counts.entrySet()) {
            long[] c = e.getValue();
            if (c[1] == 0) continue;
            perGroup.put(e.getKey(), (double) c[0] / c[1]);
            zero += c[0];
            all += c[1];
        }
        lastEpoch = perGroup;
        lastNetwork = all == 0 ? Double.NaN : (double) zero / all;
        counts.clear();
        attach();
    }

    @Override
    public void onTrainingEnd(TrainingContext run) {
        watched.keySet().forEach(r -> r.removeObserver(observer));
        watched.clear();
    }

    /** Per-group DNR of the epoch that ended last. */
    public Map<String, Double> lastEpochByGroup() { return lastEpoch; }

    /** Whole-network DNR of the epoch that ended last (all groups' outputs pooled). */
    public double lastEpochNetwork() { return lastNetwork; }

    /** The counts of the epoch in progress and the figures of the last one, in their order. */
    public ObjectNode saveState() {
        ObjectNode o = StateCodec.object();
        ArrayNode c = o.putArray("counts");
        counts.forEach((k, v) -> c.addObject().put("group", k).put("zero", v[0]).put("all", v[1]));
        ArrayNode l = o.putArray("lastEpoch");
        lastEpoch.forEach((k, v) -> l.addObject().put("group", k).put("dnr", StateCodec.dbl(v)));
        o.put("lastNetwork", StateCodec.dbl(lastNetwork));
        return o;
    }

    public void restoreState(JsonNode o) {
        counts.clear();
        for (JsonNode c : o.get("counts")) {
            counts.put(c.get("group").asText(), new long[] {c.get("zero").asLong(), c.get("all").asLong()});
        }
        Map<String, Double> l = new LinkedHashMap<>();
        for (JsonNode e : o.get("lastEpoch")) l.put(e.get("group").asText(), StateCodec.dbl(e.get("dnr")));
        lastEpoch = l;
        lastNetwork = StateCodec.dbl(o.get("lastNetwork"));
    }
}
