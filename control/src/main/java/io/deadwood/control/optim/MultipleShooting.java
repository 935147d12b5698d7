package io.deadwood.control.optim;

import io.deadwood.control.ControlProblem;
import io.deadwood.control.Integrator;
import io.deadwood.control.Rollout;
import org.hipparchus.CalculusFieldElement;
import org.hipparchus.util.MathArrays;

/**
 * Multiple shooting: a state and a control per interval (the control held over it) and the final
 * state; one integrator step carries each state over its interval, and the defect to the next
 * interval's state is an equality. The running cost is integrated with the state by the same step.
 * Works for discrete-time systems too, where the step is the system's own map.
 */
final class MultipleShooting extends BlockTranscription {
    MultipleShooting(ControlProblem p, Integrator integrator, int intervals) {
        super(p, integrator, intervals, 1, false, p.states());
    }

    @Override String rule() { return integrator.id(); }

    @Override
    <T extends CalculusFieldElement<T>> Block<T> block(T[] local, T t0, T h) {
        T[] x = slice(local, 0, n), u = slice(local, n, m), next = slice(local, n + m, n);
        Rollout.Step<T> step = Rollout.step(p, integrator, x, u, t0, h);
        T[] defect = MathArrays.buildArray(t0.getField(), n);
        for (int i = 0; i < n; i++) defect[i] = next[i].subtract(step.next()[i]);
        return new Block<>(defect, step.cost());
    }

    @Override
    Decoded decode(double[] z) {
        double[][] u = new double[intervals][];
        for (int k = 0; k < intervals; k++) u[k] = controlAt(z, k * stride);
        return new Decoded(times(), nodeStates(z), new ControlPlan(ControlPlan.Hold.CONSTANT, p.horizon(), u));
    }
}
