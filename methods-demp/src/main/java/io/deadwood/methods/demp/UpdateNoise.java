package io.deadwood.methods.demp;

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
 * <p>Parameters are held, not tensors: surgery swaps a parameter's tensors but keeps the object, so
 * the lists built once stay valid for the whole run.
 */
final class UpdateNoise {
    /** A parameter and the axis its rows lie on (-1: the parameter is one row). */
    private record Rows(Parameter parameter, int axis) {
        int count() { return axis < 0 ? 1 : parameter.value().dim(axis); }

        /** Values per row index along the axis: the product of the dimensions after it. */
        int inner() {
            if (axis < 0) return parameter.size();
            int[] s = parameter.value().shape();
            int n = 1;
            for (int d = axis + 1; d < s.length; d++) n *= s[d];
            return n;
        }
    }

    /** Rows that live or die together: one unit group's producers, or one loose parameter. */
    private record Unit(List<Rows> rows) {
        int count() { return rows.getFirst().count(); }
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
    void markLive() {
        live.clear();
        if (!liveOnly) return;
        for (Unit u : units) {
            boolean[] l = new boolean[u.count()];
            for (Rows r : u.rows()) {
                float[] g = r.parameter().grad().data();
                int n = r.count(), inner = r.inner();
                // Elements run as [outer][row][inner]; a row is live once any of its gradients is nonzero.
                for (int base = 0; base < g.length; base += n * inner) {
                    for (int row = 0; row < n; row++) {
                        if (l[row]) continue;
                        for (int i = base + row * inner, end = i + inner; i < end; i++) {
                            if (g[i] != 0f) {
                                l[row] = true;
                                break;
                            }
                        }
                    }
                }
            }
            live.add(l);
        }
    }

    /**
     * Adds sigma * N(0, 1) to every parameter of a live unit (every parameter when not live-only).
     * Returns the number of values perturbed.
     */
    long apply(double sigma, RandomGenerator rng) {
        if (sigma == 0) return 0;
        if (liveOnly && live.size() != units.size()) {
            throw new IllegalStateException("markLive must run after backward and before the noise");
        }
        long touched = 0;
        for (int k = 0; k < units.size(); k++) {
            Unit u = units.get(k);
            boolean[] l = liveOnly ? live.get(k) : null;
            for (Rows r : u.rows()) {
                float[] w = r.parameter().value().data();
                int n = r.count(), inner = r.inner();
                if (l != null && l.length != n) {
                    throw new IllegalStateException(r.parameter().name() + " changed width between backward and noise");
                }
                for (int base = 0; base < w.length; base += n * inner) {
                    for (int row = 0; row < n; row++) {
                        if (l != null && !l[row]) continue;
                        for (int i = base + row * inner, end = i + inner; i < end; i++) {
                            w[i] += (float) (sigma * rng.nextGaussian());
                        }
                        touched += inner;
                    }
                }
            }
        }
        return touched;
    }
}
