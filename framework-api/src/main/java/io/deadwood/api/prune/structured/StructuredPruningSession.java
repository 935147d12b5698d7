package io.deadwood.api.prune.structured;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.checkpoint.StateCodec;
import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.PruningSession;
import io.deadwood.api.prune.UnitGraph;
import io.deadwood.api.prune.UnitGroup;
import io.deadwood.api.train.StepContext;
import io.deadwood.api.train.TrainingContext;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The schedule and selection the structured baselines share; a method only says how it scores
 * units (low scores go first). Cuts are physical ({@code Pruner.removeUnits}) and training goes on
 * after each event, so the last event is followed by fine-tuning at the narrowed width.
 *
 * <p>Targets are cumulative fractions of the units the run started with, so rounding in one event
 * is made up in the next instead of accumulating.
 */
public abstract class StructuredPruningSession implements PruningSession {
    private static final Logger LOG = LoggerFactory.getLogger(StructuredPruningSession.class);

    protected final PruningContext context;
    protected final PruneSchedule schedule;
    private final String methodId;
    private final Map<String, Integer> originalSizes = new LinkedHashMap<>();
    private final Map<String, Integer> removed = new LinkedHashMap<>();
    private final List<Map<String, Object>> events = new ArrayList<>();
    private long[] eventSteps;
    private int nextEvent;
    private long originalUnits;

    protected StructuredPruningSession(String methodId, PruneSchedule schedule, PruningContext context) {
        this.methodId = methodId;
        this.schedule = schedule;
        this.context = context;
    }

    /**
     * One score per unit of {@code group} as it stands now; the lowest go first. With
     * {@code global} true the scores are ranked against other groups' and must share their scale.
     */
    protected abstract double[] scores(UnitGroup group, boolean global);

    @Override
    public void onTrainingStart(TrainingContext run) {
        if (originalSizes.isEmpty()) {
            for (UnitGroup g : context.pruner().graph().groups()) {
                originalSizes.put(g.name(), g.size());
                removed.put(g.name(), 0);
                originalUnits += g.size();
            }
        }
        eventSteps = schedule.eventSteps(run.totalSteps());
    }

    @Override
    public void afterOptimizerStep(StepContext step) {
        int due = nextEvent;
        while (due < eventSteps.length && eventSteps[due] <= step.step()) due++;
        if (due > nextEvent) {
            nextEvent = due;
            prune(schedule.sparsityAfter(due - 1), step.step());
        }
    }

    @Override
    public void onTrainingEnd(TrainingContext run) {
        if (eventSteps != null && nextEvent < eventSteps.length) {
            // Only a run shorter than announced gets here; prune anyway so the target holds.
            LOG.warn("{}: {} prune event(s) had not run by the end of training; pruning now, without fine-tuning",
                    methodId, eventSteps.length - nextEvent);
            nextEvent = eventSteps.length;
            prune(schedule.targetSparsity(), context.pruner().step());
        }
    }

    /** Whether every prune event has run (slimming stops its regulariser then and fine-tunes). */
    protected boolean pruningDone() {
        return eventSteps != null && nextEvent >= eventSteps.length;
    }

    /**
     * Removes units until {@code fraction} of the original units are gone (one recorded event). A
     * method that re-scores between partial cuts within one event overrides this and calls it once
     * per round with rising fractions.
     */
    protected void prune(double fraction, long step) {
        List<UnitGroup> groups = context.pruner().graph().groups();
        Map<String, int[]> chosen = schedule.global() ? chooseGlobal(groups, fraction) : chooseByLayer(groups, fraction);
        int cut = 0;
        for (Map.Entry<String, int[]> e : chosen.entrySet()) {
            int n = context.pruner().removeUnits(e.getKey(), e.getValue(), methodId);
            removed.merge(e.getKey(), n, Integer::sum);
            cut += n;
        }
        long total = removedTotal();
        double reached = originalUnits == 0 ? 0 : (double) total / originalUnits;
        Map<String, Object> event = new LinkedHashMap<>();
        event.put("step", step);
        event.put("unitsRemoved", cut);
        event.put("neuronSparsity", reached);
        events.add(event);
        LOG.info("{}: step {} removed {} units ({} of {}, neuron sparsity {})", methodId, step, cut, total,
                originalUnits, String.format("%.4f", reached));
        if (schedule.global() && Math.round(fraction * originalUnits) > total) {
            LOG.warn("{}: target sparsity {} not reached ({}): every group is down to minUnitsPerGroup = {}",
                    methodId, fraction, reached, schedule.minUnitsPerGroup());
        }
    }

    private record Candidate(double score, int group, int unit) {
    }

    private Map<String, int[]> chooseGlobal(List<UnitGroup> groups, double fraction) {
        long want = Math.round(fraction * originalUnits) - removedTotal();
        List<Candidate> all = new ArrayList<>();
        int[] room = new int[groups.size()];
        for (int gi = 0; gi < groups.size(); gi++) {
            UnitGroup g = groups.get(gi);
            room[gi] = Math.max(0, g.size() - schedule.minUnitsPerGroup());
            double[] s = scores(g, true);
            for (int u = 0; u < s.length; u++) all.add(new Candidate(s[u], gi, u));
        }
        all.sort(Comparator.comparingDouble(Candidate::score).thenComparingInt(Candidate::group)
                .thenComparingInt(Candidate::unit));
        List<List<Integer>> picks = new ArrayList<>();
        for (int gi = 0; gi < groups.size(); gi++) picks.add(new ArrayList<>());
        long taken = 0;
        for (Candidate c : all) {
            if (taken >= want) break;
            if (room[c.group()] == 0) continue;
            room[c.group()]--;
            picks.get(c.group()).add(c.unit());
            taken++;
        }
        Map<String, int[]> out = new LinkedHashMap<>();
        for (int gi = 0; gi < groups.size(); gi++) {
            if (!picks.get(gi).isEmpty()) {
                out.put(groups.get(gi).name(), picks.get(gi).stream().mapToInt(Integer::intValue).toArray());
            }
        }
        return out;
    }

    private Map<String, int[]> chooseByLayer(List<UnitGroup> groups, double fraction) {
        Map<String, int[]> out = new LinkedHashMap<>();
        for (UnitGroup g : groups) {
            int original = originalSizes.getOrDefault(g.name(), g.size());
            long want = Math.round(fraction * original) - removed.getOrDefault(g.name(), 0);
            int n = (int) Math.min(Math.max(0, want), Math.max(0, g.size() - schedule.minUnitsPerGroup()));
            if (n == 0) continue;
            out.put(g.name(), lowest(scores(g, false), n));
        }
        return out;
    }

    /** Indices of the n lowest scores, ties to the lower index. */
    static int[] lowest(double[] scores, int n) {
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        Arrays.sort(idx, Comparator.comparingDouble((Integer i) -> scores[i]).thenComparingInt(i -> i));
        int[] out = new int[n];
        for (int i = 0; i < n; i++) out[i] = idx[i];
        return out;
    }

    /** Prunable units the run started with (0 before training starts). */
    protected long originalUnits() {
        return originalUnits;
    }

    /** Units removed so far, over all groups. */
    protected long removedTotal() {
        return removed.values().stream().mapToLong(Integer::longValue).sum();
    }

    @Override
    public boolean supportsCheckpoints() { return true; }

    /** Original and removed units per group, the events so far and the next event's index. */
    @Override
    public JsonNode saveState() {
        ObjectNode o = StateCodec.object();
        o.put("nextEvent", nextEvent);
        o.put("originalUnits", originalUnits);
        ArrayNode groups = o.putArray("groups");
        originalSizes.forEach((g, n) -> groups.addObject().put("group", g).put("original", n)
                .put("removed", removed.getOrDefault(g, 0)));
        o.set("events", StateCodec.JSON.valueToTree(events));
        o.set("extra", saveExtra());
        return o;
    }

    @Override
    public void restoreState(JsonNode o) {
        nextEvent = o.get("nextEvent").asInt();
        originalUnits = o.get("originalUnits").asLong();
        originalSizes.clear();
        removed.clear();
        for (JsonNode g : o.get("groups")) {
            originalSizes.put(g.get("group").asText(), g.get("original").asInt());
            removed.put(g.get("group").asText(), g.get("removed").asInt());
        }
        events.clear();
        for (JsonNode e : o.get("events")) {
            Map<String, Object> event = new LinkedHashMap<>();
            event.put("step", e.get("step").asLong());
            event.put("unitsRemoved", e.get("unitsRemoved").asInt());
            event.put("neuronSparsity", e.get("neuronSparsity").asDouble());
            events.add(event);
        }
        restoreExtra(o.get("extra"));
    }

    /** A subclass's own state (a generator, reference norms); saved with the shared state. */
    protected JsonNode saveExtra() { return StateCodec.object(); }

    protected void restoreExtra(JsonNode extra) {
    }

    /** Units removed per group, the sparsity reached and every event's step. */
    @Override
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>();
        s.put("targetSparsity", schedule.targetSparsity());
        s.put("scope", schedule.scope());
        s.put("originalUnits", originalUnits);
        s.put("unitsRemoved", removedTotal());
        s.put("neuronSparsity", originalUnits == 0 ? 0.0 : (double) removedTotal() / originalUnits);
        s.put("unitsRemovedByGroup", new LinkedHashMap<>(removed));
        s.put("events", List.copyOf(events));
        return s;
    }
}
