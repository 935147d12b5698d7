package io.deadwood.examples.taylor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.deadwood.api.checkpoint.StateCodec;
import io.deadwood.api.prune.PruningContext;
import io.deadwood.api.prune.UnitGroup;
import io.deadwood.api.prune.saliency.GateGradients;
import io.deadwood.api.prune.saliency.ProbePasses;
import io.deadwood.api.prune.structured.StructuredPruningSession;
import io.deadwood.api.train.StepContext;
import io.deadwood.api.train.TrainingContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One run of {@code taylor}. The schedule, the ranking and the cuts are the structured base
 * class's; this session only gathers the importances it ranks by. They are read from the training
 * step's own gradients in {@link #afterBackward}, so scoring costs no extra forward or backward pass.
 */
public final class TaylorSession extends StructuredPruningSession {
    private static final Logger LOG = LoggerFactory.getLogger(TaylorSession.class);

    private final int batches;
    /** Per group, the sum over the batches seen of (dL/dc)^2 per unit; cleared after every event. */
    private final Map<String, double[]> sums = new LinkedHashMap<>();
    private int seen;
    private final List<Integer> averaged = new ArrayList<>();
    private long[] eventSteps = new long[0];

    TaylorSession(TaylorConfig config, PruningContext context) {
        super(TaylorMethod.ID, config.schedule(), context);
        this.batches = config.batches();
    }

    @Override
    public void onTrainingStart(TrainingContext run) {
        super.onTrainingStart(run);
        // Derived from the config and the run's length, so a resumed run recomputes it instead of saving it.
        eventSteps = schedule.eventSteps(run.totalSteps());
    }

    /**
     * The trainer has just written this step's gradients and no other listener has touched them yet
     * (the session listens first; the pruner zeroes masked gradients after it).
     */
    @Override
    public void afterBackward(StepContext step) {
        if (inWindow(step.step())) accumulate();
    }

    /** Whether step {@code s} is one of the last {@code batches} steps up to the next prune event. */
    boolean inWindow(long s) {
        for (long e : eventSteps) {
            // An event at step e runs after step e's optimiser step, so step e's gradients still count for it.
            if (e >= s) return e - s < batches;
        }
        return false;
    }

    private void accumulate() {
        // Groups are read afresh: the previous event's cuts made the old ones stale.
        for (UnitGroup g : context.pruner().graph().groups()) {
            double[] gate = GateGradients.of(g);
            double[] acc = sums.computeIfAbsent(g.name(), k -> new double[gate.length]);
            if (acc.length != gate.length) {
                throw new IllegalStateException("taylor: group " + g.name() + " changed size from " + acc.length
                        + " to " + gate.length + " while importances were gathered");
            }
            for (int u = 0; u < gate.length; u++) acc[u] += gate[u] * gate[u];
        }
        seen++;
    }

    @Override
    protected void prune(double fraction, long step) {
        if (seen == 0) gatherOnProbe();
        averaged.add(seen);
        try {
            super.prune(fraction, step);
        } finally {
            // The cut units are gone and the rest renumbered: old sums describe no unit of the new network.
            sums.clear();
            seen = 0;
        }
    }

    /**
     * Only the base class's catch-up at the end of a run shorter than announced prunes with no
     * batch seen; the gradients then come from passes over the probe slice instead.
     */
    private void gatherOnProbe() {
        if (context.statistics() == null || context.backend() == null) {
            throw new IllegalStateException("taylor: no training gradients were gathered before this prune event "
                    + "and the context has no probe slice to take them from");
        }
        LOG.warn("taylor: no training batch was seen before this prune event; scoring on {} probe batch(es)", batches);
        new ProbePasses(context.model(), context.backend(), context.statistics().probeData(), batches)
                .run(this::accumulate);
    }

    @Override
    protected double[] scores(UnitGroup group, boolean global) {
        double[] acc = sums.get(group.name());
        if (acc == null || acc.length != group.size()) {
            throw new IllegalStateException("taylor: no importances for group " + group.name() + " of "
                    + group.size() + " units");
        }
        double[] mean = new double[acc.length];
        for (int u = 0; u < acc.length; u++) mean[u] = acc[u] / seen;
        return mean;
    }

    /** The mean importance per unit of every group over the batches gathered so far (empty between windows). */
    public Map<String, double[]> importance() {
        Map<String, double[]> out = new LinkedHashMap<>();
        sums.forEach((g, acc) -> {
            double[] mean = new double[acc.length];
            for (int u = 0; u < acc.length; u++) mean[u] = acc[u] / seen;
            out.put(g, mean);
        });
        return out;
    }

    /** The base class's figures plus how many batches each event's importances were averaged over. */
    @Override
    public Map<String, Object> summary() {
        Map<String, Object> s = new LinkedHashMap<>(super.summary());
        s.put("batchesAveraged", List.copyOf(averaged));
        return s;
    }

    /**
     * A checkpoint may fall inside a window: the partial sums (as exact bits) and their count go with
     * it, or the resumed run would rank on fewer batches than the uninterrupted one.
     */
    @Override
    protected JsonNode saveExtra() {
        ObjectNode o = StateCodec.object();
        o.put("seen", seen);
        ObjectNode s = o.putObject("sums");
        sums.forEach((g, acc) -> {
            ArrayNode a = s.putArray(g);
            for (double v : acc) a.add(StateCodec.dbl(v));
        });
        ArrayNode a = o.putArray("batchesAveraged");
        averaged.forEach(a::add);
        return o;
    }

    @Override
    protected void restoreExtra(JsonNode o) {
        seen = o.get("seen").asInt();
        sums.clear();
        for (var it = o.get("sums").properties().iterator(); it.hasNext(); ) {
            var e = it.next();
            double[] acc = new double[e.getValue().size()];
            for (int u = 0; u < acc.length; u++) acc[u] = StateCodec.dbl(e.getValue().get(u));
            sums.put(e.getKey(), acc);
        }
        averaged.clear();
        for (JsonNode n : o.get("batchesAveraged")) averaged.add(n.asInt());
    }
}
