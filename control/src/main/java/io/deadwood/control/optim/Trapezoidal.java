package io.deadwood.control.optim;

import io.deadwood.control.ControlProblem;
import io.deadwood.control.Integrator;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.MathArrays;

/**
 * Trapezoidal collocation: states and controls at the N+1 nodes, the controls linear between them;
 * x[k+1] - x[k] = h/2 (f[k] + f[k+1]) as equalities, the cost by the trapezoidal rule.
 */
final class Trapezoidal extends BlockTranscription {
    Trapezoidal(ControlProblem p, Integrator integrator, int intervals) {
        super(p, integrator, intervals, 1, true, p.states());
    }

    @Override String rule() { return "trapezoidal"; }

    @Override
    <T extends CalculusFieldElement<T>> Block<T> block(T[] local, T t0, T h) {
        T[] x0 = slice(local, 0, n), u0 = slice(local, n, m), x1 = slice(local, n + m, n), u1 = slice(local, 2 * n + m, m);
        T t1 = t0.add(h);
        T[] f0 = p.dynamics(x0, u0, t0), f1 = p.dynamics(x1, u1, t1);
        T[] defect = MathArrays.buildArray(t0.getField(), n);
        T half = h.multiply(0.5);
        for (int i = 0; i < n; i++) defect[i] = x1[i].subtract(x0[i]).subtract(half.multiply(f0[i].add(f1[i])));
        return new Block<>(defect, half.multiply(p.cost(x0, u0, t0).add(p.cost(x1, u1, t1))));
    }

    @Override
    Decoded decode(double[] z) {
        double[][] u = new double[intervals + 1][];
        for (int k = 0; k <= intervals; k++) u[k] = controlAt(z, k * stride);
        return new Decoded(times(), nodeStates(z), new ControlPlan(ControlPlan.Hold.LINEAR, p.horizon(), u));
    }
}
