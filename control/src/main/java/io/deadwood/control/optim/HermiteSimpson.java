package io.deadwood.control.optim;

import io.deadwood.control.ControlProblem;
import io.deadwood.control.Integrator;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.MathArrays;

/**
 * Hermite-Simpson collocation in separated form: states and controls at the nodes and at each
 * interval's midpoint are all variables (so bounds hold at midpoints too), with two equalities per
 * interval: the midpoint state equals the Hermite interpolant, x_m = (x0 + x1)/2 + h/8 (f0 - f1), and
 * Simpson's rule carries the state, x1 - x0 = h/6 (f0 + 4 f_m + f1). The cost is by Simpson's rule and
 * the control is the quadratic through node, midpoint and node.
 */
final class HermiteSimpson extends BlockTranscription {
    HermiteSimpson(ControlProblem p, Integrator integrator, int intervals) {
        super(p, integrator, intervals, 2, true, 2 * p.states());
    }

    @Override String rule() { return "hermite-simpson"; }

    @Override
    <T extends CalculusFieldElement<T>> Block<T> block(T[] local, T t0, T h) {
        int pt = n + m;
        T[] x0 = slice(local, 0, n), u0 = slice(local, n, m);
        T[] xm = slice(local, pt, n), um = slice(local, pt + n, m);
        T[] x1 = slice(local, 2 * pt, n), u1 = slice(local, 2 * pt + n, m);
        T tm = t0.add(h.multiply(0.5)), t1 = t0.add(h);
        T[] f0 = p.dynamics(x0, u0, t0), fm = p.dynamics(xm, um, tm), f1 = p.dynamics(x1, u1, t1);
        T[] defect = MathArrays.buildArray(t0.getField(), 2 * n);
        T eighth = h.divide(8), sixth = h.divide(6);
        for (int i = 0; i < n; i++) {
            defect[i] = xm[i].subtract(x0[i].add(x1[i]).multiply(0.5)).subtract(eighth.multiply(f0[i].subtract(f1[i])));
            defect[n + i] = x1[i].subtract(x0[i]).subtract(sixth.multiply(f0[i].add(fm[i].multiply(4)).add(f1[i])));
        }
        T cost = sixth.multiply(p.cost(x0, u0, t0).add(p.cost(xm, um, tm).multiply(4)).add(p.cost(x1, u1, t1)));
        return new Block<>(defect, cost);
    }

    @Override
    Decoded decode(double[] z) {
        double[][] u = new double[2 * intervals + 1][];
        for (int j = 0; j <= 2 * intervals; j++) u[j] = controlAt(z, j * point);
        return new Decoded(times(), nodeStates(z), new ControlPlan(ControlPlan.Hold.QUADRATIC, p.horizon(), u));
    }
}
