package io.deadwood.methods.ap;

import io.deadwood.api.model.Model;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.prune.DnrMonitor;
import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.PruningSession;
import io.deadwood.api.prune.WeightRanking;
import io.deadwood.api.prune.WeightSnapshot;
import io.deadwood.api.prune.Statistic;
import io.deadwood.api.train.EpochMetrics;
import io.deadwood.api.train.StepContext;
import io.deadwood.api.train.TrainingContext;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.checkpoint.SavableRandom;
import io.deadwood.api.checkpoint.StateCodec;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One AP run around a base method's session. Every hook goes to the base first; at the end of each
 * cycle but the last, the base prunes, then AP masks its share among the negative weights that
 * moved least, then the survivors are rewound. AP watches the dynamic dead neuron rate itself,
 * since lowering it is what AP is for.
 */
final class ApSession implements PruningSession {
    private static final Logger LOG = LoggerFactory.getLogger(ApSession.class);

    private final ApConfig config;
    private final PruningContext context;
    private final String innerId;
    private final PruningSession inner;
    private final DnrMonitor dnr;
    private final SavableRandom reinitRandom;
    private final List<Map<String, Object>> perCycle = new ArrayList<>();
    private final List<Double> cycleDnr = new ArrayList<>();
    private WeightSnapshot start;
    private long prunable;

    ApSession(ApConfig config, PruningContext context, String innerId, PruningSession inner) {
        this.config = config;
        this.context = context;
        this.innerId = innerId;
        this.inner = inner;
        this.dnr = new DnrMonitor(context.model());
        this.reinitRandom = context.random("ap-reinit");
    }

    @Override
    public int cycles() { return inner.cycles(); }

    @Override
    public void onCycleStart(int cycle) {
        inner.onCycleStart(cycle);
        // After the base's hook: theta_0 is what training starts from.
        start = WeightSnapshot.of(context.model());
        cycleDnr.clear();
    }

    @Override
    public void onCycleEnd(int cycle) {
        Model model = context.model();
        List<Parameter> weights = WeightRanking.prunableWeights(model, config.includeClassifier());
        prunable = WeightRanking.total(weights);
        long maskedBefore = WeightRanking.masked(context.pruner(), weights);
        long baseRemoved = 0, apRemoved = 0;
        if (cycle < cycles() - 1) {
            // theta_T must be taken before the base prunes and perhaps rewinds.
            Map<Parameter, float[]> trained = new IdentityHashMap<>();
            for (Parameter p : weights) trained.put(p, p.value().data().clone());
            inner.onCycleEnd(cycle);
            weights = WeightRanking.prunableWeights(model, config.includeClassifier());
            long maskedAfterBase = WeightRanking.masked(context.pruner(), weights);
            baseRemoved = maskedAfterBase - maskedBefore;
            long count = Math.round(config.pAp() * (prunable - maskedBefore));
            apRemoved = ApWeights.maskNegativeLeastMoved(context.pruner(), weights, trained, start.parameters(), count);
            if (apRemoved < count) {
                LOG.warn("ap: cycle {}: only {} surviving negative weights for a share of {}", cycle, apRemoved, count);
            }
            rewind(cycle);
            prunable = WeightRanking.total(weights);
        } else {
            inner.onCycleEnd(cycle);
        }
        long masked = WeightRanking.masked(context.pruner(), WeightRanking.prunableWeights(model, config.includeClassifier()));
        double sparsity = prunable == 0 ? 0 : (double) masked / prunable;
        double lastDnr = cycleDnr.isEmpty() ? Double.NaN : cycleDnr.getLast();
        LOG.info("ap: cycle {}: DNR {}, base pruned {} and AP {} weights; weight sparsity {}", cycle,
                String.format("%.4f", lastDnr), baseRemoved, apRemoved, String.format("%.4f", sparsity));
        Map<String, Object> row = new LinkedHashMap<>();
        row.put("cycle", cycle);
        row.put("dnr", lastDnr);
        row.put("dnrByGroup", new LinkedHashMap<>(dnr.lastEpochByGroup()));
        row.put("dnrPerEpoch", List.copyOf(cycleDnr));
        row.put("baseRemoved", baseRemoved);
        row.put("apRemoved", apRemoved);
        row.put("remainingWeights", prunable - masked);
        row.put("weightSparsity", sparsity);
        perCycle.add(row);
    }

    private void rewind(int cycle) {
        Model model = context.model();
        int skipped = switch (config.rewind()) {
            case "cycle-start" -> start.restore(model, context.pruner().weightMasks());
            case "reinit" -> {
                model.initialize(reinitRandom.nextLong());
                context.pruner().weightMasks().zeroMaskedWeights();
                yield 0;
            }
            default -> 0;
        };
        // The restore writes the weights in place, which the model cannot see by itself.
        model.touch();
        if (skipped > 0) LOG.warn("ap: cycle {}: {} tensors changed shape during the cycle and were not rewound", cycle, skipped);
    }

    @Override
    public Set<Statistic> statistics() {
        Set<Statistic> s = EnumSet.of(Statistic.DNR);
        s.addAll(inner.statistics());
        return s;
    }

    @Override
    public boolean supportsCheckpoints() { return inner.supportsCheckpoints(); }

    /** AP's own state (cycle start, DNR monitor, rows, generator) around the base method's. */
    @Override
    public JsonNode saveState() {
        ObjectNode o = StateCodec.object();
        o.set("inner", inner.saveState());
        o.set("reinitRandom", StateCodec.random(reinitRandom));
        o.put("prunable", prunable);
        o.set("dnr", dnr.saveState());
        o.set("perCycle", StateCodec.JSON.valueToTree(perCycle));
        ObjectNode d = o.putObject("cycleDnr");
        d.set("values", StateCodec.JSON.valueToTree(cycleDnr.stream().map(StateCodec::dbl).toList()));
        if (start != null) o.set("start", start.toJson());
        return o;
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restoreState(JsonNode o) {
        inner.restoreState(o.get("inner"));
        StateCodec.random(reinitRandom, o.get("reinitRandom"));
        prunable = o.get("prunable").asLong();
        dnr.restoreState(o.get("dnr"));
        perCycle.clear();
        for (JsonNode r : o.get("perCycle")) perCycle.add((Map<String, Object>) StateCodec.plain(r));
        cycleDnr.clear();
        for (JsonNode v : o.get("cycleDnr").get("values")) cycleDnr.add(StateCodec.dbl(v));
        start = o.has("start") ? WeightSnapshot.fromJson(context.model(), o.get("start")) : null;
    }

    @Override
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("inner", innerId);
        s.put("prunableWeights", prunable);
        s.put("cycles", List.copyOf(perCycle));
        s.put("innerSummary", inner.summary());
        return s;
    }

    @Override
    public void onTrainingStart(TrainingContext run) {
        inner.onTrainingStart(run);
        dnr.onTrainingStart(run);
    }

    @Override
    public double extraLoss(StepContext step) { return inner.extraLoss(step); }

    @Override
    public void afterForward(StepContext step) { inner.afterForward(step); }

    @Override
    public void afterBackward(StepContext step) { inner.afterBackward(step); }

    @Override
    public void afterOptimizerStep(StepContext step) { inner.afterOptimizerStep(step); }

    @Override
    public int stepInterval() { return inner.stepInterval(); }

    @Override
    public void onInterval(StepContext step) { inner.onInterval(step); }

    @Override
    public void onEpochEnd(EpochMetrics metrics, TrainingContext run) {
        inner.onEpochEnd(metrics, run);
        dnr.onEpochEnd(metrics, run);
        cycleDnr.add(dnr.lastEpochNetwork());
    }

    @Override
    public void onTrainingEnd(TrainingContext run) {
        inner.onTrainingEnd(run);
        dnr.onTrainingEnd(run);
    }
}
