package io.deadwood.methods.magnitude;

import io.deadwood.api.prune.WeightRanking;
import io.deadwood.api.prune.WeightSnapshot;

import io.deadwood.api.model.Model;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.PruningSession;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.checkpoint.SavableRandom;
import io.deadwood.api.checkpoint.StateCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** One run of global magnitude pruning: prune after every cycle but the last, then rewind. */
final class MagnitudeSession implements PruningSession {
    private static final Logger LOG = LoggerFactory.getLogger(MagnitudeSession.class);

    private final MagnitudeConfig config;
    private final PruningContext context;
    private final SavableRandom reinitRandom;
    private final List<Map<String, Object>> perCycle = new ArrayList<>();
    private WeightSnapshot init;
    private WeightSnapshot cycleStart;
    private long prunable;

    MagnitudeSession(MagnitudeConfig config, PruningContext context) {
        this.config = config;
        this.context = context;
        this.reinitRandom = context.random("magnitude-reinit");
    }

    @Override
    public int cycles() { return config.pruneRounds() + 1; }

    @Override
    public void onCycleStart(int cycle) {
        // Only the snapshot the rewind needs is kept: on a large model each one is a full copy.
        switch (config.rewind()) {
            case "init" -> { if (init == null) init = WeightSnapshot.of(context.model()); }
            case "cycle-start" -> cycleStart = WeightSnapshot.of(context.model());
            default -> { }
        }
    }

    @Override
    public void onCycleEnd(int cycle) {
        List<Parameter> weights = WeightRanking.prunableWeights(context.model(), config.includeClassifier());
        prunable = WeightRanking.total(weights);
        long maskedBefore = WeightRanking.masked(context.pruner(), weights);
        long pruned = 0;
        if (cycle < cycles() - 1) {
            long remaining = prunable - maskedBefore;
            long count = config.oneShot()
                    ? Math.max(0, Math.round(config.targetSparsity() * prunable) - maskedBefore)
                    : Math.round(config.rate() * remaining);
            pruned = WeightRanking.pruneLowest(context.pruner(), weights, count, WeightRanking.MAGNITUDE);
            rewind(cycle);
        }
        long masked = maskedBefore + pruned;
        double sparsity = prunable == 0 ? 0 : (double) masked / prunable;
        if (pruned > 0) {
            LOG.info("magnitude: cycle {} pruned {} weights; {} of {} prunable weights left (sparsity {})",
                    cycle, pruned, prunable - masked, prunable, String.format("%.4f", sparsity));
        }
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("cycle", cycle);
        row.put("prunedWeights", pruned);
        row.put("remainingWeights", prunable - masked);
        row.put("weightSparsity", sparsity);
        perCycle.add(row);
    }

    private void rewind(int cycle) {
        Model model = context.model();
        int skipped = switch (config.rewind()) {
            case "cycle-start" -> cycleStart.restore(model, context.pruner().weightMasks());
            case "init" -> init.restore(model, context.pruner().weightMasks());
            case "reinit" -> {
                model.initialize(reinitRandom.nextLong());
                context.pruner().weightMasks().zeroMaskedWeights();
                yield 0;
            }
            default -> 0;
        };
        // The restore writes the weights in place, which the model cannot see by itself.
        model.touch();
        if (skipped > 0) {
            LOG.warn("magnitude: cycle {}: {} tensors changed shape since the snapshot and were not rewound", cycle, skipped);
        }
    }

    @Override
    public boolean supportsCheckpoints() { return true; }

    /** The rewind points, the per-cycle rows, the prunable count and the re-initialisation generator. */
    @Override
    public JsonNode saveState() {
        ObjectNode o = StateCodec.object();
        o.set("reinitRandom", StateCodec.random(reinitRandom));
        o.put("prunable", prunable);
        o.set("perCycle", StateCodec.JSON.valueToTree(perCycle));
        if (init != null) o.set("init", init.toJson());
        if (cycleStart != null) o.set("cycleStart", cycleStart.toJson());
        return o;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restoreState(JsonNode o) {
        StateCodec.random(reinitRandom, o.get("reinitRandom"));
        prunable = o.get("prunable").asLong();
        perCycle.clear();
        for (JsonNode r : o.get("perCycle")) perCycle.add((Map<String, Object>) StateCodec.plain(r));
        init = o.has("init") ? WeightSnapshot.fromJson(context.model(), o.get("init")) : null;
        cycleStart = o.has("cycleStart") ? WeightSnapshot.fromJson(context.model(), o.get("cycleStart")) : null;
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("prunableWeights", prunable);
        s.put("cycles", List.copyOf(perCycle));
        return s;
    }
}
