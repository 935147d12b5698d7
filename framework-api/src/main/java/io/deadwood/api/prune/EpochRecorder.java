package io.deadwood.api.prune;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.checkpoint.StateCodec;
import io.deadwood.api.model.Model;
import io.deadwood.api.train.EpochMetrics;
import io.deadwood.api.train.RunClock;
import io.deadwood.api.train.StepContext;
import io.deadwood.api.train.TrainingContext;
import io.deadwood.api.train.TrainingListener;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's metrics: training FLOPs per step, and a record of what each epoch left of the network.
 * It listens last, so an epoch's record sees the other listeners' work (the DNR, that epoch's cuts).
 */
final class EpochRecorder implements TrainingListener {
    private final Model model;
    private final DnrMonitor dnr;
    private final RunClock clock;
    private final long originalWeights;
    private final List<PrunedTraining.EpochRecord> records = new ArrayList<>();
    private long flops;

    EpochRecorder(Model model, DnrMonitor dnr, RunClock clock) {
        this.model = model;
        this.dnr = dnr;
        this.clock = clock;
        this.originalWeights = PrunedTraining.kernelWeights(model, false);
    }

    List<PrunedTraining.EpochRecord> records() { return List.copyOf(records); }

    long trainingFlops() { return flops; }

    @Override
    public void afterForward(StepContext step) {
        // Counted at the width this step runs with, before any cut the step's hooks make.
        flops += 3L * model.forwardFlops() * step.batch().size();
    }

    @Override
    public void onEpochEnd(EpochMetrics metrics, TrainingContext run) {
        Map<String, Integer> units = new LinkedHashMap<>();
        for (UnitGroup g : UnitGraph.of(model).groups()) units.put(g.name(), g.size());
        // Epochs are numbered over the whole run, across cycles.
        int epoch = records.isEmpty() ? 1 : records.getLast().epoch() + 1;
        records.add(new PrunedTraining.EpochRecord(clock.cycle(), epoch, metrics, dnr.lastEpochNetwork(),
                1.0 - (double) PrunedTraining.kernelWeights(model, true) / originalWeights, dnr.lastEpochByGroup(),
                units, flops));
    }

    ObjectNode saveState() {
        ObjectNode o = StateCodec.object();
        o.put("flops", flops);
        ArrayNode a = o.putArray("records");
        for (PrunedTraining.EpochRecord r : records) {
            ObjectNode e = a.addObject();
            e.put("cycle", r.cycle());
            e.put("epoch", r.epoch());
            e.set("metrics", RunCheckpoint.metrics(r.metrics()));
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
        records.clear();
        for (JsonNode e : o.get("records")) {
            Map<String, Double> d = new LinkedHashMap<>();
            e.get("dnrByGroup").properties().forEach(x -> d.put(x.getKey(), StateCodec.dbl(x.getValue())));
            Map<String, Integer> u = new LinkedHashMap<>();
            e.get("unitsByGroup").properties().forEach(x -> u.put(x.getKey(), x.getValue().asInt()));
            records.add(new PrunedTraining.EpochRecord(e.get("cycle").asInt(), e.get("epoch").asInt(),
                    RunCheckpoint.metrics(e.get("metrics")), StateCodec.dbl(e.get("dnr")),
                    StateCodec.dbl(e.get("weightSparsity")), d, u, e.get("trainingFlops").asLong()));
        }
    }
}
