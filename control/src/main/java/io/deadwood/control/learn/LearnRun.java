package io.deadwood.control.learn;

import com.fasterxml.jackson.databind.JsonNode;
import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.prune.PruningMethod;
import io.deadwood.api.prune.PruningMethods;
import io.deadwood.api.prune.SparsityTarget;
import io.deadwood.control.Bounds;
import io.deadwood.control.ControlProblem;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One system's study: plan on the true model (the reference), sample data, then for each variant
 * (dense, a pruning method, a method pruned to another variant's neuron sparsity) fit a dynamics
 * model, plan on it and score the plan on the true dynamics. Every variant sees the same data and
 * seed, so their cost gaps differ only by what the method did.
 */
public final class LearnRun {

    /**
     * @param label   how the tables name it
     * @param method  null for dense
     * @param config  the method's settings (null: its defaults)
     * @param matchOf a label whose neuron sparsity this variant is pruned to, or null
     */
    public record Variant(String label, PruningMethod<?> method, JsonNode config, String matchOf, boolean endToEnd) {
        public Variant(String label, PruningMethod<?> method, JsonNode config, String matchOf) {
            this(label, method, config, matchOf, false);
        }

        public static Variant dense() { return new Variant("dense", null, null, null); }

        /** The dense model trained end to end through the planner, on the same budget ({@link EndToEnd}). */
        public static Variant throughPlanner() { return new Variant("end-to-end", null, null, null, true); }
    }

    /** One variant's outcome: errors in the model's units, units and parameters, the plan on the true dynamics. */
    public record Row(String label, String method, JsonNode config, double oneStepError, double rolloutError, long unitsBefore,
                      long unitsAfter, long paramsBefore, long paramsAfter, double neuronSparsity, double finalDnr,
                      double trainSeconds, Planning.Scored plan, double costGap, EndToEnd.Report endToEnd, String failure) {
    }

    public record Result(String system, Planning.Scored reference, double[] controlLow, double[] controlHigh, List<Row> rows,
                         DynamicsData data) {
    }

    public interface Listener {
        void variantDone(String system, Row row);
    }

    private LearnRun() {
    }

    public static Result run(ControlProblem p, LearnConfig c, Planning planning, List<Variant> variants, ComputeBackend backend,
                             Listener listener) {
        Planning.Scored reference = planning.plan(p, p);
        double[][] range = controlRange(p, reference);
        DynamicsData data = DynamicsData.sample(p, c, range[0], range[1]);
        Map<String, Row> done = new LinkedHashMap<>();
        List<Row> rows = new ArrayList<>();
        for (Variant v : variants) {
            Row row;
            try {
                JsonNode config = v.config();
                if (v.matchOf() != null) {
                    Row target = done.get(v.matchOf());
                    if (target == null || target.failure() != null) throw new IllegalStateException("variant " + v.matchOf() + " did not finish");
                    config = targeted(v.method(), config, target.neuronSparsity());
                }
                SystemIdentification.Fit fit = v.endToEnd()
                        ? SystemIdentification.fitEndToEnd(p, data, c, backend, planning, EndToEnd.Settings.DEFAULT)
                        : SystemIdentification.fit(p, data, c, backend, v.method(), config);
                LearnedProblem learned = SystemIdentification.learned(p, fit.model(), data.scaling());
                Planning.Scored plan = planning.plan(learned, p);
                var epochs = fit.report().epochs();
                double dnr = epochs.isEmpty() ? Double.NaN : epochs.getLast().dnr();
                row = new Row(v.label(), v.endToEnd() ? "end-to-end" : v.method() == null ? "dense" : v.method().id(), config, fit.oneStepError(),
                        fit.rolloutError(), fit.unitsBefore(), fit.unitsAfter(), fit.paramsBefore(), fit.paramsAfter(),
                        fit.neuronSparsity(), dnr, fit.trainSeconds(), plan, Planning.gap(plan.cost(), reference.cost()), fit.endToEnd(),
                        null);
            } catch (RuntimeException e) {
                // One variant failing (a diverged fit, a method that cannot run here) is a row, not a stop.
                row = new Row(v.label(), v.method() == null ? "dense" : v.method().id(), v.config(), Double.NaN, Double.NaN, 0, 0, 0,
                        0, Double.NaN, Double.NaN, 0, null, Double.NaN, null, String.valueOf(e.getMessage()));
            }
            done.put(v.label(), row);
            rows.add(row);
            if (listener != null) listener.variantDone(p.id(), row);
        }
        return new Result(p.id(), reference, range[0], range[1], rows, data);
    }

    /**
     * Where the sampled controls range: the bounds where they are finite; elsewhere the reference plan's
     * range widened by half its width on each side (at least +-1 around it).
     */
    static double[][] controlRange(ControlProblem p, Planning.Scored reference) {
        int m = p.controls();
        Bounds b = p.controlBounds();
        double[] lo = new double[m], hi = new double[m];
        double[][] points = reference.controls().points();
        for (int j = 0; j < m; j++) {
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY;
            for (double[] u : points) {
                min = Math.min(min, u[j]);
                max = Math.max(max, u[j]);
            }
            double pad = Math.max((max - min) / 2, 1);
            lo[j] = Double.isFinite(b.lower()[j]) ? b.lower()[j] : min - pad;
            hi[j] = Double.isFinite(b.upper()[j]) ? b.upper()[j] : max + pad;
        }
        return new double[][] {lo, hi};
    }

    private static <C extends Record> JsonNode targeted(PruningMethod<C> method, JsonNode config, double sparsity) {
        C base = PruningMethods.readConfig(method, config);
        C aimed = method.withSparsityTarget(base, SparsityTarget.neurons(Math.min(sparsity, 0.99)))
                .orElseThrow(() -> new IllegalArgumentException("method " + method.id() + " cannot aim at a neuron sparsity"));
        return PruningMethods.toJson(aimed);
    }
}
