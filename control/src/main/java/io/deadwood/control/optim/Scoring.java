package io.deadwood.control.optim;

import io.deadwood.control.ControlProblem;
import io.deadwood.control.Integrator;
import io.deadwood.control.Rollout;
import org.hipparchus.util.Binary64;
import org.hipparchus.util.MathArrays;

/**
 * The cost a plan really achieves: its controls integrated through the true dynamics with RK4 at a
 * fine step, as Myriad scores plans, rather than the optimiser's own estimate on its coarse grid.
 */
public final class Scoring {
    /** Fine RK4 steps over the whole horizon (at least one per interval). */
    static final int FINE_STEPS = 4000;

    private Scoring() {
    }

    /** The states at the plan's interval ends and the objective. */
    public static Rollout.Result score(ControlProblem p, ControlPlan plan) {
        int n = plan.intervals();
        if (p.discreteTime()) {
            double[][] u = new double[n][];
            for (int k = 0; k < n; k++) u[k] = plan.at(k, k * p.horizon() / n);
            return Rollout.simulate(p, Integrator.RK4, u, 1);
        }
        // Steps never straddle an interval end, where a held control jumps.
        int sub = Math.max(1, (FINE_STEPS + n - 1) / n);
        double h = p.horizon() / n / sub;
        Binary64[] x = Rollout.field(p.initialState());
        Binary64 cost = Binary64.ZERO;
        double[][] states = new double[n + 1][];
        states[0] = p.initialState();
        int dim = x.length;
        for (int k = 0; k < n; k++) {
            final int interval = k;
            for (int s = 0; s < sub; s++) {
                Binary64[] aug = MathArrays.buildArray(Binary64.ZERO.getField(), dim + 1);
                System.arraycopy(x, 0, aug, 0, dim);
                aug[dim] = Binary64.ZERO;
                Binary64 t = new Binary64(p.horizon() * k / n + s * h);
                Binary64[] next = Integrator.RK4.step((y, time) -> {
                    Binary64[] state = MathArrays.buildArray(time.getField(), dim);
                    System.arraycopy(y, 0, state, 0, dim);
                    Binary64[] u = Rollout.field(plan.at(interval, time.getReal()));
                    Binary64[] dx = p.dynamics(state, u, time);
                    Binary64[] out = MathArrays.buildArray(time.getField(), dim + 1);
                    System.arraycopy(dx, 0, out, 0, dim);
                    out[dim] = p.cost(state, u, time);
                    return out;
                }, aug, t, new Binary64(h));
                System.arraycopy(next, 0, x, 0, dim);
                cost = cost.add(next[dim]);
            }
            states[k + 1] = Rollout.values(x);
        }
        cost = cost.add(p.terminalCost(x, new Binary64(p.horizon())));
        return new Rollout.Result(states, cost.getReal());
    }
}
