package io.deadwood.methods.demp;

import io.deadwood.api.backend.ComputeBackend;
import io.deadwood.api.backend.UnitAxis;
import io.deadwood.api.backend.UnitReduction;
import io.deadwood.api.model.Model;
import io.deadwood.api.nn.Parameter;
import io.deadwood.api.prune.UnitGraph;
import io.deadwood.api.prune.UnitGroup;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * Gaussian noise on the parameters after each update. With {@code liveOnly}, only the parameters of
 * live units are perturbed: a unit is live when any of its producer rows (weights, bias, BatchNorm
 * scale and shift) got a nonzero gradient this step. A dead unit's ReLU passes no gradient, so its
 * rows are exactly zero and noise would only keep it wandering instead of letting it be cut.
 * Parameters outside every unit group (the classifier) count per row of their own gradient.
 *
 * <p>Both the liveness test and the noise are backend ops: only the per-unit zero counts come to
 * the host, never a parameter. The sequential generator draws in the order the parameters were
 * always noised (unit, row tensor, then index), so a run's numbers do not depend on the backend op
 * that applies them.
 *
 * <p>Parameters are held, not tensors: surgery swaps a parameter's tensors but keeps the object, so
 * the lists built once stay valid for the whole run.
 */
final class UpdateNoise {
    /** A parameter and the axis its rows lie on (-1: the parameter is one row). */
    private record Rows(Parameter parameter, int axis) {
        /** The layout now (surgery may have narrowed the parameter since the last step). */
        UnitAxis layout() { return UnitAxis.of(parameter.value().shape(), axis, 1); }
    }

    /** Rows that live or die together: one unit group's producers, or one loose parameter. */
    private record Unit(List<Rows> rows) {
    }

    private final boolean liveOnly;
    private final List<Unit> units = new ArrayList<>();
    private final List<boolean[]> live = new ArrayList<>();

    UpdateNoise(Model model, boolean liveOnly) {
        this.liveOnly = liveOnly;
        Set<Parameter> grouped = Collections.newSetFromMap(new IdentityHashMap<>());
        for (UnitGroup g : UnitGraph.of(model).groups()) {
            List<Rows> rows = new ArrayList<>();
            for (UnitGroup.Slice s : g.producers()) {
                rows.add(new Rows(s.parameter(), s.axis()));
                grouped.add(s.parameter());
            }
            units.add(new Unit(rows));
        }
        for (Parameter p : model.parameters()) {
            if (!grouped.contains(p)) units.add(new Unit(List.of(new Rows(p, p.unitAxis()))));
        }
    }

    boolean liveOnly() { return liveOnly; }

    /** Reads which units are live from the gradients; call before any regulariser adds to them. */
    void markLive(ComputeBackend backend) {
        live.clear();
        if (!liveOnly) return;
        for (Unit u : units) {
            int count = u.rows().getFirst().layout().units();
            double[] zeros = new double[count];
            long entries = 0;
            for (Rows r : u.rows()) {
                UnitAxis axis = r.layout();
                backend.unitReduce(r.parameter().grad(), axis, UnitReduction.ZEROS, zeros);
                entries += (long) axis.outer(r.parameter().size()) * axis.span();
            }
            // A row is live once any of its gradients is nonzero: fewer zeros than entries.
            boolean[] l = new boolean[count];
            for (int row = 0; row < count; row++) l[row] = zeros[row] < entries;
            live.add(l);
        }
    }

    /**
     * Adds sigma * N(0, 1), drawn from {@code rng} in order, to every parameter of a live unit (every
     * parameter when not live-only). Returns the number of values perturbed.
     */
    long apply(double sigma, RandomGenerator rng, ComputeBackend backend) {
        return apply(sigma, backend, (r, axis, l) -> backend.addGaussianNoise(r.parameter().value(), axis, l, sigma, rng));
    }

    /**
     * The same, with counter-based noise: parameter k's entry i draws from (seed, stream step * 2^16 + k, i),
     * so the values do not depend on the order or the split of the work.
     */
    long applyCounter(double sigma, long seed, long step, ComputeBackend backend) {
        long[] k = {0};
        return apply(sigma, backend, (r, axis, l) -> backend.addCounterNoise(r.parameter().value(), axis, l, sigma, seed,
                (step << 16) + k[0]++));
    }

    private interface Draw {
        long on(Rows rows, UnitAxis axis, boolean[] live);
    }

    private long apply(double sigma, ComputeBackend backend, Draw draw) {
        if (sigma == 0) return 0;
        if (liveOnly && live.size() != units.size()) {
            throw new IllegalStateException("markLive must run after backward and before the noise");
        }
        long touched = 0;
        for (int k = 0; k < units.size(); k++) {
            boolean[] l = liveOnly ? live.get(k) : null;
            for (Rows r : units.get(k).rows()) {
                UnitAxis axis = r.layout();
                if (l != null && l.length != axis.units()) {
                    throw new IllegalStateException(r.parameter().name() + " changed width between backward and noise");
                }
                touched += draw.on(r, axis, l);
            }
        }
        return touched;
    }
}
